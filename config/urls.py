from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from tamnong.accounts import files as accounts_files
from tamnong.accounts import views as accounts_views
from tamnong.catalog import apis as catalog_apis
from tamnong.catalog import views as catalog_views
from tamnong.core import files as core_files
from tamnong.core import views as core_views
from tamnong.core.jobs import views as job_views
from tamnong.ntm import apis as ntm_apis
from tamnong.ntm import dashboard_views, entry_views
from tamnong.ocop import apis as ocop_apis
from tamnong.ocop import views as ocop_views
from tamnong.places import apis as places_apis
from tamnong.places import views as places_views
from tamnong.trace import apis as trace_apis
from tamnong.trace import views as trace_views

api_v1 = [
    path("units", places_apis.UnitListApi.as_view(), name="api-unit-list"),
    path("units/<str:scheme>/<str:code>", places_apis.UnitDetailApi.as_view(), name="api-unit-detail"),
    path("evaluate", ntm_apis.EvaluateApi.as_view(), name="api-evaluate"),
    path("ntm/summary", ntm_apis.NtmSummaryApi.as_view(), name="api-ntm-summary"),
    path("ocop/summary", ocop_apis.OcopSummaryApi.as_view(), name="api-ocop-summary"),
    path("ocop/producers", ocop_apis.ProducerListApi.as_view()),
    path("ocop/products", ocop_apis.ProductListApi.as_view()),
    path("ocop/producers/<int:pk>", ocop_apis.ProducerDetailApi.as_view()),
    path("ocop/producers/<int:pk>/publish-contact", ocop_apis.ProducerPublishContactApi.as_view()),
    path("ocop/rounds", ocop_apis.RoundListApi.as_view()),
    path("ocop/rounds/<int:pk>", ocop_apis.RoundDetailApi.as_view()),
    path("ocop/registrations", ocop_apis.RegistrationListApi.as_view()),
    path("ocop/registrations/<int:pk>/withdraw", ocop_apis.RegistrationWithdrawApi.as_view()),
    path("ocop/registrations/<int:pk>/precheck", ocop_apis.RegistrationPrecheckApi.as_view()),
    path("ocop/certificates/<int:pk>/revoke", ocop_apis.CertificateRevokeApi.as_view()),
    path("ocop/entries/<int:pk>/scores", ocop_apis.EntryScoreApi.as_view()),
    path("ocop/entries/<int:pk>/certificate", ocop_apis.EntryCertificateApi.as_view()),
    path("trace/lots", trace_apis.LotListApi.as_view(), name="api-trace-lots"),
    path("trace/lots/<int:pk>", trace_apis.LotDetailApi.as_view(), name="api-trace-lot"),
    path("trace/lots/<int:pk>/epcis", trace_apis.LotEpcisApi.as_view(), name="api-trace-lot-epcis"),
    path("trace/lots/<int:pk>/events", trace_apis.LotEventsApi.as_view()),
    path("trace/lots/<int:pk>/stamps", trace_apis.LotStampsApi.as_view()),
    path("trace/lots/<int:pk>/stamps/void", trace_apis.LotStampsVoidApi.as_view()),
    path("trace/events/<int:pk>/void", trace_apis.EventVoidApi.as_view()),
    path("trace/epcis", trace_apis.EpcisCaptureApi.as_view(), name="api-trace-epcis"),
    path("catalog/products", catalog_apis.CatalogProductsApi.as_view(), name="api-catalog-products"),
    path("ntm/self-assessments", ntm_apis.SelfAssessmentListApi.as_view(), name="api-ntm-self-assessments"),
]

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("imports/<int:pk>/", job_views.background_import_page, name="background-import"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("units/", places_views.unit_browser, name="unit-browser"),
    path("units/<str:scheme>/<str:code>/", places_views.unit_detail, name="unit-detail"),
    path("criteria/", include("tamnong.criteria.urls")),
    path("ntm/", dashboard_views.ntm_home, name="ntm-home"),
    path("ocop/", ocop_views.ocop_home, name="ocop-home"),
    path("ocop/producer/", ocop_views.producer_home, name="ocop-producer"),
    path("ocop/registrations/", ocop_views.registrations, name="ocop-registrations"),
    path("ocop/queue/", ocop_views.reevaluation_queue, name="ocop-queue"),
    path("ocop/moderation/", ocop_views.moderation, name="ocop-moderation"),
    path("ocop/import/", ocop_views.products_import_page, name="ocop-import"),
    path("ocop/import/template.xlsx", ocop_views.products_import_template, name="ocop-import-template"),
    path("ocop/entries/<int:pk>/", ocop_views.entry_score, name="ocop-entry-score"),
    path("ocop/certificates/<int:pk>.pdf", ocop_views.certificate_download, name="ocop-certificate-pdf"),
    path("ocop/<str:scheme>/<str:code>/", ocop_views.unit_page, name="ocop-unit"),
    path("ocop/<str:scheme>/<str:code>/products.xlsx", ocop_views.unit_xlsx, name="ocop-unit-xlsx"),
    path("orders/", include("tamnong.orders.urls")),
    path("resources/", include("tamnong.resources.urls")),
    path("recognition/", include("tamnong.recognition.urls")),
    path("catalog/", catalog_views.catalog, name="catalog"),
    path("catalog/<int:pk>/", catalog_views.product, name="catalog-product-id"),
    path("catalog/<int:pk>-<slug:slug>/", catalog_views.product, name="catalog-product"),
    path("catalog/producers/<int:pk>/", catalog_views.storefront, name="catalog-producer"),
    path("catalog/feed.<str:fmt>", catalog_views.feed, name="catalog-feed"),
    path("catalog/dataset.<str:fmt>", catalog_views.dataset, name="catalog-dataset"),
    path("catalog/open-data/", catalog_views.open_data, name="catalog-open-data"),
    path("sitemap.xml", sitemap, {"sitemaps": catalog_views.SITEMAPS}, name="sitemap"),
    path("trace/", trace_views.lots, name="trace-lots"),
    path("trace/lots/<int:pk>/", trace_views.lot_page, name="trace-lot"),
    path("trace/lots/<int:pk>/stamps.pdf", trace_views.stamps_pdf, name="trace-stamps-pdf"),
    path("trace/stamps/<str:serial>.<str:kind>", trace_views.stamp_image, name="trace-stamp-image"),
    path("trace/scans/", trace_views.scans, name="trace-scans"),
    re_path(r"^(?:01|p)/.+$", trace_views.resolver, name="trace-resolver"),
    path("places/vn-<str:scheme>/<str:code>", trace_views.place, name="trace-place"),
    path("ntm/import/", include("tamnong.ntm.import_urls")),
    path("ntm/<str:scheme>/<str:code>/", dashboard_views.ntm_unit, name="ntm-unit"),
    path("ntm/<str:scheme>/<str:code>/entry/", entry_views.entry, name="ntm-entry"),
    path("ntm/<str:scheme>/<str:code>/boundaries.geojson", dashboard_views.boundaries, name="ntm-boundaries"),
    path("ntm/<str:scheme>/<str:code>/entry/preview", entry_views.entry_preview, name="ntm-entry-preview"),
    path("groups/", include("tamnong.accounts.unit_groups_urls")),
    path("accounts/", include("tamnong.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("reports/", include("tamnong.reports.urls")),
    path("api/v1/orders/", include("tamnong.orders.api_urls")),
    path("api/v1/resources/", include("tamnong.resources.api_urls")),
    path("api/v1/recognition/", include("tamnong.recognition.api_urls")),
    path("api/v1/criteria/", include("tamnong.criteria.api_urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", core_views.api_docs, name="api-docs"),
    # The admin logs in through the site's login (django-axes, the second factor).
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="admin-login"),
    path("admin/", admin.site.urls),
]
# Private files only through their record's check; public photos from the public store (in production
# the reverse proxy serves MEDIA_ROOT at /media/ before Django sees the request, README "Deploy").
urlpatterns += [
    path("files/<slug:kind>/<int:pk>/", accounts_files.private_file, name="private-file"),
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", core_files.public_media, name="public-media"),
]
