"""Criteria pages: the criteria browser and the criteria versions."""

from django.urls import path

from tamnong.criteria import authoring_views, views

urlpatterns = [
    path("criteria/", views.criteria_browser, name="criteria-browser"),
    path("criteria/versions/", authoring_views.version_list, name="criteria-versions"),
    path("criteria/versions/<int:pk>/", authoring_views.version_detail, name="criteria-version"),
    path("criteria/versions/<int:pk>/thresholds.xlsx", authoring_views.version_xlsx, name="criteria-version-xlsx"),
    path("criteria/versions/<int:pk>/yaml.zip", authoring_views.version_yaml, name="criteria-version-yaml"),
    path("criteria/versions/<int:pk>/<str:action>", authoring_views.version_action, name="criteria-version-action"),
]
