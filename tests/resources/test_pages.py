"""The pages: the htmx panel of the NTM dashboards, a unit's works table with its filters, a commune's
works by criterion and the page of one criterion, the work form and the work page. Checked through
element ids and data attributes (the interface text is translated separately)."""

import datetime as dt
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tamnong.resources.models import Contribution, Work


def test_the_district_dashboard_loads_the_resources_panel(client, demo):
    page = client.get("/ntm/2020/153/", {"on": "2024-03-31"}).content.decode()
    assert 'id="resources-panel" hx-get="/resources/2020/153/panel/?on=2024-03-31"' in page
    assert 'id="resources-link" href="/resources/2020/153/?to=2024-03-31"' in page
    panel = client.get(
        "/resources/2020/153/panel/", {"on": "2024-03-31"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'data-capital-total="267350000000"' in panel and 'data-works-total="149"' in panel
    assert 'id="panel-capital">trên 267 tỷ đồng<' in panel
    assert "3 tháng đầu năm 2024, huyện Kim Bôi đã huy động được trên 267 tỷ đồng" in panel
    assert "<html" not in panel  # a fragment
    # the province of July 2025 that took Kim Bôi in shows the same figures
    province = client.get("/resources/2025-07/25/panel/", {"on": "2024-03-31"}).content.decode()
    assert 'data-capital-total="267350000000"' in province and "tỉnh Phú Thọ" in province


def test_the_works_table_filters_by_kind_and_status(client, user):
    client.force_login(user("huyen.kimboi"))
    page = client.get("/resources/2020/153/", {"from": "2024-01-01", "to": "2024-03-31"}).content.decode()
    assert len(re.findall(r'<tr data-work="\d+"', page)) == Work.objects.filter(commune__parent__code="153").count()
    assert 'id="capital-total" data-vnd="267350000000"' in page and 'id="cooperatives">31<' in page
    assert 'data-source="central_budget" data-vnd="112000000000"' in page
    assert '<li data-kind="lagging">' in page and '<li data-kind="overdue">' in page
    assert (
        'id="contribution-form"' in page and 'id="work-new-link" href="/resources/works/new/?unit=2020%3A153"' in page
    )
    filtered = client.get("/resources/2020/153/", {"type": "school", "status": "continuing"}).content.decode()
    kinds = set(re.findall(r'data-type="(\w+)" data-status="(\w+)"', filtered))
    assert kinds == {("school", "continuing")} and len(re.findall(r"<tr data-work=", filtered)) == 28


def test_the_commune_page_links_each_criterion_to_its_works(client, user):
    client.force_login(user("xa.binhson"))
    page = client.get("/ntm/2020/04990/").content.decode()
    assert 'href="/resources/2020/04990/criteria/2/?edition=ntm/commune-2021-2025"' in page
    assert 'id="resources-works" hx-get="/resources/2020/04990/by-criterion/?edition=ntm/commune-2021-2025"' in page
    panel = client.get("/resources/2020/04990/by-criterion/", {"edition": "ntm/commune-2021-2025"}).content.decode()
    groups = re.findall(r'<h3 data-criterion="(\d*)">', panel)
    assert groups == ["2", "3", "5", "6"]  # Bình Sơn's roads, canals, schools and village cultural house
    assert 'id="commune-work-new"' in panel


def test_the_criterion_page_shows_the_evaluation_and_the_works_that_serve_it(client, user):
    client.force_login(user("xa.binhson"))
    page = client.get("/resources/2020/04990/criteria/2/").content.decode()
    assert 'id="criterion-title" data-criterion="2"' in page and "Giao thông" in page
    assert '<li data-status="not_met">' in page  # Bình Sơn has not met criterion 2 on 31/03/2024
    roads = Work.objects.filter(commune__code="04990", type__in=["rural_road", "spillway", "bridge"])
    assert set(re.findall(r'<tr data-work="(\d+)"', page)) == {str(w.pk) for w in roads} and roads.count() == 4
    met = client.get("/resources/2020/04990/criteria/8/").content.decode()
    assert 'data-status="met"' in met and re.findall(r"<tr data-work=", met) == []
    assert client.get("/resources/2020/04990/criteria/42/").status_code == 404
    assert client.get("/resources/2020/153/criteria/2/").status_code == 404  # a district has no criteria page
    client.force_login(user("xa.namthuong"))
    assert client.get("/resources/2020/04990/criteria/2/").status_code == 403


def test_the_work_form_records_a_work_and_names_the_wrong_field(client, user):
    client.force_login(user("xa.binhson"))
    form = client.get("/resources/works/new/", {"commune": "2020:04990", "type": "rural_road"}).content.decode()
    assert 'id="work-form"' in form and '<option value="rural_road" selected>' in form
    values = {"commune": "2020:04990", "type": "rural_road", "name": "Đường thôn Đồi Bưng", "quantity": "0,9",
              "plan_year": "2024", "status": "new", "started_on": "05/03/2024", "planned_end_on": "30/09/2024",
              "funding_central_budget": "900.000.000", "funding_community": "1,5 triệu"}  # fmt: skip
    bad = client.post("/resources/works/new/", values | {"completed_on": "01/03/2024", "status": "completed"})
    assert bad.status_code == 400 and '<li data-field="completed_on">' in bad.content.decode()
    bad = client.post("/resources/works/new/", values | {"funding_local_budget": "-1"})
    assert bad.status_code == 400 and '<li data-field="funding_local_budget">' in bad.content.decode()
    bad = client.post("/resources/works/new/", values | {"started_on": "5 tháng 3"})
    assert bad.status_code == 400 and '<li data-field="started_on">' in bad.content.decode()
    assert not Work.objects.filter(name="Đường thôn Đồi Bưng").exists()
    saved = client.post("/resources/works/new/", values)
    work = Work.objects.get(name="Đường thôn Đồi Bưng")
    assert saved.status_code == 302 and saved["Location"] == f"/resources/works/{work.pk}/"
    assert sum(f.amount_vnd for f in work.funding.all()) == 901_500_000
    assert client.get("/resources/works/new/", {"commune": "2020:05068"}).status_code == 403  # not his commune


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 180, 40)).save(out, "PNG")
    return out.getvalue()


