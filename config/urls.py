"""The project URLconf: each app's pages (`urls.py`) and API (`api_urls.py`, under /api/v1/), nothing else.

Every path and its name live in the app that serves it; tests/core/test_urls.py keeps it so.
"""

from django.contrib import admin
from django.urls import include, path

APPS = (
    "core",
    "accounts",
    "places",
    "criteria",
    "ntm",
    "ocop",
    "trace",
    "orders",
    "catalog",
    "resources",
    "recognition",
    "reports",
)
APPS_WITH_API = ("places", "criteria", "ntm", "ocop", "trace", "orders", "catalog", "resources", "recognition")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    *(path("", include(f"tamnong.{app}.urls")) for app in APPS),
    *(path("api/v1/", include(f"tamnong.{app}.api_urls")) for app in APPS_WITH_API),
    path("admin/", admin.site.urls),
]
