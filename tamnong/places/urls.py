"""The unit browser."""

from django.urls import path

from tamnong.places import views

urlpatterns = [
    path("units/", views.unit_browser, name="unit-browser"),
    path("units/<str:scheme>/<str:code>/", views.unit_detail, name="unit-detail"),
]
