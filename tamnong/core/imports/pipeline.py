"""The one import pipeline: read the file with the bounded reader → find its header row → check every
row → the dry run's diff → save it all in one transaction (or nothing) → the report. Each importer
(a small class in its own app) declares only its columns, its row rule and its save; the authority
check stays at its service entry, which builds the importer and calls `run`.

A file too large for a request goes through the same `run` in the background (tamnong.core.jobs),
with the progress the pipeline reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from openpyxl.utils import get_column_letter

from tamnong.core.imports.reader import PROGRESS_EVERY, FileUnreadable, Problem, Progress, cell_text, file_rows
from tamnong.core.imports.report import ImportReport
from tamnong.core.text import fold_name

REQUIRED_EMPTY = ("ô bắt buộc đang trống", "this cell is required")
BAD_DATE = ("ngày phải viết dd/mm/yyyy", "the date must be written dd/mm/yyyy")


class Refused(Exception):  # noqa: N818 - the save refused, naming why: nothing is kept
    """Raised by an importer's `apply` when the save finds what the check could not (a row changed
    meanwhile): the transaction is rolled back and the report names the problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.reason_vi)
        self.problem = problem


@dataclass
class Line:
    """One row of the file with something in it: its number as the spreadsheet shows it, its cells, and
    those of the importer's columns (`raw`, and as text in `values`)."""

    number: int
    cells: list[Any]
    raw: dict[str, Any]
    values: dict[str, str]
    importer: Importer
    report: ImportReport

    def problem(self, code: str, reason_vi: str, reason_en: str) -> None:
        """A problem of this row in the column `code` (an unknown code: the importer's `fallback` column)."""
        importer = self.importer
        code = code if code in importer.headers or not importer.fallback else importer.fallback
        at = importer.at.get(code)
        self.report.add(Problem(self.number, get_column_letter(at + 1) if at is not None else "",
                                importer.headers.get(code, code), self.values.get(code, ""), reason_vi, reason_en))  # fmt: skip

    def required(self, codes) -> None:
        for code in codes:
            if not self.values.get(code):
                self.problem(code, *REQUIRED_EMPTY)


