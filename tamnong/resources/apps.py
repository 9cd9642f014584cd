from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "tamnong.resources"
    verbose_name = _("Resources and works")

    def ready(self):
        from tamnong.accounts import files
        from tamnong.resources.models import WorkPhoto

        # Photos of works are evidence of the works (kept as taken): for the readers of the commune.
        files.register("works-photo", WorkPhoto, "image", unit=lambda p: p.work.commune, related=["work__commune"])
