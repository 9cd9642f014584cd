"""NTM pages: the criteria browser and versions, the dashboard, data entry and imports."""

from django.urls import path

from tamnong.ntm import authoring_views, dashboard_views, entry_views, import_views, views

urlpatterns = [
    path("criteria/", views.criteria_browser, name="criteria-browser"),
    path("criteria/versions/", authoring_views.version_list, name="criteria-versions"),
    path("criteria/versions/<int:pk>/", authoring_views.version_detail, name="criteria-version"),
    path("criteria/versions/<int:pk>/thresholds.xlsx", authoring_views.version_xlsx, name="criteria-version-xlsx"),
    path("criteria/versions/<int:pk>/yaml.zip", authoring_views.version_yaml, name="criteria-version-yaml"),
    path("criteria/versions/<int:pk>/<str:action>", authoring_views.version_action, name="criteria-version-action"),
    path("ntm/", dashboard_views.ntm_home, name="ntm-home"),
    path("ntm/import/", import_views.import_start, name="ntm-import"),
    path("ntm/import/template/<str:fmt>/", import_views.import_template, name="ntm-import-template"),
    path("ntm/import/jobs/<int:pk>/", import_views.import_job, name="ntm-import-job"),
    path("ntm/import/jobs/<int:pk>/apply/", import_views.import_job_apply, name="ntm-import-job-apply"),
    path("ntm/<str:scheme>/<str:code>/", dashboard_views.ntm_unit, name="ntm-unit"),
    path("ntm/<str:scheme>/<str:code>/entry/", entry_views.entry, name="ntm-entry"),
    path("ntm/<str:scheme>/<str:code>/boundaries.geojson", dashboard_views.boundaries, name="ntm-boundaries"),
    path("ntm/<str:scheme>/<str:code>/entry/preview", entry_views.entry_preview, name="ntm-entry-preview"),
]
