"""The NTM report of a unit at a date: the same content as a page, an Excel workbook and a PDF.

`ntm_report_content` turns an `NtmSummary` into plain, translated rows once; the page, the XLSX
builder and the PDF template only lay those rows out. Nothing here computes a figure: every number
comes from `tamnong.ntm.rollups.ntm_summary`.
"""

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from tamnong.core.text import fold_name
from tamnong.ntm.narrative import average_text
from tamnong.ntm.rollups import NtmSummary, report_name
from tamnong.places.selectors import unit_full_name

LANGS = ("vi", "en")

# How a column is written: "text", "int", "decimal" (one decimal, 14,9), "percent" (62,5%), "date".
KINDS = ("text", "int", "decimal", "percent", "date")


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"
    width: int = 14  # characters, for the workbook


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    lang: str = "vi"
    row_kinds: tuple[str, ...] | None = None  # per row, for tables whose rows mix kinds (targets)

    def kind(self, row: int, col: int) -> str:
        if self.row_kinds is not None and col > 0:
            return self.row_kinds[row]
        return self.columns[col].kind

    @property
    def text_rows(self) -> list[list[str]]:
        """The rows as the page and the PDF print them."""
        return [
            [cell_text(value, self.kind(r, c), self.lang) for c, value in enumerate(row)]
            for r, row in enumerate(self.rows)
        ]

    @property
    def numeric(self) -> list[bool]:
        """Which columns hold numbers (aligned right)."""
        return [col.kind != "text" or (self.row_kinds is not None and i > 0) for i, col in enumerate(self.columns)]

    @property
    def header_cells(self) -> list[tuple[str, bool]]:
        return list(zip((c.label for c in self.columns), self.numeric, strict=True))

    @property
    def body_cells(self) -> list[list[tuple[str, bool]]]:
        return [list(zip(row, self.numeric, strict=True)) for row in self.text_rows]


@dataclass(frozen=True)
class Figure:
    label: str
    value: Any
    kind: str = "int"
    lang: str = "vi"

    @property
    def text(self) -> str:
        return cell_text(self.value, self.kind, self.lang)


