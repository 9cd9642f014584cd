"""Accounts pages: home, sign-in, tokens, audit, unit groups and private files."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from tamnong.accounts import audit_views, carryover_views, files, unit_groups_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/login/code/", views.login_code, name="login-code"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/second-factor/", views.second_factor_page, name="second-factor"),
    path("accounts/tokens/", views.api_tokens, name="api-tokens"),
    path("accounts/carry-over/", carryover_views.carry_over, name="roles-carry-over"),
    path("accounts/audit/", audit_views.audit_log_page, name="audit-log"),
    path("accounts/audit/events.csv", audit_views.audit_log_csv, name="audit-log-csv"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("groups/", unit_groups_views.coverage_page, name="unit-groups"),
    path("groups/figure", unit_groups_views.coverage_figure, name="unit-groups-figure"),
    path("groups/areas-template.xlsx", unit_groups_views.area_list_template, name="unit-groups-areas-template"),
    path("groups/proposals/<int:pk>/", unit_groups_views.proposal_page, name="unit-groups-proposal"),
    path(
        "groups/<str:attribute>/<str:scheme>/<str:code>/", unit_groups_views.province_page, name="unit-groups-province"
    ),
    path(
        "groups/<str:attribute>/<str:scheme>/<str:code>/groups.xlsx",
        unit_groups_views.rows_download,
        name="unit-groups-xlsx",
    ),
    path(
        "groups/<str:attribute>/<str:scheme>/<str:code>/upload",
        unit_groups_views.rows_upload,
        name="unit-groups-upload",
    ),
    path(
        "groups/<str:attribute>/<str:scheme>/<str:code>/areas",
        unit_groups_views.area_list_upload,
        name="unit-groups-areas",
    ),
    # Private files only through their record's check.
    path("files/<slug:kind>/<int:pk>/", files.private_file, name="private-file"),
    # The admin logs in through the site's login (django-axes, the second factor).
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="admin-login"),
]
