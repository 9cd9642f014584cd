from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OcopConfig(AppConfig):
    name = "tamnong.ocop"
    verbose_name = _("OCOP")

    def ready(self):
        from tamnong.accounts import files, history
        from tamnong.ocop.models import ProducerChange
        from tamnong.rules import ocop as rules

        # The pre-check items a registration's history records, by their names.
        history.register_values({i.code: (history.lower_first(i.name_vi), i.name_en) for i in rules.precheck_items_all()})

        # A photo waiting for an office: the producer's logins and the offices of its commune.
        files.register("ocop-change", ProducerChange, "photo", unit=lambda c: c.producer.commune,
                       also=lambda c, actor: c.producer.members.filter(pk=actor.pk).exists(),
                       related=["producer__commune"])  # fmt: skip
