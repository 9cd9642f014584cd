"""The units API, under /api/v1/."""

from django.urls import path

from tamnong.places import apis

urlpatterns = [
    path("units", apis.UnitListApi.as_view(), name="api-unit-list"),
    path("units/<str:scheme>/<str:code>", apis.UnitDetailApi.as_view(), name="api-unit-detail"),
]
