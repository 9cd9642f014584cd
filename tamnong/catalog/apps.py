from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "tamnong.catalog"
    verbose_name = _("OCOP catalog")

    def ready(self):
        from tamnong.catalog import signals  # noqa: F401  (connects the receivers)