def test_the_work_page_records_disbursements_and_photos(client, user):
    client.force_login(user("huyen.kimboi"))
    work = Work.objects.filter(commune__code="04990", status="continuing").first()
    budget = sum(f.amount_vnd for f in work.funding.all())
    paid = sum(d.amount_vnd for d in work.disbursements.all())
    page = client.get(f"/resources/works/{work.pk}/", {"on": "2024-03-31"}).content.decode()
    assert 'id="work-criteria"' in page and 'data-edition="ntm/commune-2026-2030"' in page
    over = client.post(f"/resources/works/{work.pk}/", {"action": "disburse", "on": "10/04/2024",
                                                          "amount_vnd": str(budget - paid + 1)})  # fmt: skip
    assert 'id="work-errors"' in over.content.decode() and work.disbursements.count() == 2
    ok = client.post(
        f"/resources/works/{work.pk}/", {"action": "disburse", "on": "10/04/2024", "amount_vnd": str(budget - paid)}
    )
    assert ok.status_code == 302 and sum(d.amount_vnd for d in work.disbursements.all()) == budget
    photo = client.post(f"/resources/works/{work.pk}/", {"action": "photo", "photo": SimpleUploadedFile("a.png", _png()),
                                                           "caption": "Thi công mặt đường"})  # fmt: skip
    assert photo.status_code == 302 and work.photos.count() == 1
    page = client.get(f"/resources/works/{work.pk}/").content.decode()
    assert 'id="photos"><figure><img src="' in page


def test_capital_is_recorded_from_the_unit_page(client, user):
    client.force_login(user("huyen.kimboi"))
    back = "/resources/2020/153/?from=2024-04-01&to=2024-06-30"
    response = client.post("/resources/contributions/new/", {
        "unit": "2020:153", "starts_on": "01/04/2024", "ends_on": "30/06/2024", "source": "local_budget",
        "amount_vnd": "2,5 tỷ", "next": back,
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == back
    record = Contribution.objects.get(unit__code="153", starts_on=dt.date(2024, 4, 1))
    assert record.amount_vnd == 2_500_000_000 and record.created_by.username == "huyen.kimboi"
    page = client.get(back).content.decode()
    assert f'data-contribution="{record.pk}"' in page and 'id="capital-total" data-vnd="2500000000"' in page
    client.force_login(user("xa.namthuong"))
    refused = client.post("/resources/contributions/new/", {"unit": "2020:153", "starts_on": "01/04/2024",
                                                            "ends_on": "30/06/2024", "source": "credit", "amount_vnd": "5"})  # fmt: skip
    assert refused.status_code == 403
