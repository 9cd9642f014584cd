"""Import a list of works (XLSX or CSV, Vietnamese headers), all or nothing.

One row per work: commune, village, kind, name, quantity, plan year, status and dates, the budget by
source, and what was disbursed by a date. Every row is checked first with the services' own checks:
one bad row and nothing is saved, and each problem names its row, its column and the reason in
Vietnamese (`tamnong.core.imports`).

Importing is the act `resources.works.import` on the unit the file is for, dated today; every row is
also the act `resources.work.create` on its commune, dated as the work (`services.work_date`), and a
row the uploader may not record is a problem of its row like any other.
"""

from __future__ import annotations

from tamnong.accounts import authority
from tamnong.core import clock, imports
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError
from tamnong.core.imports import (
    PROGRESS_EVERY,
    ImportReport,
    Problem,
    Progress,
    cell_whole,
    template_workbook,
    workbook_bytes,
)
from tamnong.core.jobs import services as jobs
from tamnong.core.text import fold_name
from tamnong.places import territory
from tamnong.places.models import AdminUnit, Level
from tamnong.places.selectors import unit_get_by_key
from tamnong.resources import services
from tamnong.resources.models import Work
from tamnong.resources.reference import funding_sources, work_types
from tamnong.rules.money import AmountError, parse_vnd

# (code, Vietnamese header, required)
COLUMNS = [
    ("commune", "Mã xã", True),
    ("village", "Thôn (tên, nếu có)", False),
    ("type", "Loại công trình (mã hoặc tên)", True),
    ("name", "Tên công trình", True),
    ("quantity", "Khối lượng (km, m² hoặc số công trình, theo loại)", True),
    ("plan_year", "Năm kế hoạch", True),
    ("status", "Trạng thái (chuẩn bị đầu tư, khởi công mới, chuyển tiếp, hoàn thành)", True),
    ("started_on", "Ngày khởi công (dd/mm/yyyy)", False),
    ("planned_end_on", "Ngày dự kiến hoàn thành (dd/mm/yyyy)", False),
    ("completed_on", "Ngày hoàn thành (dd/mm/yyyy)", False),
    *((code, f"Vốn {source.name_vi.lower()} (đồng)", False) for code, source in funding_sources().items()),
    ("disbursed_vnd", "Đã giải ngân (đồng)", False),
    ("disbursed_on", "Giải ngân đến ngày (dd/mm/yyyy)", False),
    ("investor", "Chủ đầu tư", False),
    ("note", "Ghi chú", False),
]
HEADERS = {code: header for code, header, _ in COLUMNS}
REQUIRED = [code for code, _, required in COLUMNS if required]
STATUS_WORDS = {
    fold_name(word): status
    for status, words in {
        "planned": ("chuẩn bị đầu tư", "chuẩn bị", "planned"),
        "new": ("khởi công mới", "mới", "new"),
        "continuing": ("chuyển tiếp", "đang thi công", "continuing"),
        "completed": ("hoàn thành", "đã hoàn thành", "completed"),
    }.items()
    for word in words
}
DATES = ("started_on", "planned_end_on", "completed_on", "disbursed_on")


def _type_words() -> dict[str, str]:
    words = {}
    for code, kind in work_types().items():
        for word in (code, kind.name_vi, kind.name_en, kind.counted_vi):
            words[fold_name(word)] = code
    return words


def template_xlsx() -> bytes:
    """The template: Vietnamese headers, the column codes under them, and a sheet of the kinds of works."""
    wb = template_workbook("Công trình", COLUMNS, wide=("name", "status"))
    kinds = wb.create_sheet("Loại công trình")
    kinds.append(["Mã", "Tên", "Đơn vị khối lượng"])
    for kind in work_types().values():
        kinds.append([kind.code, kind.name_vi, kind.unit_vi])
    return workbook_bytes(wb)


ACTION = "resources.works.import"


