from django.urls import path

from tamnong.recognition import apis

urlpatterns = [
    path("dossiers", apis.DossierListApi.as_view(), name="api-recognition-dossiers"),
    path("dossiers/<int:pk>", apis.DossierDetailApi.as_view(), name="api-recognition-dossier"),
    path("dossiers/<int:pk>/transitions", apis.DossierTransitionApi.as_view(), name="api-recognition-transition"),
    path("register", apis.RegisterApi.as_view(), name="api-recognition-register"),
]
