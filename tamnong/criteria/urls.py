from django.urls import path

from tamnong.criteria import authoring_views, views

urlpatterns = [
    path("", views.criteria_browser, name="criteria-browser"),
    path("versions/", authoring_views.version_list, name="criteria-versions"),
    path("versions/<int:pk>/", authoring_views.version_detail, name="criteria-version"),
    path("versions/<int:pk>/thresholds.xlsx", authoring_views.version_xlsx, name="criteria-version-xlsx"),
    path("versions/<int:pk>/yaml.zip", authoring_views.version_yaml, name="criteria-version-yaml"),
    path("versions/<int:pk>/<str:action>", authoring_views.version_action, name="criteria-version-action"),
]