def import_authorize(actor, unit: AdminUnit) -> authority.Grant:
    """The grant to import works for the unit today, or NotAuthorised (the upload page asks first)."""
    return authority.authorize(actor, ACTION, unit=unit, on=clock.today())


class WorksImporter(imports.Importer):
    """One row per work: its commune, kind, name, quantity, plan year, status and dates, its budget by
    source and what was disbursed by a date, checked with the services' own checks."""

    columns, marker, by_headers, fallback = COLUMNS, "commune", True, "name"
    no_header_row = 1
    no_header = (f"không tìm thấy dòng tiêu đề với các cột bắt buộc: {', '.join(HEADERS[c] for c in REQUIRED)}",
                 "no header row with the required columns found")  # fmt: skip

    def __init__(self, *, unit: AdminUnit, actor, grant: authority.Grant):
        self.unit, self.actor, self.grant = unit, actor, grant
        self.seen: set[tuple] = set()

    def prepare(self, lines) -> None:
        unit = self.unit
        if unit.level == Level.COMMUNE:
            self.communes = {unit.code: unit}
        else:
            self.communes = {u.code: u for u in territory.below(unit, level=Level.COMMUNE)}
        self.type_words = _type_words()

    def check(self, line: imports.Line):
        values, raw, problem, unit, actor = line.values, line.raw, line.problem, self.unit, self.actor
        before = line.report.problems_total
        line.required(REQUIRED)
        commune = None
        if values.get("commune"):
            commune = self.communes.get(values["commune"].split(":")[-1].strip().zfill(5))
            if commune is None:
                problem("commune", f"không có xã mã {values['commune']} trong {unit.title}",
                        f"no commune {values['commune']} in {unit.title}")  # fmt: skip
        village = None
        if values.get("village") and commune is not None:
            village = services.village_find(commune, values["village"])
            if village is None:
                problem("village", f"{commune.title} không có thôn «{values['village']}»",
                        f"{commune.title} has no village “{values['village']}”")  # fmt: skip
        kind = self.type_words.get(fold_name(values.get("type", ""))) if values.get("type") else None
        if values.get("type") and kind is None:
            problem("type", f"loại công trình «{values['type']}» không có (xem trang «Loại công trình» của tệp mẫu)",
                    f"no kind of works “{values['type']}” (see the template's “Loại công trình” sheet)")  # fmt: skip
        quantity = None
        if values.get("quantity"):
            try:
                quantity = services.quantity_clean(raw["quantity"])
            except DomainError:
                problem(
                    "quantity",
                    "khối lượng phải là số lớn hơn 0 (ví dụ 1,5)",
                    "the quantity must be a number over 0 (e.g. 1,5)",
                )
        plan_year = None
        if values.get("plan_year"):
            plan_year = cell_whole(raw["plan_year"])
            if plan_year is None:
                problem(
                    "plan_year", "năm kế hoạch phải là số năm (ví dụ 2024)", "the plan year must be a year (e.g. 2024)"
                )
        status = STATUS_WORDS.get(fold_name(values.get("status", ""))) if values.get("status") else None
        if values.get("status") and status is None:
            problem("status", "trạng thái phải là chuẩn bị đầu tư, khởi công mới, chuyển tiếp hoặc hoàn thành",
                    "the status must be planned, new, continuing or completed")  # fmt: skip
        dates = {}
        for code in DATES:
            dates[code] = parse_date(raw.get(code)) if values.get(code) else None
            if values.get(code) and dates[code] is None:
                problem(code, *imports.BAD_DATE)
        funding, disbursed = {}, 0
        for code in [*funding_sources(), "disbursed_vnd"]:
            if values.get(code):
                try:
                    amount = parse_vnd(values[code])
                except AmountError as exc:
                    problem(code, exc.reason_vi, exc.reason_en)
                    continue
                if code == "disbursed_vnd":
                    disbursed = amount
                else:
                    funding[code] = amount
        if disbursed and dates.get("disbursed_on") is None and not values.get("disbursed_on"):
            problem(
                "disbursed_on", "cần ngày giải ngân khi có số đã giải ngân", "the date of the disbursement is needed"
            )
        if line.report.problems_total != before:
            return None
        work_values = {
            "commune": commune, "village": village, "type": kind, "name": values["name"], "quantity": quantity,
            "plan_year": plan_year, "status": status, "investor": values.get("investor", ""),
            "note": values.get("note", ""), **{k: dates[k] for k in DATES if k != "disbursed_on"},
        }  # fmt: skip
        try:
            checked = services.work_check(values=work_values, funding=funding)
            authority.authorize(actor, "resources.work.create", unit=commune,
                                on=services.work_date(checked["values"]))  # fmt: skip
        except DomainError as exc:
            problem(
                exc.field.split(".")[-1] if exc.field else "name",
                _lower_first(exc.message_vi),
                _lower_first(exc.message_en),
            )
            return None
        budget = sum(funding.values())
        if disbursed > budget:
            problem("disbursed_vnd", f"số đã giải ngân vượt tổng vốn {budget:,} đồng".replace(",", "."),
                    f"more disbursed than the budget of {budget:,} VND")  # fmt: skip
        elif disbursed and dates["started_on"] is None:
            problem("disbursed_vnd", "công trình chưa khởi công thì chưa giải ngân",
                    "a work that has not started has nothing disbursed")  # fmt: skip
        key = (commune.pk, kind, fold_name(values["name"]), plan_year)
        if key in self.seen or Work.objects.filter(commune=commune, type=kind, name__iexact=values["name"].strip(),
                                                   plan_year=plan_year).exists():  # fmt: skip
            problem("name", "công trình này đã có (cùng xã, cùng loại, cùng tên, cùng năm kế hoạch)",
                    "this work is already recorded (same commune, kind, name and plan year)")  # fmt: skip
        self.seen.add(key)
        return (line.number, work_values, funding, disbursed, dates["disbursed_on"])

    def apply(self, plans, report, progress) -> None:
        n = None
        try:
            for i, (n, work_values, funding, disbursed, disbursed_on) in enumerate(plans):
                if i % PROGRESS_EVERY == 0:
                    progress(50 + 50 * i // len(plans))
                work = services.work_create(actor=self.actor, funding=funding, **work_values)
                if disbursed:
                    services.disbursement_record(actor=self.actor, work=work, on=disbursed_on, amount_vnd=disbursed,
                                                 note=f"Nhập từ tệp, dòng {n}")  # fmt: skip
                report.saved += 1
            authority.audit(self.grant, target=self.unit, after={"saved": report.saved})
        except DomainError as exc:  # a row changed under us between the check and the save: nothing is kept
            raise imports.Refused(Problem(n, "", "", "", exc.message_vi, exc.message_en)) from None


@authority.acts(ACTION, atomic=False)
def works_import(*, content: bytes, unit: AdminUnit, actor, dry_run: bool, progress: Progress | None = None
                 ) -> ImportReport:  # fmt: skip
    """Check every row; unless it is a dry run and if nothing is wrong, save them all in one transaction.
    `progress` hears the percent done (a background job shows it)."""
    grant = import_authorize(actor, unit)
    return imports.run(WorksImporter(unit=unit, actor=actor, grant=grant), content, dry_run=dry_run, progress=progress)


def _background_run(job, content: bytes, progress) -> ImportReport:
    unit = unit_get_by_key(job.unit_key)  # works_import checks what the uploader may do there
    return works_import(content=content, unit=unit, actor=job.actor, dry_run=job.dry_run, progress=progress)


# Files too large for a request are imported by the worker (core.jobs), with the progress on a page.
KIND = "resources.works"
jobs.kind_register(jobs.Kind(KIND, "Nhập danh sách công trình", "Import works", "resources-import", _background_run))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
