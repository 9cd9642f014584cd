from django.urls import path

from tamnong.recognition import register_views, views

urlpatterns = [
    path("", views.dossier_list_page, name="recognition-home"),
    path("dossiers/<int:pk>/", views.dossier_page, name="recognition-dossier"),
    path("dossiers/<int:pk>/history.<str:fmt>", views.history_export, name="recognition-history-export"),
    path("register/<str:scheme>/<str:code>/", views.register_page, name="recognition-register"),
    path("notices/", views.notices_page, name="recognition-notices"),
    path("decisions/", register_views.decisions_page, name="recognition-decisions"),
    path("decisions/export.<str:fmt>", register_views.decisions_export, name="recognition-decisions-export"),
    path("decisions/new/", register_views.decision_new, name="recognition-decision-new"),
    path("decisions/communes/", register_views.communes_suggest, name="recognition-communes-suggest"),
    path("decisions/import/", register_views.decisions_import, name="recognition-decisions-import"),
    path(
        "decisions/import/template.xlsx",
        register_views.decisions_import_template,
        name="recognition-decisions-template",
    ),
]
