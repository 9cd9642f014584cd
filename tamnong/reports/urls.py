"""Printable reports."""

from django.urls import path

from tamnong.reports import views

urlpatterns = [
    path("reports/ntm/<str:scheme>/<str:code>/", views.ntm_report, name="report-ntm"),
]
