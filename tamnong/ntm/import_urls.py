from django.urls import path

from tamnong.ntm import import_views

urlpatterns = [
    path("", import_views.import_start, name="ntm-import"),
    path("template/<str:fmt>/", import_views.import_template, name="ntm-import-template"),
    path("jobs/<int:pk>/", import_views.import_job, name="ntm-import-job"),
    path("jobs/<int:pk>/apply/", import_views.import_job_apply, name="ntm-import-job-apply"),
]
