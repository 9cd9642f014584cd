from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy


class JobStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("import job", "queued")
    RUNNING = "running", pgettext_lazy("import job", "running")
    DONE = "done", pgettext_lazy("import job", "done")
    FAILED = "failed", pgettext_lazy("import job", "failed")


class BackgroundImport(models.Model):
    """One upload of a list (OCOP products, works) too large to check inside the request: a worker
    checks it and saves it all or nothing, and keeps the report (core.imports.ImportReport)."""

    kind = models.CharField(pgettext_lazy("import job", "kind"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("import job", "uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_key = models.CharField(pgettext_lazy("import job", "unit"), max_length=32)
    file = models.FileField(pgettext_lazy("import job", "uploaded file"), upload_to="imports/%Y/")
    filename = models.CharField(pgettext_lazy("import job", "file name"), max_length=255)
    dry_run = models.BooleanField(pgettext_lazy("import job", "dry run"), default=True)
    status = models.CharField(
        pgettext_lazy("import job", "status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(pgettext_lazy("import job", "progress (%)"), default=0)
    report = models.JSONField(pgettext_lazy("import job", "report"), null=True, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("import job", "created at"), auto_now_add=True)
    finished_at = models.DateTimeField(pgettext_lazy("import job", "finished at"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("import job", "background import")
        verbose_name_plural = pgettext_lazy("import job", "background imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="background_import_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename} ({self.status})"
