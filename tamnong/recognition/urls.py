from django.urls import path

from tamnong.recognition import views

urlpatterns = [
    path("", views.dossier_list_page, name="recognition-home"),
    path("dossiers/<int:pk>/", views.dossier_page, name="recognition-dossier"),
    path("dossiers/<int:pk>/history.<str:fmt>", views.history_export, name="recognition-history-export"),
    path("register/<str:scheme>/<str:code>/", views.register_page, name="recognition-register"),
    path("notices/", views.notices_page, name="recognition-notices"),
]
