"""Resources and works pages, under /resources/ (config/urls.py)."""

from django.urls import path

from tamnong.resources import views

urlpatterns = [
    path("works/new/", views.work_new, name="resources-work-new"),
    path("works/<int:pk>/", views.work_page, name="resources-work"),
    path("works/<int:pk>/edit/", views.work_edit, name="resources-work-edit"),
    path("contributions/new/", views.contribution_new, name="resources-contribution-new"),
    path("contributions/<int:pk>/delete/", views.contribution_delete, name="resources-contribution-delete"),
    path("import/", views.works_import_page, name="resources-import"),
    path("import/template.xlsx", views.works_import_template, name="resources-import-template"),
    path("<str:scheme>/<str:code>/", views.unit_page, name="resources-unit"),
    path("<str:scheme>/<str:code>/panel/", views.panel, name="resources-panel"),
    path("<str:scheme>/<str:code>/works.xlsx", views.unit_xlsx, name="resources-xlsx"),
    path("<str:scheme>/<str:code>/by-criterion/", views.commune_works, name="resources-commune-works"),
    path("<str:scheme>/<str:code>/criteria/<str:number>/", views.criterion_page, name="resources-criterion"),
]
