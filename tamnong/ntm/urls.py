"""NTM pages: the dashboard, data entry and imports."""

from django.urls import path

from tamnong.ntm import dashboard_views, entry_views, import_views

urlpatterns = [
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
