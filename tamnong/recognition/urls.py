"""Recognition pages: dossiers, the register, decisions."""

from django.urls import path

from tamnong.recognition import register_views, views

urlpatterns = [
    path("recognition/", views.dossier_list_page, name="recognition-home"),
    path("recognition/dossiers/<int:pk>/", views.dossier_page, name="recognition-dossier"),
    path("recognition/dossiers/<int:pk>/history.<str:fmt>", views.history_export, name="recognition-history-export"),
    path("recognition/register/<str:scheme>/<str:code>/", views.register_page, name="recognition-register"),
    path("recognition/notices/", views.notices_page, name="recognition-notices"),
    path("recognition/decisions/", register_views.decisions_page, name="recognition-decisions"),
    path(
        "recognition/decisions/export.<str:fmt>", register_views.decisions_export, name="recognition-decisions-export"
    ),
    path("recognition/decisions/new/", register_views.decision_new, name="recognition-decision-new"),
    path("recognition/decisions/communes/", register_views.communes_suggest, name="recognition-communes-suggest"),
    path("recognition/decisions/import/", register_views.decisions_import, name="recognition-decisions-import"),
    path(
        "recognition/decisions/import/template.xlsx",
        register_views.decisions_import_template,
        name="recognition-decisions-template",
    ),
]
