"""Spreadsheets that cannot hurt the server, through HTTP, for each of the four imports (NTM commune
data, OCOP products, works, criteria thresholds): a dimension bomb, a cut-off workbook, a DTD with a
billion laughs, a formula without its value and a small file declaring a million rows each get a page
(200 or 400, never 500) naming the reason, and the row and column where there is one, and the database
is unchanged; an Excel date cell is read as the date it shows."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from tamnong.criteria.models import CriteriaVersion
from tamnong.ntm.models import ImportJob, IndicatorValue, SelfAssessment
from tamnong.ocop.imports import COLUMNS as OCOP_COLUMNS
from tamnong.ocop.models import Certificate, Producer, Product
from tamnong.resources.imports import COLUMNS as WORK_COLUMNS
from tamnong.resources.models import Disbursement, Work, WorkFunding
from tests.core import spreadsheets

EDITION = "ntm/commune-2021-2025"


def _login(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))


def _sent(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@dataclass
class Importer:
    name: str
    rows: Callable  # (client) -> the rows of a good file
    post: Callable  # (client, content) -> the final response
    counts: Callable  # () -> what the import would write
    date_row: Callable | None = None  # (rows) -> rows with an Excel date cell, and the date expected saved


# --------------------------------------------------------------------------- NTM commune data


def _ntm_rows(client):
    _login(client, "huyen.kimboi")
    return [["Mã xã", "Tỷ lệ tưới"], ["commune_code", "3.1"], ["05068", 90]]


def _ntm_post(client, content):
    data = {"unit": "2020:153", "on": "31/12/2024", "edition": EDITION, "file": _sent("xa.xlsx", content)}
    return client.post("/ntm/import/", data, follow=True)


def _ntm_counts():
    return SelfAssessment.objects.count(), IndicatorValue.objects.count()


# --------------------------------------------------------------------------- OCOP products

OCOP_GOOD = ["Chè xanh Nam Thượng", "HTX Chè Nam Thượng", "hợp tác xã", "0314409058", "05068", "1", "1.1a", 4,
             "15/QĐ-UBND", "20/06/2024", "tỉnh"]  # fmt: skip


def _ocop_rows(client):
    _login(client, "tinh.hoabinh")  # OCOP lists are imported by the province
    return [[h for _, h, _ in OCOP_COLUMNS], [c for c, _, _ in OCOP_COLUMNS], list(OCOP_GOOD)]


def _ocop_post(client, content):
    return client.post("/ocop/import/", {"unit": "2020:153", "file": _sent("san-pham.xlsx", content)})


def _ocop_counts():
    return Certificate.objects.count(), Product.objects.count(), Producer.objects.count()


def _ocop_date(rows):
    rows[-1][9] = dt.datetime(2024, 6, 20)
    return rows, lambda: Certificate.objects.filter(decision_number="15/QĐ-UBND", issued_on=dt.date(2024, 6, 20))


# --------------------------------------------------------------------------- works

WORK_CODES = [c for c, _, _ in WORK_COLUMNS]


def _works_rows(client):
    _login(client, "tinh.hoabinh")  # today the province keeps the abolished district's works
    good = {"commune": "04990", "type": "Đường giao thông nông thôn", "name": "Đường nội đồng Bình Sơn số 9",
            "quantity": "1,8", "plan_year": 2024, "status": "khởi công mới", "started_on": "12/02/2024",
            "planned_end_on": "30/11/2024", "central_budget": "1,2 tỷ", "local_budget": 300_000_000,
            "disbursed_vnd": "450.000.000", "disbursed_on": "28/03/2024", "investor": "UBND xã Bình Sơn"}  # fmt: skip
    return [[h for _, h, _ in WORK_COLUMNS], list(WORK_CODES), [good.get(c, "") for c in WORK_CODES]]


def _works_post(client, content):
    return client.post("/resources/import/", {"unit": "2020:153", "file": _sent("cong-trinh.xlsx", content)})


def _works_counts():
    return Work.objects.count(), WorkFunding.objects.count(), Disbursement.objects.count()


def _works_date(rows):
    rows[-1][WORK_CODES.index("started_on")] = dt.datetime(2024, 2, 12)
    rows[-1][WORK_CODES.index("disbursed_on")] = dt.datetime(2024, 3, 28)
    return rows, lambda: Work.objects.filter(name="Đường nội đồng Bình Sơn số 9", started_on=dt.date(2024, 2, 12))


# --------------------------------------------------------------------------- criteria thresholds


def _criteria_rows(client):
    _login(client, "tinh.hoabinh")
    response = client.post("/criteria/versions/", {"edition": EDITION, "province": "2020:17", "title": "Thử tệp"})
    assert response.status_code == 302
    client.version = CriteriaVersion.objects.latest("pk")
    template = client.get(f"/criteria/versions/{client.version.pk}/thresholds.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(template.content)).active
    return [list(row) for row in ws.iter_rows(max_row=4, values_only=True)]


def _criteria_post(client, content):
    return client.post(f"/criteria/versions/{client.version.pk}/", {"file": _sent("nguong.xlsx", content)})


def _criteria_counts():
    return [(v.pk, v.files) for v in CriteriaVersion.objects.order_by("pk")]


IMPORTERS = [
    Importer("ntm", _ntm_rows, _ntm_post, _ntm_counts),
    Importer("ocop", _ocop_rows, _ocop_post, _ocop_counts, _ocop_date),
    Importer("works", _works_rows, _works_post, _works_counts, _works_date),
    Importer("criteria", _criteria_rows, _criteria_post, _criteria_counts),
]


def _problem_rows(html: str) -> list[str]:
    """The text of each row of the page's problem table."""
    return [re.sub(r"<[^>]+>", " ", tr) for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)]


