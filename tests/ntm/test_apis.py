"""The criteria and evaluation API, through HTTP."""

import pytest

pytestmark = pytest.mark.usefixtures("units")

EDITION = "ntm/commune-2021-2025"
NAM_THUONG = "2020:05068"  # Xã Nam Thượng, Huyện Kim Bôi, Tỉnh Hoà Bình (region TDMNPB)


def _evaluate(client, **body):
    payload = {"edition": EDITION, "unit": NAM_THUONG, "on": "2024-03-31", "facts": {"values": {}}} | body
    return client.post("/api/v1/evaluate", payload, content_type="application/json")


def test_editions_are_listed_with_their_tiers_and_hash(client):
    editions = {e["id"]: e for e in client.get("/api/v1/criteria/editions").json()}
    assert set(editions) == {"ntm/commune-2021-2025", "ntm/commune-2026-2030"}
    old = editions[EDITION]
    assert [t["id"] for t in old["tiers"]] == ["standard", "advanced", "model"]
    assert old["tiers"][0]["criteria_count"] == 19
    assert old["content_hash"].startswith("sha256:")
    new = editions["ntm/commune-2026-2030"]
    assert new["place_key"] == "commune_group"
    assert new["tiers"][0]["criteria_count"] == 10
    assert new["valid_from"] == "2026-02-15"


def test_edition_detail_gives_dated_thresholds_with_references(client):
    body = client.get(f"/api/v1/criteria/editions/{EDITION}").json()
    standard = body["tiers"][0]
    criterion_3 = next(c for c in standard["criteria"] if c["number"] == "3")
    indicator = next(i for i in criterion_3["indicators"] if i["code"] == "3.1")
    assert indicator["values"] == [
        {
            "effective": "2022-03-08",
            "value": 80,
            "reference": "318/QĐ-TTg 08/03/2022; hướng dẫn 1680/QĐ-BNN-VPĐP 11/05/2022",
            "source": indicator["values"][0]["source"],
        }
    ]
    criterion_1 = next(c for c in standard["criteria"] if c["number"] == "1")
    assert criterion_1["assessed"] == "direct" and criterion_1["reason_vi"]


def test_edition_detail_for_a_commune_and_date_gives_the_thresholds_applied(client):
    body = client.get(f"/api/v1/criteria/editions/{EDITION}", {"unit": NAM_THUONG, "on": "2024-03-31"}).json()
    applied = body["applied"]
    assert applied["unit"]["full_name"] == "Xã Nam Thượng, Huyện Kim Bôi, Tỉnh Hoà Bình"
    assert applied["place"]["region"] == "TDMNPB"
    standard = applied["tiers"][0]
    assert standard["place_used"] == "TDMNPB"
    i31 = next(i for c in standard["criteria"] for i in c["indicators"] if i["code"] == "3.1")
    assert (i31["comparator"], i31["threshold"], i31["effective"]) == (">=", 80, "2022-03-08")
    advanced = applied["tiers"][1]
    power = next(i for c in advanced["criteria"] for i in c["indicators"] if i["code"] == "household_power_pct")
    assert power["cannot_assess"] is True  # before QĐ 1327/QĐ-BCT of 03/06/2024 the value is not sourced


def test_the_threshold_in_force_follows_the_date(client):
    later = client.get(f"/api/v1/criteria/editions/{EDITION}", {"unit": NAM_THUONG, "on": "2024-12-31"}).json()
    advanced = later["applied"]["tiers"][1]
    power = next(i for c in advanced["criteria"] for i in c["indicators"] if i["code"] == "household_power_pct")
    assert (power["threshold"], power["effective"], power["place_used"]) == (98, "2024-06-03", "TDMNPB")


def test_evaluate_explains_each_indicator_in_vietnamese(client):
    response = _evaluate(client, facts={"values": {"3.1": 76.5, "3.2.items": True, "3.2.score": 62}})
    assert response.status_code == 200
    body = response.json()
    assert body["unit"]["key"] == NAM_THUONG
    standard = body["tiers"][0]
    c3 = next(c for c in standard["criteria"] if c["number"] == "3")
    i31 = next(i for i in c3["indicators"] if i["code"] == "3.1")
    assert i31["status"] == "not_met"
    assert i31["explanation_vi"].startswith("Chỉ tiêu 3.1: 76,5% < 80% — chưa đạt")
    assert c3["status"] == "not_met"
    assert body["tier_reached"] is None
    assert body["next_tier"] == "standard"
    assert any(g["criterion"] == "3" and g["indicator"] == "3.1" for g in body["gaps"])
    assert body["trace"]["edition_id"] == EDITION


def test_direct_assessments_decide_criteria_without_sourced_indicators(client):
    facts = {"values": {}, "assessments": {"1": {"met": True, "evidence": "QĐ 1234/QĐ-UBND", "by": "Phòng KT-HT"}}}
    body = _evaluate(client, facts=facts).json()
    c1 = body["tiers"][0]["criteria"][0]
    assert (c1["number"], c1["status"], c1["basis"]) == ("1", "met", "direct_assessment")
    assert "QĐ 1234/QĐ-UBND" in c1["explanation_vi"]
    assert body["tiers"][0]["criteria_met"] == 1


@pytest.mark.parametrize(
    ("body", "field", "vi", "en"),
    [
        ({"on": "31/03/2024"}, "on", "định dạng", "format"),
        ({"on": "2021-12-31"}, "on", "08/03/2022", "08/03/2022"),
        ({"unit": "2020:153"}, "unit", "không phải đơn vị cấp xã", "not a commune-level unit"),
        ({"unit": "2020:99999"}, "unit", "99999", "99999"),
        ({"unit": "Nam Thượng"}, "unit", "không hợp lệ", "invalid"),
        ({"edition": "ntm/nope"}, "edition", "ntm/nope", "ntm/nope"),
        ({"facts": {"values": {"99.9": 1}}}, "facts", "99.9", "99.9"),
        ({"facts": {"values": {"3.1": "tám mươi"}}}, "facts", "3.1", "3.1"),
        ({"unit": "2025-07:04990"}, "unit", "vùng", "region"),
    ],
)
def test_bad_input_is_refused_naming_the_field_in_both_languages(client, body, field, vi, en):
    refused = _evaluate(client, **body)
    assert refused.status_code == 400, refused.content
    assert vi in refused.json()[field][0]
    english = client.post(
        "/api/v1/evaluate",
        {"edition": EDITION, "unit": NAM_THUONG, "on": "2024-03-31", "facts": {"values": {}}} | body,
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert en in english.json()[field][0]


def test_missing_fields_are_named(client):
    response = client.post("/api/v1/evaluate", {}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"edition", "unit", "on", "facts"}
    assert response.json()["on"] == ["Trường này là bắt buộc."]