@dataclass(frozen=True)
class NtmReport:
    lang: str
    title: str
    unit_name: str
    on: dt.date
    edition_name: str
    sentence: str
    figures: tuple[Figure, ...]
    tables: tuple[Table, ...]
    warnings: tuple[str, ...]
    attribution: str = ""  # the rule used when the data are on an earlier list than the unit

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def cell_text(value: Any, kind: str, lang: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == "decimal":
        return average_text(Decimal(value), lang)
    if kind == "percent":
        return f"{average_text(Decimal(value), lang)}%"
    if kind == "date":
        return f"{value:%d/%m/%Y}"
    return str(value)


def ntm_report_content(summary: NtmSummary, *, lang: str = "vi") -> NtmReport:
    """The report's text and rows in one language: the one source of the page, the XLSX and the PDF."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    with translation.override(lang):
        return _content(summary, lang)


def _content(summary: NtmSummary, lang: str) -> NtmReport:
    edition = summary.edition
    en = lang == "en"
    tier_names = {t.id: t.name_en if en else t.name_vi for t in edition.tiers}
    unit_name = unit_full_name(summary.unit)
    figures = [
        Figure(_("Rural communes in the unit"), summary.communes_in_unit, lang=lang),
        Figure(_("Communes assessed"), summary.communes_assessed, lang=lang),
        Figure(_("Average criteria met per commune"), summary.average_criteria, "decimal", lang),
        Figure(_("Average indicators met per commune"), summary.average_indicators, "decimal", lang),
    ]
    top_tier = edition.tiers[-1].id
    figures += [
        Figure(
            (_("Recognised: %(tier)s") if tier == top_tier else _("Recognised: %(tier)s (or higher)"))
            % {"tier": tier_names[tier]},
            len(units),
            lang=lang,
        )
        for tier, units in summary.tiers.items()
    ]
    communes = Table(
        "communes",
        _("Communes"),
        (
            Column(_("Commune"), width=22),
            Column(_("Criteria met"), "int", 12),
            Column(_("Indicators met"), "int", 12),
            Column(_("Tier reached by the data"), width=34),
            Column(_("Tier recognised"), width=34),
            Column(_("Data of"), "date", 12),
        ),
        tuple(
            (
                s.name,
                s.criteria_met,
                s.indicators_met,
                tier_names.get(s.tier_reached) or _("none"),
                tier_names.get(s.recognised_tier) if s.recognised_tier else _("not recognised"),
                s.on,
            )
            for s in summary.communes
        ),
        lang,
    )
    distribution = Table(
        "distribution",
        _("Communes by number of criteria met"),
        (Column(_("Criteria met"), width=22), Column(_("Communes"), "int", 12)),
        tuple((str(b.low) if b.low == b.high else f"{b.low}–{b.high}", b.count) for b in summary.distribution),
        lang,
    )
    criteria = Table(
        "criteria",
        _("Share of communes meeting each criterion"),
        (
            Column(_("No."), width=6),
            Column(_("Criterion"), width=48),
            Column(_("Communes meeting it"), "percent", 14),
        ),
        tuple(
            (c.number, c.name_en if en else c.name_vi, summary.criteria_share.get(c.number))
            for c in edition.tiers[0].criteria
        ),
        lang,
    )
    tables = [communes, distribution, criteria]
    if summary.target is not None:
        tables += _target_tables(summary, tier_names, lang)
    return NtmReport(
        lang=lang,
        title=_("New rural development report of %(unit)s as of %(date)s")
        % {"unit": unit_name, "date": f"{summary.on:%d/%m/%Y}"},
        unit_name=unit_name,
        on=summary.on,
        edition_name=edition.name_en if en else edition.name_vi,
        sentence=summary.text_en if en else summary.text_vi,
        figures=tuple(figures),
        tables=tuple(tables),
        warnings=tuple(en_text if en else vi for vi, en_text in summary.warnings),
        attribution=(summary.attribution[1] if en else summary.attribution[0]) if summary.attribution else "",
    )


def _target_tables(summary: NtmSummary, tier_names: dict[str, str], lang: str) -> list[Table]:
    target = summary.target
    first_tier = summary.edition.tiers[0].id
    buckets = {b.key: b.count for b in summary.distribution}

    def recognised(tier: str) -> int | None:
        return len(summary.tiers[tier]) if tier in summary.tiers else None

    candidates = [
        (_("Average criteria met per commune"), target.average_criteria, summary.average_criteria, "decimal"),
        (_("NTM communes"), target.communes_standard, recognised(first_tier), "int"),
        (_("Advanced NTM communes"), target.communes_advanced, recognised("advanced"), "int"),
        (_("Model NTM communes"), target.communes_model, recognised("model"), "int"),
        (_("Communes meeting 15–18 criteria"), target.communes_15_18, buckets.get("15-18"), "int"),
        (_("Communes meeting 10–14 criteria"), target.communes_10_14, buckets.get("10-14"), "int"),
    ]
    rows = [(label, planned, actual, kind) for label, planned, actual, kind in candidates if planned is not None]
    tables = [
        Table(
            "target",
            _("Target of %(year)s and result") % {"year": target.year},
            (
                Column(_("Item"), width=34),
                Column(_("Target %(year)s") % {"year": target.year}, "int", 14),
                Column(_("Result"), "int", 14),
            ),
            tuple(row[:3] for row in rows),
            lang,
            row_kinds=tuple(row[3] for row in rows),
        )
    ]
    highest = {unit.pk: tier for tier, units in summary.tiers.items() for unit in units}  # tiers go up
    planned = [
        (
            report_name(tc.commune),
            tier_names.get(tc.tier, tc.tier),
            tier_names[highest[tc.commune_id]] if tc.commune_id in highest else _("not recognised"),
        )
        for tc in target.communes.all()
    ]
    if planned:
        tables.append(
            Table(
                "planned",
                _("Communes planned for %(year)s") % {"year": target.year},
                (
                    Column(_("Commune"), width=22),
                    Column(_("Tier planned"), width=34),
                    Column(_("Tier recognised"), width=34),
                ),
                tuple(sorted(planned, key=lambda row: fold_name(row[0]))),
                lang,
            )
        )
    return tables


def ntm_report_filename(summary: NtmSummary, extension: str, *, lang: str = "vi") -> str:
    """An ASCII file name: "bao-cao-ntm-huyen-kim-boi-2024-03-31.xlsx"."""
    unit = "-".join(
        "".join(ch if ch.isalnum() and ch.isascii() else " " for ch in fold_name(summary.unit.title)).split()
    )
    prefix = "ntm-report" if lang == "en" else "bao-cao-ntm"
    return f"{prefix}-{unit}-{summary.on:%Y-%m-%d}.{extension}"


# --- PDF ---------------------------------------------------------------------------------------


def ntm_report_pdf(summary: NtmSummary, lang: str = "vi") -> bytes:
    """An A4 PDF of the report (HTML → WeasyPrint), in DejaVu Sans, with page numbers."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango, which only the PDF needs

    report = ntm_report_content(summary, lang=lang)
    with translation.override(lang):
        html = render_to_string("reports/ntm_report.html", {"report": report})
    return HTML(string=html).write_pdf()


# --- XLSX --------------------------------------------------------------------------------------

NUMBER_FORMATS = {"int": "0", "decimal": "0.0", "percent": "0.0%", "date": "dd/mm/yyyy", "text": "@"}


def ntm_report_xlsx(summary: NtmSummary, lang: str = "vi") -> bytes:
    """A formatted workbook: a summary sheet (title, sentence, key figures, distribution, targets,
    warnings), then one sheet for the communes and one for the criteria."""
    from openpyxl import Workbook

    report = ntm_report_content(summary, lang=lang)
    with translation.override(lang):
        workbook = Workbook()
        _summary_sheet(workbook.active, report, _("Summary"))
        for table, name in ((report.table("communes"), _("Communes")), (report.table("criteria"), _("By criterion"))):
            sheet = workbook.create_sheet(name)
            _heading(sheet, report, width=len(table.columns))
            _write_table(sheet, table, 3, with_title=False)
            sheet.freeze_panes = sheet.cell(row=4, column=2 if table.key == "communes" else 1)
            _set_widths(sheet, [table])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="9AA3AB")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "bold": Font(bold=True),
        "title": Font(bold=True, size=14),
        "section": Font(bold=True, size=12, color="1F6F43"),
        "header_fill": PatternFill("solid", fgColor="E7F3EC"),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
    }


