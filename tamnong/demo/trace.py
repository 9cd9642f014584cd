"""The traceability demo: a lot of "Mật ong rừng Hợp Tiến" (Kim Bôi) bottled in March 2024 from a lot
of raw forest honey, with its EPCIS events (one of them declared erroneous and corrected), 20 stamps
(two voided), and scans, one stamp scanned from many clients; and this season's lot, dated before the
day the demo is loaded, with stamps issued under the certificate in force. DEMO DATA — plausible,
not official."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tamnong.core import clock
from tamnong.core.actors import SYSTEM
from tamnong.ocop.models import Product
from tamnong.places import territory
from tamnong.places.models import AdminUnit
from tamnong.places.schemes import scheme_on
from tamnong.trace import services
from tamnong.trace.models import Lot

HONEY = "Mật ong rừng Hợp Tiến"
HOP_TIEN = ("2020", "05038")  # Xã Hợp Tiến, Huyện Kim Bôi
SHOWROOM = ("2020", "04798")  # Phường Hữu Nghị, Thành phố Hòa Bình: the point of sale receiving the lot


def _at(day: str, time: str = "08:00") -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day}T{time}"))


@transaction.atomic
def trace_demo_load() -> int:
    """Load the demo lots, events, stamps and scans; idempotent. Returns the lots written."""
    product = Product.objects.filter(name=HONEY, is_demo=True).first()
    if product is None or Lot.objects.filter(product=product).exists():
        return 0
    hop_tien = AdminUnit.objects.get(scheme=HOP_TIEN[0], code=HOP_TIEN[1])
    showroom = AdminUnit.objects.get(scheme=SHOWROOM[0], code=SHOWROOM[1])
    raw = services.lot_create(actor=SYSTEM, product=product, is_demo=True, spec=services.LotSpec(
        code="HT-2024-03-TH", produced_on=dt.date(2024, 3, 10), quantity="150", uom="KGM", commune=hop_tien,
        inputs="Mật ong rừng khai thác tự nhiên ở rừng xã Hợp Tiến (dữ liệu trình diễn)",
    ))  # fmt: skip
    services.event_record(actor=SYSTEM, lot=raw, step="produced", event_time=_at("2024-03-10", "07:30"),
                          commune=hop_tien, note="Khai thác 150 kg mật ong rừng", is_demo=True)  # fmt: skip
    bottled = services.lot_create(actor=SYSTEM, product=product, is_demo=True, spec=services.LotSpec(
        code="HT-2024-03", produced_on=dt.date(2024, 3, 15), quantity="300", uom="H87", commune=hop_tien,
        expires_on=dt.date(2026, 3, 15), expiry_kind="best_before",
        inputs="Lô mật ong thô HT-2024-03-TH", standards="TCCS 01:2024 của chủ thể (dữ liệu trình diễn)",
    ))  # fmt: skip
    steps = [
        ("transformed", _at("2024-03-15", "09:00"), hop_tien, {"inputs": [(raw, "150")], "note": "Lọc, đóng 300 chai 500 ml"}),
        ("packed", _at("2024-03-15", "15:00"), hop_tien, {}),
        ("inspected", _at("2024-03-17", "10:00"), hop_tien, {"result": "non_conformant"}),  # recorded by mistake
        ("shipped", _at("2024-03-20", "07:00"), hop_tien, {"quantity": "120"}),
        ("received", _at("2024-03-20", "11:30"), showroom, {"quantity": "120", "note": "Điểm bán sản phẩm OCOP"}),
    ]  # fmt: skip
    recorded = {}
    for step, at, where, extra in steps:
        recorded[step] = services.event_record(
            actor=SYSTEM, lot=bottled, step=step, event_time=at, commune=where, is_demo=True, **extra
        )
    services.event_void(
        actor=SYSTEM, event=recorded["inspected"], reason="Ghi nhầm kết quả (dữ liệu trình diễn)",
        corrected={"step": "inspected", "event_time": _at("2024-03-18", "10:00"), "commune": hop_tien,
                   "result": "conformant", "reference": "Phiếu kết quả thử nghiệm 0318/2024 (dữ liệu trình diễn)",
                   "is_demo": True},
    )  # fmt: skip
    stamps = sorted(
        services.stamps_issue(actor=SYSTEM, lot=bottled, count=20, on=dt.date(2024, 3, 15), is_demo=True),
        key=lambda s: s.number,
    )
    services.stamps_void(actor=SYSTEM, lot=bottled, first=19, last=20, reason="Tem in lỗi (dữ liệu trình diễn)")
    first_scan = _at("2024-03-22", "18:00")
    for i in range(3):  # a buyer scans stamp 1 three times from the same phone
        services.scan_record(product=product, lot=bottled, stamp=stamps[0], serial=stamps[0].serial,
                             client="demo-buyer", at=first_scan + dt.timedelta(days=i))  # fmt: skip
    for i in range(7):  # stamp 2 copied: seven different phones
        services.scan_record(product=product, lot=bottled, stamp=stamps[1], serial=stamps[1].serial,
                             client=f"demo-client-{i}", at=first_scan + dt.timedelta(days=10 + i))  # fmt: skip
    services.scan_record(product=product, lot=bottled, stamp=None, serial="0000000000000", client="demo-unknown",
                         at=first_scan + dt.timedelta(days=20))  # fmt: skip
    _present_lot(product, *(_on_todays_list(unit) for unit in (hop_tien, showroom)))
    return 4


def _on_todays_list(unit: AdminUnit) -> AdminUnit:
    """The unit that continues `unit` on the list in force today (Hợp Tiến is in Xã Mường Động since
    1 July 2025)."""
    return territory.successors_on(unit, scheme_on(clock.today()).scheme)[0]


def _present_lot(product, hop_tien, showroom) -> None:
    """This season's honey, dated before the day the demo is loaded, so that its stamps are the ones a
    buyer scans today: harvested 28 days ago, bottled 21 days ago (best before two years on), 60 bottles
    received by the showroom 14 days ago, 20 stamps issued, scans in the last ten days."""
    today = clock.today()

    def day(days_ago: int) -> dt.date:
        return today - dt.timedelta(days=days_ago)

    def at(days_ago: int, time: str) -> dt.datetime:
        return _at(day(days_ago).isoformat(), time)

    raw = services.lot_create(actor=SYSTEM, product=product, is_demo=True, spec=services.LotSpec(
        code=f"HT-{day(28):%Y-%m}-TH", produced_on=day(28), quantity="60", uom="KGM", commune=hop_tien,
        inputs="Mật ong rừng khai thác tự nhiên ở rừng xã Hợp Tiến (dữ liệu trình diễn)",
    ))  # fmt: skip
    services.event_record(actor=SYSTEM, lot=raw, step="produced", event_time=at(28, "07:30"), commune=hop_tien,
                          note="Khai thác 60 kg mật ong rừng", is_demo=True)  # fmt: skip
    bottled = services.lot_create(actor=SYSTEM, product=product, is_demo=True, spec=services.LotSpec(
        code=f"HT-{day(21):%Y-%m}", produced_on=day(21), quantity="120", uom="H87", commune=hop_tien,
        expires_on=day(21) + dt.timedelta(days=730), expiry_kind="best_before",
        inputs=f"Lô mật ong thô HT-{day(28):%Y-%m}-TH", standards="TCCS 01:2024 của chủ thể (dữ liệu trình diễn)",
    ))  # fmt: skip
    for step, when, where, extra in [
        ("transformed", at(21, "09:00"), hop_tien, {"inputs": [(raw, "60")], "note": "Lọc, đóng 120 chai 500 ml"}),
        ("packed", at(21, "15:00"), hop_tien, {}),
        ("inspected", at(19, "10:00"), hop_tien, {"result": "conformant"}),
        ("shipped", at(14, "07:00"), hop_tien, {"quantity": "60"}),
        ("received", at(14, "11:30"), showroom, {"quantity": "60", "note": "Điểm bán sản phẩm OCOP"}),
    ]:  # fmt: skip
        services.event_record(actor=SYSTEM, lot=bottled, step=step, event_time=when, commune=where, is_demo=True, **extra)
    stamps = sorted(
        services.stamps_issue(actor=SYSTEM, lot=bottled, count=20, on=day(20), is_demo=True), key=lambda s: s.number
    )
    for i, stamp in enumerate(stamps[:4]):  # four buyers, one scan each
        services.scan_record(product=product, lot=bottled, stamp=stamp, serial=stamp.serial,
                             client=f"demo-buyer-{i}", at=at(10 - 2 * i, "18:00"))  # fmt: skip
