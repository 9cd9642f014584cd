"""Acceptance: the OCOP figures of the seed articles come out of Tamnông's own computations on the
demo records (raw score sheets → council results → certificates)."""

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import yaml

from tamnong.core import clock
from tamnong.ocop.models import Certificate, Registration
from tamnong.ocop.selectors import ocop_summary
from tamnong.places.models import AdminUnit
from tamnong.rules import ocop

SCENARIOS = Path(__file__).parents[1] / "ntm" / "scenarios"


def _scenario(name):
    return yaml.safe_load((SCENARIOS / name).read_text(encoding="utf-8"))


def test_kinh_mon_sentence_and_stars(demo):
    facts = _scenario("kinh-mon-2024.yaml")
    summary = ocop_summary(unit=AdminUnit.objects.get(scheme="2020", code="292"), on=facts["as_of"])
    assert summary.products_total == facts["ocop"]["certified_products_total"]
    assert {k: v for k, v in summary.by_stars.items() if v} == facts["ocop"]["by_stars"]
    assert summary.text_vi == " ".join(facts["ocop"]["expected_sentence_vi"].split())
    registered = Registration.objects.filter(year=2024, product__commune__parent__code="292")
    assert sorted(r.product.name for r in registered) == sorted(p["product"] for p in facts["ocop"]["registered_2024"])


def test_kim_boi_2023_results_from_raw_scores(demo):
    facts = _scenario("kim-boi-2024-03.yaml")
    for item in facts["ocop"]["evaluated_2023"]:
        certificate = Certificate.objects.select_related("entry__round").get(
            product__name=item["product"], issued_on__year=2023
        )
        entry = certificate.entry
        assert certificate.stars == item["stars"] == entry.stars
        assert certificate.issued_on.year == 2023
        sheets = [sum(Decimal(v) for v in s.parts.values()) for s in entry.scores.all()]
        assert len(sheets) == 3  # three members' sheets
        assert entry.total == (sum(sheets) / 3).quantize(Decimal("0.01"))  # the council's points: their mean


def test_certificates_come_from_the_council_with_authority(demo):
    """Under Decision 148 the district recognises 3★ and the province 4★; under 1048 (Kim Bôi's 2021
    cycle) the district forwards and the province recognises 3–4★."""
    levels = Counter()
    for certificate in Certificate.objects.filter(is_demo=True).select_related("entry__round"):
        round_ = certificate.entry.round
        assert certificate.stars in ocop.authority(round_.held_on, round_.level).recognises
        assert round_.level == certificate.issuer_level and certificate.entry.decision == "recognise"
        levels[ocop.authority(round_.held_on, round_.level).period, certificate.stars, round_.level] += 1
    assert levels[("148", 3, "district")] == 21 and levels[("148", 4, "province")] == 13
    assert levels[("1048", 3, "province")] == 9


def test_kim_boi_twelve_products_at_the_end_of_march_2024(demo):
    facts = _scenario("kim-boi-2024-03.yaml")
    summary = ocop_summary(unit=AdminUnit.objects.get(scheme="2020", code="153"), on=facts["as_of"])
    assert summary.products_total == facts["ocop"]["certified_products_total"] == 12
    assert summary.by_stars == {"5": 0, "4": 2, "3": 10}
    named = {s.product.name for s in summary.standings if s.state == "valid"}
    assert set(facts["ocop"]["other_products_named"]) <= named
    # the 2021 certificates lapse on 19/12/2024: to re-evaluate, as the article says
    assert ocop_summary(unit=AdminUnit.objects.get(scheme="2020", code="153"), on=dt.date(2024, 12, 20)).expired == 9


def test_kinh_mon_certificates_lapse_36_months_after_their_decisions(demo):
    """The three-star decision of 30/06/2023 and the four-star one of 10/10/2023 lapse in 2026."""
    kinh_mon = AdminUnit.objects.get(scheme="2020", code="292")
    last_day = ocop_summary(unit=kinh_mon, on=dt.date(2026, 6, 29))
    assert (last_day.products_total, last_day.expiring, last_day.expired) == (31, 20, 0)
    lapsed = ocop_summary(unit=kinh_mon, on=dt.date(2026, 6, 30))
    assert (lapsed.products_total, lapsed.by_stars["4"], lapsed.expired) == (11, 11, 20)
    assert "11 sản phẩm OCOP" in lapsed.text_vi
    assert ocop_summary(unit=kinh_mon, on=dt.date(2026, 10, 10)).expired == 31


