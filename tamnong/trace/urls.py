"""Traceability pages, the stamps, and the GS1 Digital Link resolver."""

from django.urls import path, re_path

from tamnong.trace import views

urlpatterns = [
    path("trace/", views.lots, name="trace-lots"),
    path("trace/lots/<int:pk>/", views.lot_page, name="trace-lot"),
    path("trace/lots/<int:pk>/stamps.pdf", views.stamps_pdf, name="trace-stamps-pdf"),
    path("trace/stamps/<str:serial>.<str:kind>", views.stamp_image, name="trace-stamp-image"),
    path("trace/scans/", views.scans, name="trace-scans"),
    re_path(r"^(?:01|p)/.+$", views.resolver, name="trace-resolver"),
    path("places/vn-<str:scheme>/<str:code>", views.place, name="trace-place"),
]
