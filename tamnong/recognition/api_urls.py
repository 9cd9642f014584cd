"""The recognition API, under /api/v1/."""

from django.urls import path

from tamnong.recognition import apis

urlpatterns = [
    path("recognition/dossiers", apis.DossierListApi.as_view(), name="api-recognition-dossiers"),
    path("recognition/dossiers/<int:pk>", apis.DossierDetailApi.as_view(), name="api-recognition-dossier"),
    path(
        "recognition/dossiers/<int:pk>/transitions",
        apis.DossierTransitionApi.as_view(),
        name="api-recognition-transition",
    ),
    path("recognition/register", apis.RegisterApi.as_view(), name="api-recognition-register"),
]
