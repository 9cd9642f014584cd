"""Writes of works, disbursements, photos and capital: bad input is refused with the field named, and
nothing is half-saved."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tamnong.accounts.services import village_create
from tamnong.core.errors import DomainError
from tamnong.core.models import AuditEvent
from tamnong.core.photos import PHOTO_MAX_BYTES
from tamnong.places.models import AdminUnit, Village
from tamnong.resources import services
from tamnong.resources.models import Contribution, Disbursement, Work, WorkFunding, WorkPhoto

D = dt.date
ROAD = {"type": "rural_road", "name": "Đường thôn Mới, xã Bình Sơn", "quantity": "1,2", "plan_year": 2024,
        "status": "new", "started_on": D(2024, 2, 1), "planned_end_on": D(2024, 11, 30)}  # fmt: skip


def _counts():
    return (Work.objects.count(), WorkFunding.objects.count(), Disbursement.objects.count(), Contribution.objects.count(),
            WorkPhoto.objects.count(), AuditEvent.objects.count())  # fmt: skip


def _refused(field: str, words: str, call, *args, **kwargs) -> DomainError:
    before = _counts()
    with pytest.raises(DomainError) as refused:
        call(*args, **kwargs)
    assert refused.value.field == field, (refused.value.field, refused.value.message_vi)
    assert words in refused.value.message_vi, refused.value.message_vi
    assert _counts() == before  # nothing half-saved
    return refused.value


def test_a_commune_officer_records_a_road_with_its_budget(user, binh_son):
    officer = user("xa.binhson")
    work = services.work_create(
        actor=officer, commune=binh_son, funding={"central_budget": "1,5 tỷ", "community": "120.000.000"}, **ROAD
    )
    assert work.quantity == Decimal("1.2") and work.created_by == officer and not work.is_demo
    assert {f.source: f.amount_vnd for f in work.funding.all()} == {
        "central_budget": 1_500_000_000,
        "community": 120_000_000,
    }
    assert AuditEvent.objects.filter(action="resources.work.create", target_id=str(work.pk), actor=officer).exists()
    services.disbursement_record(actor=officer, work=work, on=D(2024, 3, 1), amount_vnd="600.000.000")
    services.disbursement_record(actor=officer, work=work, on=D(2024, 5, 1), amount_vnd=1_020_000_000)
    assert sum(d.amount_vnd for d in work.disbursements.all()) == 1_620_000_000  # the whole budget, not more


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"type": "hầm"}, "type", "Loại công trình «hầm» không có"),
        ({"name": "  "}, "name", "Cần tên công trình"),
        ({"quantity": "-3"}, "quantity", "lớn hơn 0"),
        ({"quantity": "ba"}, "quantity", "không phải số"),
        ({"plan_year": "năm nay"}, "plan_year", "không hợp lệ"),
        ({"status": "completed", "completed_on": D(2024, 1, 10)}, "completed_on", "trước ngày khởi công 01/02/2024"),
        ({"planned_end_on": D(2024, 1, 10)}, "planned_end_on", "trước ngày khởi công"),
        ({"status": "planned"}, "started_on", "chưa khởi công"),
        ({"status": "continuing"}, "status", "khởi công trước năm kế hoạch 2024"),
        (
            {"status": "new", "started_on": D(2025, 8, 1), "plan_year": 2025, "planned_end_on": D(2026, 1, 1)},
            "commune",
            "dùng danh mục 2025-07",
        ),
    ],
)
def test_a_wrong_work_is_refused_with_the_field_named(user, binh_son, change, field, words):
    _refused(field, words, services.work_create, actor=user("xa.binhson"), commune=binh_son,
             funding={"central_budget": 1_000_000}, **(ROAD | change))  # fmt: skip


def test_negative_amounts_are_refused(user, binh_son):
    officer = user("xa.binhson")
    _refused("funding.local_budget", "không được âm", services.work_create, actor=officer, commune=binh_son,
             funding={"central_budget": 5_000_000, "local_budget": -1}, **ROAD)  # fmt: skip
    _refused("funding", "Nguồn vốn «ngân sách huyện» không có", services.work_create, actor=officer, commune=binh_son,
             funding={"ngân sách huyện": 5}, **ROAD)  # fmt: skip
    work = services.work_create(actor=officer, commune=binh_son, funding={"central_budget": 5_000_000}, **ROAD)
    _refused("amount_vnd", "không được âm", services.disbursement_record, actor=officer, work=work, on=D(2024, 3, 1),
             amount_vnd="-100.000")  # fmt: skip
    _refused("amount_vnd", "không được âm", services.contribution_create, actor=officer, unit=binh_son,
             starts_on=D(2024, 1, 1), ends_on=D(2024, 3, 31), source="local_budget", amount_vnd=-5)  # fmt: skip


def test_more_disbursed_than_the_budget_is_refused(user, binh_son):
    officer = user("xa.binhson")
    work = services.work_create(actor=officer, commune=binh_son, funding={"central_budget": 500_000_000}, **ROAD)
    services.disbursement_record(actor=officer, work=work, on=D(2024, 3, 1), amount_vnd=400_000_000)
    refused = _refused("amount_vnd", "vượt tổng vốn 500.000.000 đồng", services.disbursement_record, actor=officer,
                       work=work, on=D(2024, 4, 1), amount_vnd="100.000.001")  # fmt: skip
    assert "500.000.001 đồng" in refused.message_vi
    # and a budget cut below what was paid out is refused, the old budget kept
    _refused("funding", "nhỏ hơn số đã giải ngân 400.000.000 đồng", services.work_update, actor=officer, work=work,
             funding={"central_budget": 300_000_000})  # fmt: skip
    assert work.funding.get().amount_vnd == 500_000_000
    _refused(
        "amount_vnd",
        "lớn hơn 0",
        services.disbursement_record,
        actor=officer,
        work=work,
        on=D(2024, 4, 1),
        amount_vnd=0,
    )
    _refused("on", "Cần ngày giải ngân", services.disbursement_record, actor=officer, work=work, on=None, amount_vnd=5)
    planned = services.work_create(actor=officer, commune=binh_son, funding={"central_budget": 5}, **(ROAD | {
        "status": "planned", "started_on": None, "planned_end_on": None}))  # fmt: skip
    _refused(
        "on",
        "chưa khởi công",
        services.disbursement_record,
        actor=officer,
        work=planned,
        on=D(2024, 4, 1),
        amount_vnd=5,
    )


def test_a_commune_outside_the_unit_and_a_village_of_another_commune_are_refused(user, binh_son, nam_thuong, kim_boi):
    office = user("huyen.kimboi")
    _refused("commune", "thuộc một đơn vị cấp xã", services.work_create, actor=office, commune=kim_boi, **ROAD)
    village = village_create(commune=nam_thuong, name="Thôn Thượng Thử", actor=user("xa.namthuong"))
    _refused(
        "village",
        "không thuộc Xã Bình Sơn",
        services.work_create,
        actor=office,
        commune=binh_son,
        village=village,
        **ROAD,
    )
    road = services.work_create(actor=office, commune=nam_thuong, village=village, **ROAD)
    assert road.village == village and Village.objects.filter(works=road).exists()
    # capital recorded for Bình Sơn cannot be tied to a work of Nam Thượng
    _refused("work", "không thuộc Xã Bình Sơn", services.contribution_create, actor=office, unit=binh_son,
             starts_on=D(2024, 1, 1), ends_on=D(2024, 3, 31), source="community", amount_vnd=5_000_000, work=road)  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"ends_on": D(2023, 12, 31)}, "ends_on", "trước ngày bắt đầu"),
        ({"source": "xổ số"}, "source", "Nguồn vốn «xổ số» không có"),
        ({"source": "credit", "land_m2": 300}, "land_m2", "chỉ ghi cho nguồn «cộng đồng dân cư đóng góp»"),
        ({"amount_vnd": 0}, "amount_vnd", "Cần số tiền"),
        ({"working_days": -4, "source": "community"}, "working_days", "không được âm"),
        ({"starts_on": D(2024, 10, 1), "ends_on": D(2025, 2, 1)}, "unit", "dùng danh mục 2025-01"),
    ],
)
def test_wrong_capital_records_are_refused(user, binh_son, change, field, words):
    values = {"unit": binh_son, "starts_on": D(2024, 1, 1), "ends_on": D(2024, 3, 31), "source": "local_budget",
              "amount_vnd": "2 tỷ"} | change  # fmt: skip
    _refused(field, words, services.contribution_create, actor=user("xa.binhson"), **values)


def test_capital_of_the_community_with_land_and_working_days(user, binh_son):
    c = services.contribution_create(actor=user("xa.binhson"), unit=binh_son, starts_on=D(2024, 4, 1), ends_on=D(2024, 6, 30),
                                     source="community", amount_vnd="150 triệu", in_kind_vnd="35.000.000", land_m2="420",
                                     working_days=96)  # fmt: skip
    assert (c.amount_vnd, c.in_kind_vnd, c.land_m2, c.working_days, c.total_vnd) == (
        150_000_000,
        35_000_000,
        420,
        96,
        185_000_000,
    )
    changed = services.contribution_update(actor=user("huyen.kimboi"), contribution=c, amount_vnd=160_000_000)
    assert changed.amount_vnd == 160_000_000
    _refused(
        "in_kind_vnd",
        "cộng đồng",
        services.contribution_update,
        actor=user("huyen.kimboi"),
        contribution=c,
        source="credit",
    )
    c.refresh_from_db()
    assert c.source == "community"


def _image(size=(40, 30), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(out, fmt)
    return out.getvalue()


def test_photos_are_checked_for_type_and_size(user, binh_son, settings):
    officer = user("xa.binhson")
    work = services.work_create(actor=officer, commune=binh_son, **ROAD)
    photo = services.work_photo_add(actor=officer, work=work, photo=SimpleUploadedFile("mat-duong.png", _image()),
                                    caption="Mặt đường đã đổ bê tông")  # fmt: skip
    assert photo.image.name.startswith("resources/works/") and work.photos.count() == 1
    _refused("photo", "không phải ảnh", services.work_photo_add, actor=officer, work=work,
             photo=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 not an image"))  # fmt: skip
    big = SimpleUploadedFile("lon.png", _image())
    big.size = PHOTO_MAX_BYTES + 1
    _refused("photo", "tối đa 5 MB", services.work_photo_add, actor=officer, work=work, photo=big)


def test_an_update_that_fails_leaves_the_work_as_it_was(user, binh_son):
    officer = user("xa.binhson")
    work = services.work_create(actor=officer, commune=binh_son, funding={"central_budget": 9_000_000}, **ROAD)
    _refused("completed_on", "trước ngày khởi công", services.work_update, actor=officer, work=work, status="completed",
             completed_on=D(2023, 5, 1), funding={"central_budget": 1})  # fmt: skip
    work.refresh_from_db()
    assert (work.status, work.completed_on, work.funding.get().amount_vnd) == ("new", None, 9_000_000)
    done = services.work_update(actor=officer, work=work, status="completed", completed_on=D(2024, 10, 2))
    assert (
        done.status == "completed"
        and AuditEvent.objects.filter(action="resources.work.update", target_id=str(work.pk)).exists()
    )


def test_deleting_a_work_unlinks_the_capital_recorded_for_it(user, binh_son):
    office = user("huyen.kimboi")
    work = services.work_create(actor=office, commune=binh_son, **ROAD)
    c = services.contribution_create(actor=office, unit=binh_son, starts_on=D(2024, 1, 1), ends_on=D(2024, 3, 31),
                                     source="community", amount_vnd=1_000_000, work=work)  # fmt: skip
    services.work_delete(actor=office, work=work)
    c.refresh_from_db()
    assert c.work is None and not Work.objects.filter(pk=work.pk).exists()
    assert AdminUnit.objects.filter(pk=binh_son.pk).exists()


@pytest.mark.parametrize(("typed", "quantity"), [("1,35", "1.35"), ("4.500", "4500"), ("1.35", "1.35"), ("12", "12")])
def test_quantities_are_read_the_vietnamese_way(typed, quantity):
    assert services.quantity_clean(typed) == Decimal(quantity)