SUMMARY_COLUMNS = 4


def _heading(sheet, report: NtmReport, *, width: int) -> None:
    """Row 1 the title, row 2 the criteria set, merged across the sheet's columns."""
    style = _styles()
    width = max(width, 2)
    sheet["A1"] = report.title
    sheet["A1"].font = style["title"]
    sheet["A1"].alignment = style["wrap"]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.row_dimensions[1].height = 40
    sheet["A2"] = report.edition_name
    sheet["A2"].alignment = style["wrap"]
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.row_dimensions[2].height = 30


def _summary_sheet(sheet, report: NtmReport, name: str) -> None:
    style = _styles()
    sheet.title = name[:31]
    _heading(sheet, report, width=SUMMARY_COLUMNS)
    sheet["A4"] = report.sentence
    sheet["A4"].alignment = style["wrap"]
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=SUMMARY_COLUMNS)
    sheet.row_dimensions[4].height = 15 * (len(report.sentence) // 70 + 2)
    row = 6
    sheet.cell(row=row, column=1, value=_("Key figures")).font = style["section"]
    row += 1
    for figure in report.figures:
        label = sheet.cell(row=row, column=1, value=figure.label)
        value = sheet.cell(row=row, column=2, value=_cell_value(figure.value, figure.kind))
        value.number_format = NUMBER_FORMATS[figure.kind]
        label.border = value.border = style["border"]
        label.alignment = style["wrap"]
        row += 1
    tables = [t for t in report.tables if t.key in ("distribution", "target", "planned")]
    for table in tables:
        row = _write_table(sheet, table, row + 1) + 1
    if report.warnings:
        row += 1
        sheet.cell(row=row, column=1, value=_("Warnings")).font = style["section"]
        for warning in report.warnings:
            row += 1
            cell = sheet.cell(row=row, column=1, value=warning)
            cell.alignment = style["wrap"]
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=SUMMARY_COLUMNS)
            sheet.row_dimensions[row].height = 15 * (len(warning) // 70 + 1)
    sheet.freeze_panes = "A3"
    widths = [36, 16, 16, 34]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[_letter(i)].width = width


def _write_table(sheet, table: Table, row: int, *, with_title: bool = True) -> int:
    """Writes the table from `row` (its title, then bold bordered headers, then the rows); returns the
    last row written."""
    style = _styles()
    if with_title:
        sheet.cell(row=row, column=1, value=table.title).font = style["section"]
        row += 1
    for col, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=row, column=col, value=column.label)
        cell.font = style["bold"]
        cell.fill = style["header_fill"]
        cell.border = style["border"]
        cell.alignment = style["center"]
    for r, values in enumerate(table.rows):
        row += 1
        for c, value in enumerate(values):
            kind = table.kind(r, c)
            cell = sheet.cell(row=row, column=c + 1, value=_cell_value(value, kind))
            cell.border = style["border"]
            if value is not None and kind != "text":
                cell.number_format = NUMBER_FORMATS[kind]
            elif kind == "text":
                cell.alignment = style["wrap"]
    return row


def _cell_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "percent":
        return Decimal(value) / 100
    return value


def _set_widths(sheet, tables: list[Table]) -> None:
    widths: dict[int, int] = {}
    for table in tables:
        for i, column in enumerate(table.columns, start=1):
            widths[i] = max(widths.get(i, 0), column.width)
    for i, width in widths.items():
        sheet.column_dimensions[_letter(i)].width = width


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)