def test_kinh_mon_2024_targets_and_progress(demo, client):
    facts = _scenario("kinh-mon-2024.yaml")["ocop"]["targets_2024"]
    summary = ocop_summary(unit=AdminUnit.objects.get(scheme="2020", code="292"), on=dt.date(2024, 8, 29))
    assert [(target, actual) for _, target, actual in summary.progress] == [
        (facts["new_3_star_at_least"], 0),  # new 3-star products in 2024: none yet on 29/08
        (facts["new_4_star_at_least"], 0),
    ]
    body = client.get("/api/v1/ocop/summary", {"unit": "2020:292", "on": "2024-08-29"}).json()
    assert [t["target"] for t in body["targets"]] == [7, 1]


def test_products_count_on_either_map(demo):
    """Kinh Môn's products were entered on the 2020 list; Hải Dương went into Hải Phòng in July 2025."""
    on = dt.date(2024, 8, 29)
    hai_phong_2025 = ocop_summary(unit=AdminUnit.objects.get(scheme="2025-07", code="31"), on=on)
    hai_duong_2020 = ocop_summary(unit=AdminUnit.objects.get(scheme="2020", code="30"), on=on)
    assert hai_duong_2020.products_total == 31
    assert hai_phong_2025.products_total == 31 and hai_phong_2025.by_stars == hai_duong_2020.by_stars
    hoa_binh_elsewhere = ocop_summary(
        unit=AdminUnit.objects.get(scheme="2025-07", code="25"), on=on
    )  # Phú Thọ took in Hòa Bình
    assert hoa_binh_elsewhere.products_total == 12


def test_kinh_mon_2024_registrations(demo, client):
    facts = _scenario("kinh-mon-2024.yaml")["ocop"]
    summary = ocop_summary(unit=AdminUnit.objects.get(scheme="2020", code="292"), on=dt.date(2024, 8, 29))
    assert sorted(r.product.name for r in summary.registered) == sorted(p["product"] for p in facts["registered_2024"])
    html = client.get("/ocop/2020/292/", {"on": "29/08/2024"}).content.decode()
    assert "11 sản phẩm đăng ký năm 2024" in html and "Gạo nếp cái hoa vàng Hương Trung — 4 ★" in html
    body = client.get("/api/v1/ocop/summary", {"unit": "2020:292", "on": "2024-08-29"}).json()
    assert len(body["registered_this_year"]) == 11


def test_lapsed_products_come_back_under_decision_1489(demo):
    """Kim Bôi's 2021 products, its honey and Kinh Môn's numbered four-star products are registered,
    pre-checked by their communes and recognised again by the provinces of July 2025: the demo's
    present, dated before the day it was loaded, so that they are in force whatever the day."""
    on = clock.today()
    phu_tho = ocop_summary(unit=AdminUnit.objects.get(scheme="2025-07", code="25"), on=on)
    assert (phu_tho.products_total, phu_tho.by_stars["3"], phu_tho.by_stars["4"]) == (10, 9, 1)
    assert {s.certificate.decision_number for s in phu_tho.standings if s.state == "valid"} == {"1875/QĐ-UBND"}
    hai_phong = ocop_summary(unit=AdminUnit.objects.get(scheme="2025-07", code="31"), on=on)
    assert (hai_phong.products_total, hai_phong.by_stars["4"]) == (9, 9)
    renewed = Certificate.objects.filter(decision_number__in=["1875/QĐ-UBND", "3120/QĐ-UBND"])
    assert renewed.count() == 19 and all(on - dt.timedelta(days=70) < c.issued_on < on for c in renewed)
    registrations = Registration.objects.filter(product__certificates__in=renewed).distinct()
    assert registrations.count() == 19 and {r.status for r in registrations} == {"evaluated"}
    assert all(r.precheck == ["origin", "local_labour"] and r.prechecked_on for r in registrations)
    for certificate in renewed.select_related("entry__round"):
        assert certificate.issuer_level == "province" and certificate.entry.round.unit.scheme == "2025-07"
