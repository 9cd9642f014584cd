"""The one import pipeline (tamnong.core.imports.pipeline), its bounded reader (reader) and its one
report (report). An app's importer is a small `Importer` class declaring its columns, its row rule and
its save; its service checks the authority, then calls `run`."""

from tamnong.core.imports.pipeline import BAD_DATE, REQUIRED_EMPTY, Importer, Line, Refused, run
from tamnong.core.imports.reader import (
    LIMITS,
    PROGRESS_EVERY,
    FileUnreadable,
    Limits,
    Problem,
    Progress,
    cell_text,
    cell_whole,
    limits_text,
    template_workbook,
    upload_content,
    workbook_bytes,
)
from tamnong.core.imports.report import ImportReport, Keys

__all__ = [
    "BAD_DATE", "LIMITS", "PROGRESS_EVERY", "REQUIRED_EMPTY", "FileUnreadable", "ImportReport", "Importer", "Keys",
    "Limits", "Line", "Problem", "Progress", "Refused", "cell_text", "cell_whole", "limits_text", "run",
    "template_workbook", "upload_content", "workbook_bytes",
]  # fmt: skip
