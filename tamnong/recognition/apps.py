from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "tamnong.recognition"
    verbose_name = _("Recognition of NTM communes")
