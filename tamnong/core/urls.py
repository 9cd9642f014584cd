"""The site's own pages: health, background imports, the API schema and docs, public photos."""

from django.conf import settings
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from tamnong.core import files, views
from tamnong.core.jobs import views as job_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("imports/<int:pk>/", job_views.background_import_page, name="background-import"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", views.api_docs, name="api-docs"),
    # Public photos from the public store (in production the reverse proxy serves MEDIA_ROOT at /media/
    # before Django sees the request, README "Deploy").
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", files.public_media, name="public-media"),
]
