from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NtmConfig(AppConfig):
    name = "tamnong.ntm"
    verbose_name = _("New Rural Development")
