"""OCOP pages."""

from django.urls import path

from tamnong.ocop import views

urlpatterns = [
    path("ocop/", views.ocop_home, name="ocop-home"),
    path("ocop/producer/", views.producer_home, name="ocop-producer"),
    path("ocop/registrations/", views.registrations, name="ocop-registrations"),
    path("ocop/queue/", views.reevaluation_queue, name="ocop-queue"),
    path("ocop/moderation/", views.moderation, name="ocop-moderation"),
    path("ocop/import/", views.products_import_page, name="ocop-import"),
    path("ocop/import/template.xlsx", views.products_import_template, name="ocop-import-template"),
    path("ocop/entries/<int:pk>/", views.entry_score, name="ocop-entry-score"),
    path("ocop/certificates/<int:pk>.pdf", views.certificate_download, name="ocop-certificate-pdf"),
    path("ocop/<str:scheme>/<str:code>/", views.unit_page, name="ocop-unit"),
    path("ocop/<str:scheme>/<str:code>/products.xlsx", views.unit_xlsx, name="ocop-unit-xlsx"),
]