def _names(html: str, reason: str, row: int | None = None, column: str = "") -> bool:
    for text in _problem_rows(html):
        if reason in text and (row is None or f" {row} " in text) and (not column or f" {column} " in text):
            return True
    return False


ATTACKS = {
    # attack: (build from good rows, a piece of the Vietnamese reason, row, column)
    "dimension bomb": (spreadsheets.dimension_bomb, "quá 200.000 dòng", 1048576, "XFD"),
    "a million rows in 5 KB": (spreadsheets.million_rows, "quá 200.000 dòng", 1000000, "A"),
    "cut-off upload": (spreadsheets.truncated, "bị hỏng hoặc không trọn vẹn", None, ""),
    "billion laughs": (spreadsheets.billion_laughs, "khai báo DTD hoặc thực thể XML", None, ""),
    "DTD without entities": (spreadsheets.plain_dtd, "khai báo DTD hoặc thực thể XML", None, ""),
}


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
@pytest.mark.parametrize("attack", list(ATTACKS))
def test_an_attack_file_gets_a_named_refusal_and_saves_nothing(client, demo, importer, attack):
    build, reason, row, column = ATTACKS[attack]
    rows = importer.rows(client)
    content = build(rows)
    assert len(content) < 8000  # small files: the harm was in what the server made of them
    before = importer.counts()
    response = importer.post(client, content)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert _names(html, reason, row, column), html[:3000]
    assert importer.counts() == before


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_a_formula_without_its_value_is_refused_naming_its_cell(client, demo, importer):
    rows = importer.rows(client)
    rows.append(["=1+1"])
    before = importer.counts()
    response = importer.post(client, spreadsheets.xlsx(rows))
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert _names(html, "ô có công thức nhưng tệp không lưu kết quả", len(rows), "A"), html[:3000]
    assert importer.counts() == before


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_the_declared_dimension_is_ignored(client, demo, importer):
    """A sheet declaring A1:XFD1048576 but holding a few rows is read as those rows, at once."""
    rows = importer.rows(client)
    plain = importer.post(client, spreadsheets.xlsx(rows)).content.decode()
    declared = importer.post(client, spreadsheets.declared_only(rows)).content.decode()

    def problems(html):
        return [t for t in _problem_rows(html) if "200.000" in t or "hỏng" in t]

    assert problems(plain) == problems(declared) == []


@pytest.mark.parametrize("importer", [i for i in IMPORTERS if i.date_row], ids=lambda i: i.name)
def test_an_excel_date_cell_is_read_as_its_date(client, demo, importer):
    rows, saved = importer.date_row(importer.rows(client))
    content = spreadsheets.xlsx(rows)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert any(cell.is_date and cell.data_type == "d" for cell in sheet[len(rows)])  # a real Excel date cell
    response = importer.post(client, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ngày phải viết dd/mm/yyyy" not in html
    assert saved().count() == 1, html[:3000]


def test_the_ntm_job_of_an_attack_file_is_failed_not_queued(client, demo):
    _login(client, "huyen.kimboi")
    content = spreadsheets.dimension_bomb(_ntm_rows(client))
    _ntm_post(client, content)
    job = ImportJob.objects.latest("pk")
    assert job.status == "failed" and job.report["errors"][0]["row"] == 1048576
