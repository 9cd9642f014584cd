"""The roll-up over any unit and span of dates: records of a district count for the units that contain it
on either map, records straddling the span are left out and said so, each work's status is the one of
the span, and the paragraph follows."""

import datetime as dt

from tamnong.places.models import AdminUnit
from tamnong.resources import services
from tamnong.resources.selectors import resources_summary

D = dt.date
Q2 = {"starts_on": D(2024, 4, 1), "ends_on": D(2024, 6, 30)}


def _unit(key: str) -> AdminUnit:
    scheme, code = key.split(":")
    return AdminUnit.objects.get(scheme=scheme, code=code)


def test_a_districts_own_record_counts_for_the_units_that_contain_it(user, kim_boi, binh_son):
    services.contribution_create(
        actor=user("huyen.kimboi"), unit=kim_boi, source="local_budget", amount_vnd="3 tỷ", **Q2
    )
    for key in ("2020:153", "2020:17", "2025-01:153", "2025-07:25"):
        assert resources_summary(unit=_unit(key), **Q2).capital_by_source["local_budget"] == 3_000_000_000, key
    assert resources_summary(unit=binh_son, **Q2).capital_total == 0  # not a commune's money
    assert resources_summary(unit=_unit("2020:292"), **Q2).capital_total == 0  # Kinh Môn


def test_a_record_straddling_the_span_is_left_out_and_the_summary_says_so(user, binh_son):
    services.contribution_create(actor=user("xa.binhson"), unit=binh_son, starts_on=D(2024, 3, 1), ends_on=D(2024, 4, 30),
                                 source="credit", amount_vnd="700 triệu")  # fmt: skip
    summary = resources_summary(unit=binh_son, **Q2)
    assert summary.capital_total == 0
    assert summary.warnings == [(
        "1 bản ghi vốn huy động có khoảng thời gian vượt ra ngoài kỳ báo cáo nên không được tính (không chia theo ngày "
        "vì không có căn cứ).",
        "1 capital record lies partly outside the period and is not counted (records are not split by day: no rule says how).",
    )]  # fmt: skip


def test_works_started_and_completed_in_the_span_are_told_apart(user, binh_son):
    officer = user("xa.binhson")
    services.work_create(actor=officer, commune=binh_son, type="bridge", name="Cầu tràn Suối Bùi", quantity=1, plan_year=2024,
                         status="new", started_on=D(2024, 4, 20), funding={"central_budget": "2 tỷ"})  # fmt: skip
    canal = binh_son.resource_works.filter(type="irrigation_canal", status="continuing").first()
    services.work_update(actor=officer, work=canal, status="completed", completed_on=D(2024, 6, 10))
    summary = resources_summary(unit=binh_son, **Q2)
    assert summary.works_by_type_and_status["bridge"]["new"] == 1
    assert summary.works_by_type_and_status["irrigation_canal"] == {
        "continuing": 1,
        "new": 0,
        "completed": 1,
        "planned": 1,
    }
    text = summary.paragraphs_vi[0]
    assert text.startswith("Quý II/2024, xã Bình Sơn chưa ghi nhận vốn huy động")
    assert (
        "xã đã tiếp tục thực hiện chuyển tiếp: 2 công trình đường giao thông nông thôn, 1 công trình kênh mương" in text
    )
    assert "Khởi công mới: 1 công trình cầu. Hoàn thành: 1 công trình kênh mương." in text
    english = summary.paragraphs_en[0]
    assert "It started 1 bridge (new works). It completed 1 irrigation canal." in english


def test_the_panel_speaks_english_when_asked(client, demo):
    panel = client.get("/resources/2020/153/panel/", {"on": "2024-03-31"}, headers={"Accept-Language": "en"})
    html = panel.content.decode()
    assert "In the first 3 months of 2024, Kim Bôi district mobilised over 267 billion VND" in html
    assert 'id="panel-capital">over 267 billion VND<' in html


def test_the_summary_api_names_a_wrong_parameter(client, demo):
    backwards = client.get("/api/v1/resources/summary", {"unit": "2020:153", "from": "2024-03-31", "to": "2024-01-01"})
    assert backwards.status_code == 400 and "to" in backwards.json()
    unknown = client.get("/api/v1/resources/summary", {"unit": "kim boi", "from": "2024-01-01", "to": "2024-03-31"})
    assert unknown.status_code == 400 and "unit" in unknown.json()
    missing = client.get("/api/v1/resources/summary", {"unit": "2020:153", "to": "2024-03-31"})
    assert missing.status_code == 400 and "from" in missing.json()
