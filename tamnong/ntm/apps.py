from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NtmConfig(AppConfig):
    name = "tamnong.ntm"
    verbose_name = _("New Rural Development")

    def ready(self):
        from tamnong.accounts import files
        from tamnong.ntm.models import CriterionAssessment, ImportJob, IndicatorValue

        # A commune group (or region) approved: the evaluations stored with another one are re-evaluated,
        # by the system acting for the approval, in the approval's transaction.
        from tamnong.places import groups

        groups.proposal_approved.connect(_place_approved, dispatch_uid="ntm-reevaluate-on-group-approval")

        # The criteria (below ntm) read the communes' latest data and re-evaluate them through this.
        from tamnong.criteria import communes
        from tamnong.ntm import selectors, services

        communes.register(latest=selectors.communes_latest_data, re_evaluate=services.evaluation_re_evaluate)

        # Evidence: for the readers of the commune. An import's workbook: its uploader's (as the import is).
        files.register("ntm-evidence", IndicatorValue, "evidence", unit=lambda v: v.self_assessment.commune,
                       related=["self_assessment__commune"])  # fmt: skip
        files.register("ntm-assessment", CriterionAssessment, "evidence_file",
                       unit=lambda a: a.self_assessment.commune, related=["self_assessment__commune"])  # fmt: skip
        files.register("ntm-import", ImportJob, "file", also=lambda job, actor: job.actor_id == actor.pk,
                       filename=lambda job: job.filename)  # fmt: skip


def _place_approved(sender, proposal, **kwargs):
    from tamnong.core.actors import SYSTEM
    from tamnong.ntm import selectors, services

    affected = selectors.self_assessments_evaluated_otherwise(proposal)
    if affected:
        services.evaluations_place_refresh(proposal=proposal, self_assessments=affected, actor=SYSTEM)
