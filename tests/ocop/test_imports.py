"""Importing an existing list of certified products: all or nothing, problems named by row and column."""

import datetime as dt
import io

import openpyxl
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from tamnong.ocop.models import Certificate, Product
from tamnong.ocop.selectors import ocop_summary
from tamnong.places.models import AdminUnit

GOOD = [
    "Chè xanh Nam Thượng",
    "HTX Chè Nam Thượng",
    "hợp tác xã",
    "0314409058",
    "05068",
    "1",
    "1.1a",
    3,
    "15/QĐ-UBND",
    "20/06/2024",
    "huyện",
]


def _file(*rows) -> SimpleUploadedFile:
    from tamnong.ocop.imports import template_xlsx

    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("san-pham.xlsx", out.getvalue())


def _post(client, upload, dry_run=False):
    data = {"unit": "2020:153", "file": upload}
    if dry_run:
        data["dry_run"] = "1"
    return client.post("/ocop/import/", data).content.decode()


def test_a_good_list_is_checked_then_saved_and_counts(client, demo):
    client.force_login(get_user_model().objects.get(username="tinh.hoabinh"))
    kim_boi = AdminUnit.objects.get(scheme="2020", code="153")
    before = ocop_summary(unit=kim_boi, on=dt.date(2024, 7, 1))
    second = [
        "Tinh dầu quế Sào Báy",
        "Cơ sở Tinh dầu Sào Báy",
        "hộ kinh doanh",
        "",
        "05080",
        "3",
        "",
        4,
        "30/QĐ-UBND",
        "05/06/2024",
        "tỉnh",
    ]
    assert "2 dòng đúng" in _post(client, _file(GOOD, second), dry_run=True)
    assert not Product.objects.filter(name="Chè xanh Nam Thượng").exists()
    assert "Đã lưu 2 giấy chứng nhận" in _post(client, _file(GOOD, second))
    after = ocop_summary(unit=kim_boi, on=dt.date(2024, 7, 1))
    assert after.products_total == before.products_total + 2
    assert after.by_group["3"] == before.by_group.get("3", 0) + 1
    certificate = Certificate.objects.get(product__name="Tinh dầu quế Sào Báy")
    assert (
        certificate.issuer.code == "17" and certificate.total is None
    )  # the province recognised it; no points imported
    assert "Đã lưu 0 giấy chứng nhận" in _post(client, _file(GOOD, second))  # a second run changes nothing


def test_one_bad_row_saves_nothing_and_each_problem_is_named(client, demo):
    client.force_login(get_user_model().objects.get(username="tinh.hoabinh"))
    bad = [
        ["Sản phẩm A", "", "hợp tác xã", "0314409057", "05068", "9", "", 2, "1/QĐ", "31/02/2024", "huyện"],
        ["Sản phẩm B", "Chủ thể B", "hợp tác xã", "", "10678", "1", "", 4, "2/QĐ", "01/03/2024", "huyện"],
    ]
    html = _post(client, _file(GOOD, *bad))
    assert "không lưu gì" in html
    for words in ("ô bắt buộc đang trống", "chữ số kiểm tra", "Nhóm sản phẩm «9»", "chỉ cấp cho sản phẩm 3, 4 hoặc 5 sao",
                  "ngày phải viết dd/mm/yyyy", "không có xã mã 10678 trong Huyện Kim Bôi",
                  "cấp huyện không có thẩm quyền công nhận 4 sao"):  # fmt: skip
        assert words in html, words
    assert not Product.objects.filter(name__in=["Chè xanh Nam Thượng", "Sản phẩm A", "Sản phẩm B"]).exists()


def test_the_import_is_scoped(client, demo):
    client.force_login(get_user_model().objects.get(username="thixa.kinhmon"))
    assert client.post("/ocop/import/", {"unit": "2020:153", "file": _file(GOOD)}).status_code == 403
