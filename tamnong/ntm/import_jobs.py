"""The NTM commune data imports as jobs (ntm.ImportJob, run inline or by the worker through
tamnong.core.jobs, with their progress), who may start them, and their report as the job page shows it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from tamnong import rules
from tamnong.accounts import authority
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.imports import Problem, Progress
from tamnong.core.jobs import services as jobs
from tamnong.core.models import AuditEvent
from tamnong.criteria.editions import edition_get
from tamnong.ntm import imports
from tamnong.ntm.imports import MET_WORDS, YES_NO, Area, Country, import_lang, import_report
from tamnong.ntm.models import ImportJob, ImportStatus
from tamnong.places.models import AdminUnit

# --------------------------------------------------------------------------- jobs


def import_job_create(
    *, actor, unit: AdminUnit, edition_id: str, on: dt.date, filename: str, content: bytes, dry_run: bool = True
) -> ImportJob:
    """Record an upload; `import_job_run` (inline, or in a worker) checks and saves it."""
    import_permission_check(actor=actor, unit=unit, on=on)
    edition = edition_get(edition_id)
    job = ImportJob(actor=actor, unit=unit, edition_id=edition.id, on=on, filename=filename[:255], dry_run=dry_run)
    job.file.save(filename, ContentFile(content), save=False)
    job.save()
    return job


def import_job_apply(*, job: ImportJob, actor) -> ImportJob:
    """Save a checked dry run for real: a new job with the same file."""
    import_permission_check(actor=actor, unit=job.unit, on=job.on)
    if not job.dry_run or job.status != ImportStatus.DONE or not (job.report or {}).get("ok"):
        raise DomainError(_("Only a finished dry run without errors can be applied."), field="job")
    return ImportJob.objects.create(
        actor=actor, unit=job.unit, edition_id=job.edition_id, on=job.on, file=job.file.name,
        filename=job.filename, dry_run=False,
    )  # fmt: skip


def job_failure(job: ImportJob, reason: tuple[str, str]) -> dict:
    """The report of a job that failed before checking its file (a crash, no worker), naming the reason."""
    failure = import_report(job.dry_run)
    failure.add(Problem(None, "", "", "", *reason))
    return failure.as_dict()


def import_job_run(*, job_id: int, progress: Progress | None = None) -> ImportJob:
    """Run a queued job: check the file, save it unless it is a dry run, keep the report."""

    def work(job: ImportJob, step: Progress) -> dict:
        def both(pct: int) -> None:
            step(pct)
            if progress is not None:
                progress(pct)

        with job.file.open("rb") as f:
            content = f.read()
        return imports.import_run(
            content=content, unit=job.unit, edition_id=job.edition_id, on=job.on, actor=job.actor,
            dry_run=job.dry_run, progress=both,
        ).as_dict()  # fmt: skip

    before = ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
    job = jobs.job_run(ImportJob, job_id, work=work, failure=job_failure)
    job = ImportJob.objects.select_related("actor", "unit").get(pk=job.pk)
    if before == ImportStatus.QUEUED and not job.dry_run and job.status == ImportStatus.DONE:
        AuditEvent.objects.create(
            actor=job.actor, action="ntm_import", target_type=ImportJob._meta.label_lower, target_id=str(job.pk),
            after={"unit": job.unit.key, "edition": job.edition_id, "on": job.on.isoformat(), "saved": job.report["saved"]},
        )  # fmt: skip
    return job


def import_job_progress(job: ImportJob) -> int:
    """How far a job is, in percent, as the worker last said."""
    return jobs.job_progress(job)


IMPORT = "ntm.values.import"


def import_permission_check(*, actor, unit: Area, on: dt.date | None = None) -> authority.Grant:
    """The grant to import the values of the date `on` for the unit (the whole country: the national
    level), as the table decides it on that date (no date chosen yet: the unit's records date), or
    the refusal naming the action, the unit and the reason. Each commune of the file is checked
    again (`ntm.values.write` on it, dated as the values)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError(_("Log in to import data."), field="unit")
    acted_on = None if isinstance(unit, Country) else unit
    return authority.authorize(actor, IMPORT, unit=acted_on, on=on or authority.records_on(acted_on))


def import_job_get(*, pk: int, actor) -> ImportJob:
    """A job its uploader (or an administrator) may see."""
    job = ImportJob.objects.select_related("unit__parent__parent", "actor").filter(pk=pk).first()
    if job is None or actor is None or not actor.is_authenticated:
        raise NotFoundError(_("There is no import number %(pk)s."), {"pk": pk}, field="job")
    if job.actor_id != actor.pk and not actor.is_superuser:
        raise PermissionDeniedError(_("This import belongs to someone else."), field="job")
    return jobs.job_seen(job, failure=job_failure)


def import_job_list(*, actor, limit: int = 10) -> list[ImportJob]:
    if actor is None or not actor.is_authenticated:
        return []
    return list(ImportJob.objects.filter(actor=actor).select_related("unit")[:limit])


# --------------------------------------------------------------------------- display


def _shown(value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        word = MET_WORDS[lang][0 if value["met"] else 1]
        return f"{word} — {value['evidence']}"
    if isinstance(value, bool):
        return YES_NO[lang][0 if value else 1]
    return rules.format_number(value, lang)


def report_display(report: dict | None, lang: str | None = None) -> dict | None:
    """The report with reasons, headers and values in the reader's language."""
    if report is None:
        return None
    lang = import_lang(lang)
    errors = [
        {
            "row": e["row"] or "",
            "column": e["column"],
            "header": e["header"],
            "value": e["value"],
            "reason": e["reason_en"] if lang == "en" else e["reason_vi"],
        }
        for e in report["errors"]
    ]
    communes = []
    for c in report["communes"]:
        changes = [
            {
                "header": ch["header_en"] if lang == "en" else ch["header_vi"],
                "old": _shown(ch["old"], lang),
                "new": _shown(ch["new"], lang),
            }
            for ch in c["changes"]
        ]
        from_on = dt.date.fromisoformat(c["from_on"]).strftime("%d/%m/%Y") if c.get("from_on") else ""
        communes.append({**c, "changes": changes, "from_on_text": from_on})
    return {**report, "errors": errors, "communes": communes}
