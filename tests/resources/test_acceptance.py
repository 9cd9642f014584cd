"""Acceptance: Kim Bôi's report of the first quarter of 2024 (seed 001) on resources, works and
production comes out of Tamnông's own roll-up of the raw demo records: commune-level works with their
dates and capital records by source, certified areas, cooperatives and farms (tamnong/demo/data/resources.yaml).
The expected figures are read from the scenario (tests/ntm/scenarios/kim-boi-2024-03.yaml)."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from tamnong.places.models import AdminUnit
from tamnong.resources.models import Contribution, Work
from tamnong.resources.selectors import resources_summary
from tamnong.rules.money import format_vnd_over

SCENARIO = Path(__file__).parents[1] / "ntm" / "scenarios" / "kim-boi-2024-03.yaml"
Q1 = {"starts_on": dt.date(2024, 1, 1), "ends_on": dt.date(2024, 3, 31)}
# The article's paragraph (seed 001, 25/03/2024), cut into the clauses Tamnông writes again.
ARTICLE = (
    "3 tháng đầu năm, huyện Kim Bôi đã huy động được trên 267 tỷ đồng cho chương trình MTQG xây dựng nông thôn mới. "
    "Từ nguồn vốn đó và các nguồn vốn từ các chương trình, dự án, huyện đã tiếp tục thực hiện chuyển tiếp: 31 công "
    "trình đường giao thông nông thôn, 1 ngầm, 11 công trình kênh mương, 28 công trình trường học, 3 công trình Nhà văn "
    "hóa, 3 công trình Khu thể thao xã, 6 Nhà văn hóa thôn, 1 công trình nước sạch tập trung. Chuẩn bị đầu tư sửa chữa, "
    "nâng cấp và xây dựng mới: 28 công trình đường giao thông nông thôn, 8 công trình kênh mương, 7 công trình trường "
    "học, 19 nhà văn hóa thôn, 3 công trình nước sạch tập trung."
)
# How reports count each kind ("31 công trình đường giao thông nông thôn"); the article writes "3 công
# trình Nhà văn hóa" for the commune's cultural houses, which Tamnông names in full ("nhà văn hóa xã").
COUNTED = {
    "rural_road": "công trình đường giao thông nông thôn", "spillway": "ngầm", "irrigation_canal": "công trình kênh mương",
    "school": "công trình trường học", "commune_cultural_house": "công trình nhà văn hóa xã",
    "commune_sports_area": "công trình khu thể thao xã", "village_cultural_house": "nhà văn hóa thôn",
    "clean_water_scheme": "công trình nước sạch tập trung",
}  # fmt: skip

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture(scope="module")
def scenario() -> dict:
    return yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))


def _change(field: str) -> Decimal:
    """The year-on-year change the scenario notes beside a figure ("+23 ha year on year")."""
    line = next(line for line in SCENARIO.read_text(encoding="utf-8").splitlines() if line.strip().startswith(field))
    return Decimal(re.search(r"\+([\d.]+) ha year on year", line).group(1))


def _expected_paragraphs(scenario: dict) -> list[str]:
    res, prod = scenario["resources_q1_2024"], scenario["production"]
    billions = res["capital_mobilised_vnd"] // 10**9

    def listed(counts):
        return ", ".join(f"{n} {COUNTED[kind]}" for kind, n in counts.items())

    def ha(x):
        return f"{Decimal(str(x)).normalize():f}".replace(".", ",")

    return [
        f"3 tháng đầu năm 2024, huyện Kim Bôi đã huy động được trên {billions} tỷ đồng cho chương trình MTQG xây dựng "
        "nông thôn mới. Từ nguồn vốn đó và các nguồn vốn từ các chương trình, dự án, huyện đã tiếp tục thực hiện chuyển "
        f"tiếp: {listed(res['works_continuing'])}. Chuẩn bị đầu tư sửa chữa, nâng cấp và xây dựng mới: "
        f"{listed(res['works_planned'])}.",
        f"Diện tích sản xuất đạt tiêu chuẩn VietGAP {ha(prod['vietgap_area_ha'])} ha (tăng {ha(_change('vietgap_area_ha'))} "
        f"ha so với cùng kỳ); đạt tiêu chuẩn GlobalGAP {ha(prod['globalgap_area_ha'])} ha (tăng "
        f"{ha(_change('globalgap_area_ha'))} ha so với cùng kỳ). Huyện Kim Bôi có {prod['agricultural_cooperatives']} hợp "
        f"tác xã hoạt động trong lĩnh vực nông nghiệp; có {prod['farms']} trang trại.",
    ]


def _by_status(summary, status: str) -> dict[str, int]:
    return {kind: counts[status] for kind, counts in summary.works_by_type_and_status.items() if counts[status]}


def test_kim_boi_first_quarter_2024_capital_works_and_production(scenario):
    kim_boi = AdminUnit.objects.get(scheme="2020", code="153")
    summary = resources_summary(unit=kim_boi, **Q1)
    res, prod = scenario["resources_q1_2024"], scenario["production"]

    # capital: "trên 267 tỷ đồng", the sum of the communes' records by source in the quarter
    assert summary.capital_total // 10**9 == res["capital_mobilised_vnd"] // 10**9
    assert summary.capital_total > res["capital_mobilised_vnd"]  # "trên" (over)
    assert format_vnd_over(summary.capital_total) == "trên 267 tỷ đồng"
    assert summary.capital_total == sum(summary.capital_by_source.values())
    # works carried over and works in investment preparation, by kind; none new or completed in the quarter
    assert _by_status(summary, "continuing") == res["works_continuing"]
    assert _by_status(summary, "planned") == res["works_planned"]
    assert _by_status(summary, "new") == {} and _by_status(summary, "completed") == {}
    # production
    areas = {a.standard: a for a in summary.areas}
    assert areas["vietgap"].area_ha == Decimal(str(prod["vietgap_area_ha"]))
    assert areas["vietgap"].change_ha == _change("vietgap_area_ha") == 23
    assert areas["globalgap"].area_ha == Decimal(str(prod["globalgap_area_ha"]))
    assert areas["globalgap"].change_ha == _change("globalgap_area_ha") == Decimal("12.5")
    assert (summary.cooperatives, summary.farms) == (prod["agricultural_cooperatives"], prod["farms"])
    # the paragraphs, generated from the data in the article's style
    assert summary.paragraphs_vi == _expected_paragraphs(scenario)
    assert summary.text_en.startswith("In the first 3 months of 2024, Kim Bôi district mobilised over 267 billion VND")
    assert summary.warnings == []


def test_the_generated_paragraph_says_what_the_article_says():
    generated = resources_summary(unit=AdminUnit.objects.get(scheme="2020", code="153"), **Q1).paragraphs_vi[0].lower()
    clauses = re.split(r"[:.,] ", ARTICLE.lower().rstrip("."))
    for clause in clauses:
        clause = clause.replace("3 tháng đầu năm", "3 tháng đầu năm 2024")
        assert clause in generated, clause


def test_the_figures_come_from_raw_commune_records_marked_as_demo(scenario):
    kim_boi = AdminUnit.objects.get(scheme="2020", code="153")
    works = Work.objects.filter(commune__parent=kim_boi)
    capital = Contribution.objects.filter(
        unit__parent=kim_boi, starts_on__gte=Q1["starts_on"], ends_on__lte=Q1["ends_on"]
    )
    assert works.filter(is_demo=False).count() == 0 and capital.filter(is_demo=False).count() == 0
    assert works.values("commune").distinct().count() >= 10 and capital.values("unit").distinct().count() >= 10
    assert not Contribution.objects.filter(unit=kim_boi).exists()  # nothing recorded at district level
    assert sum(c.total_vnd for c in capital) == resources_summary(unit=kim_boi, **Q1).capital_total
    # records of other dates exist and are left out: works completed in 2023, capital of the last quarter of 2023
    assert works.filter(status="completed", completed_on__year=2023).exists()
    assert Contribution.objects.filter(unit__parent=kim_boi, ends_on__lt=Q1["starts_on"]).exists()


@pytest.mark.parametrize("key", ["2025-01:153", "2020:17", "2025-07:25"])
def test_the_same_records_roll_up_on_either_map(key, scenario):
    """Huyện Kim Bôi of the 2025-01 list, Tỉnh Hòa Bình of 2020, and Tỉnh Phú Thọ of July 2025 (which took
    Hòa Bình in) count the same commune records (no other district has any)."""
    scheme, code = key.split(":")
    summary = resources_summary(unit=AdminUnit.objects.get(scheme=scheme, code=code), **Q1)
    kim_boi = resources_summary(unit=AdminUnit.objects.get(scheme="2020", code="153"), **Q1)
    assert summary.capital_by_source == kim_boi.capital_by_source
    assert summary.works_by_type_and_status == kim_boi.works_by_type_and_status
    assert _by_status(summary, "continuing") == scenario["resources_q1_2024"]["works_continuing"]
    assert (summary.cooperatives, summary.farms) == (kim_boi.cooperatives, kim_boi.farms)
    if key == "2025-07:25":
        assert summary.paragraphs_vi[0].startswith(
            "3 tháng đầu năm 2024, tỉnh Phú Thọ đã huy động được trên 267 tỷ đồng"
        )
        assert (
            "tỉnh đã tiếp tục thực hiện chuyển tiếp: 31 công trình đường giao thông nông thôn"
            in summary.paragraphs_vi[0]
        )


def test_the_summary_api_gives_the_figures_and_the_sentence(client, scenario):
    body = client.get(
        "/api/v1/resources/summary", {"unit": "2020:153", "from": "2024-01-01", "to": "2024-03-31"}
    ).json()
    assert body["capital_total"] // 10**9 == 267 and body["capital_total_text"] == "trên 267 tỷ đồng"
    assert sum(body["capital_by_source"].values()) == body["capital_total"]
    continuing = {k: v["continuing"] for k, v in body["works_by_type_and_status"].items() if v["continuing"]}
    assert continuing == scenario["resources_q1_2024"]["works_continuing"]
    assert body["text_vi"] == "\n\n".join(_expected_paragraphs(scenario))
    assert body["text_en"].startswith("In the first 3 months of 2024")
    assert body["disbursement_rate"] is not None and body["cooperatives"] == 31
    assert {a["kind"] for a in body["alerts"]} == {"lagging", "overdue"}


def test_loading_the_demo_again_changes_nothing(user):
    from tamnong.demo.resources import resources_demo_load

    before = Work.objects.count(), Contribution.objects.count()
    assert resources_demo_load(actor=user("admin")) == 0
    assert (Work.objects.count(), Contribution.objects.count()) == before