class Importer:
    """What an import declares. `columns`: (code, Vietnamese header, required), the template's and the
    header row's; `marker`: the code that marks the header row (it also tells the CSV reader its
    separator); `by_headers`: the header row may hold the Vietnamese headers instead of the codes
    (looked for in the first 15 rows); `no_header`: the reason when no header row is found (it names
    the row `no_header_row`); `needs`: codes the header row must hold besides the required ones (their
    absence is `no_header` too); `missing`: the required columns' absence is a problem of its own
    (else `no_header`); `empty`: the reason when no row has anything; `checked_at`: the percent done
    once every row is checked; `fallback`: the column of a problem naming an unknown one."""

    columns: list[tuple[str, str, bool]] = []
    marker: str = ""
    by_headers: bool = False
    no_header: tuple[str, str] = ("", "")
    no_header_row: int | None = None
    needs: tuple[str, ...] = ()
    missing: bool = False
    empty: tuple[str, str] | None = None
    checked_at: int = 50
    fallback: str = ""

    at: dict[str, int]

    @property
    def headers(self) -> dict[str, str]:
        return {code: header for code, header, _ in self.columns}

    @property
    def required_codes(self) -> list[str]:
        return [code for code, _, required in self.columns if required]

    # ------------------------------------------------------------------ the steps an importer may change

    def before_reading(self, report: ImportReport) -> None:
        """A problem of the whole import found before its file is read (it then is not)."""

    def unreadable(self, exc: FileUnreadable) -> list[Problem]:
        return exc.problems

    def header(self, rows: list[list[Any]], report: ImportReport) -> int | None:
        """The index of the header row, with `self.at` (code → column index) set; None, with the
        problem in the report, when there is none."""
        found = self._by_headers(rows) if self.by_headers else self._by_marker(rows)
        if (
            found is None
            or any(code not in found[1] for code in self.needs)
            or (not self.missing and any(code not in found[1] for code in self.required_codes))
        ):
            report.add(Problem(self.no_header_row, "", "", "", *self.no_header))
            return None
        at, self.at = found
        missing = [code for code in self.required_codes if code not in self.at]
        if missing:
            report.add(Problem(at + 1, "", "", ", ".join(missing), f"thiếu cột: {', '.join(missing)}",
                               f"missing columns: {', '.join(missing)}"))  # fmt: skip
            return None
        return at

    def _by_marker(self, rows):
        at = next((i for i, r in enumerate(rows) if self.marker in [cell_text(c) for c in r]), None)
        if at is None:
            return None
        return at, {cell_text(c): i for i, c in enumerate(rows[at]) if cell_text(c)}

    def _by_headers(self, rows):
        by_text = {code: code for code, _, _ in self.columns} | {fold_name(h): code for code, h, _ in self.columns}
        found = None
        for i, row in enumerate(rows[:15]):
            at = {}
            for j, cell in enumerate(row):
                code = by_text.get(cell_text(cell)) or by_text.get(fold_name(cell_text(cell)))
                if code and code not in at:
                    at[code] = j
            if all(code in at for code in self.required_codes):
                found = (i, at)  # a code row under the headers wins: keep looking one row down
            elif found is not None:
                break
        return found

    def skip(self, line: Line) -> bool:
        """A row left out (not counted): by default, one with nothing in the importer's columns."""
        return not any(line.values.values())

    def prepare(self, lines: list[Line]) -> None:
        """Look up at once what the rows name (communes, records), before each row is checked."""

    def check(self, line: Line) -> Any:
        """The row rule: what to save from the row, or None; its problems go through `line.problem`."""
        raise NotImplementedError

    def review(self, plans: list, report: ImportReport, progress: Progress) -> list:
        """Once every row is right: the dry run's diff (`report.changes`, `report.unchanged`) and the
        problems of the whole file; the plans to save."""
        return plans

    def apply(self, plans: list, report: ImportReport, progress: Progress) -> None:
        """Save the plans, inside the import's one transaction; `report.saved` counts them. Raise
        Refused to keep nothing."""
        raise NotImplementedError


def _silent(pct: int) -> None:
    pass


def run(importer: Importer, content: bytes, *, dry_run: bool, report: ImportReport | None = None,
        progress: Progress | None = None) -> ImportReport:  # fmt: skip
    """Import a file: check it all and, unless it is a dry run and if nothing is wrong, save it all in one
    transaction. `progress` hears the percent done (a background job shows it)."""
    progress = progress or _silent
    report = report if report is not None else ImportReport(dry_run=dry_run)
    importer.before_reading(report)
    if not report.ok:
        return report
    try:
        rows = file_rows(content, header_marker=importer.marker)
    except FileUnreadable as exc:
        report.extend(importer.unreadable(exc))
        return report
    progress(10)
    header_at = importer.header(rows, report)
    if header_at is None:
        return report
    lines = []
    for number, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        raw = {code: cells[i] if i < len(cells) else None for code, i in importer.at.items()}
        line = Line(number, cells, raw, {code: cell_text(v) for code, v in raw.items()}, importer, report)
        if not importer.skip(line):
            lines.append(line)
    importer.prepare(lines)
    plans = []
    for i, line in enumerate(lines):
        if i and i % PROGRESS_EVERY == 0:
            progress(10 + (importer.checked_at - 10) * i // len(lines))
        report.rows += 1
        before = report.problems_total
        plan = importer.check(line)
        if plan is not None and report.problems_total == before:
            plans.append(plan)
    if report.ok and not report.rows and importer.empty:
        report.add(Problem(None, "", "", "", *importer.empty))
    if report.ok:
        progress(importer.checked_at)
        plans = importer.review(plans, report, progress)
    if not report.ok or dry_run:
        progress(100)
        return report
    try:
        with transaction.atomic():
            importer.apply(plans, report, progress)
    except Refused as exc:
        report.saved = 0
        report.changes, report.changes_total = [], 0
        report.add(exc.problem)
    progress(100)
    return report
