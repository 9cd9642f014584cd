from django.urls import path

from tamnong.accounts import unit_groups_views as views

urlpatterns = [
    path("", views.coverage_page, name="unit-groups"),
    path("figure", views.coverage_figure, name="unit-groups-figure"),
    path("areas-template.xlsx", views.area_list_template, name="unit-groups-areas-template"),
    path("proposals/<int:pk>/", views.proposal_page, name="unit-groups-proposal"),
    path("<str:attribute>/<str:scheme>/<str:code>/", views.province_page, name="unit-groups-province"),
    path("<str:attribute>/<str:scheme>/<str:code>/groups.xlsx", views.rows_download, name="unit-groups-xlsx"),
    path("<str:attribute>/<str:scheme>/<str:code>/upload", views.rows_upload, name="unit-groups-upload"),
    path("<str:attribute>/<str:scheme>/<str:code>/areas", views.area_list_upload, name="unit-groups-areas"),
]
