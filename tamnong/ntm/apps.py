from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NtmConfig(AppConfig):
    name = "tamnong.ntm"
    verbose_name = _("New Rural Development")

    def ready(self):
        from tamnong.accounts import files, history
        from tamnong.ntm.models import CriterionAssessment, ImportJob, IndicatorValue

        def criteria_version_words(event, lang):  # a criteria version's events, in words (imported when told)
            from tamnong.ntm.authoring import audit_phrasing

            return audit_phrasing(event, lang)

        history.register("criteria.version.", criteria_version_words)
        history.register("criteria_version_", criteria_version_words)  # the events recorded before the authority table

        # Evidence: for the readers of the commune. An import's workbook: its uploader's (as the import is).
        files.register("ntm-evidence", IndicatorValue, "evidence", unit=lambda v: v.self_assessment.commune,
                       related=["self_assessment__commune"])  # fmt: skip
        files.register("ntm-assessment", CriterionAssessment, "evidence_file",
                       unit=lambda a: a.self_assessment.commune, related=["self_assessment__commune"])  # fmt: skip
        files.register("ntm-import", ImportJob, "file", also=lambda job, actor: job.actor_id == actor.pk,
                       filename=lambda job: job.filename)  # fmt: skip
