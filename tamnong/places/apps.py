from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "tamnong.places"
    verbose_name = _("Administrative units")
