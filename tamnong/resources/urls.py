"""Resources and works pages."""

from django.urls import path

from tamnong.resources import views

urlpatterns = [
    path("resources/works/new/", views.work_new, name="resources-work-new"),
    path("resources/works/<int:pk>/", views.work_page, name="resources-work"),
    path("resources/works/<int:pk>/edit/", views.work_edit, name="resources-work-edit"),
    path("resources/contributions/new/", views.contribution_new, name="resources-contribution-new"),
    path("resources/contributions/<int:pk>/delete/", views.contribution_delete, name="resources-contribution-delete"),
    path("resources/import/", views.works_import_page, name="resources-import"),
    path("resources/import/template.xlsx", views.works_import_template, name="resources-import-template"),
    path("resources/<str:scheme>/<str:code>/", views.unit_page, name="resources-unit"),
    path("resources/<str:scheme>/<str:code>/panel/", views.panel, name="resources-panel"),
    path("resources/<str:scheme>/<str:code>/works.xlsx", views.unit_xlsx, name="resources-xlsx"),
    path("resources/<str:scheme>/<str:code>/by-criterion/", views.commune_works, name="resources-commune-works"),
    path("resources/<str:scheme>/<str:code>/criteria/<str:number>/", views.criterion_page, name="resources-criterion"),
]
