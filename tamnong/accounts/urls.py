from django.contrib.auth import views as auth_views
from django.urls import path

from tamnong.accounts import audit_views, carryover_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login-code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("second-factor/", views.second_factor_page, name="second-factor"),
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("carry-over/", carryover_views.carry_over, name="roles-carry-over"),
    path("audit/", audit_views.audit_log_page, name="audit-log"),
    path("audit/events.csv", audit_views.audit_log_csv, name="audit-log-csv"),
]
