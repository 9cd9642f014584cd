from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "tamnong.criteria"
    verbose_name = _("Criteria sets")

    def ready(self):
        from tamnong.accounts import history

        def criteria_version_words(event, lang):  # a criteria version's events, in words (imported when told)
            from tamnong.criteria.authoring import audit_phrasing

            return audit_phrasing(event, lang)

        history.register("criteria.version.", criteria_version_words)
        history.register("criteria_version_", criteria_version_words)  # the events recorded before the authority table
