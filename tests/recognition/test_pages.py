"""Pages: the dossier as each role sees it, two reviewers on one page, the history export (province
officers only), the register with its sustainability watch, a new dossier from the list page."""

import csv
import datetime as dt
import io

import openpyxl

from tamnong.ntm.services import self_assessment_save
from tamnong.recognition.models import Dossier

from .conftest import user


def _page(client, name, dossier, on="05/04/2024"):
    client.force_login(user(name))
    return client.get(f"/recognition/dossiers/{dossier.pk}/?on={on}", HTTP_ACCEPT_LANGUAGE="vi")


def test_the_district_sees_its_actions_the_commune_only_reads(client, dossier):
    html = _page(client, "huyen.kimboi", dossier).content.decode()
    assert 'id="action-verify"' in html and 'id="action-return"' in html and 'data-reason-item="3.1"' in html
    assert "data-editable-item" not in html
    html = _page(client, "xa.namthuong", dossier).content.decode()
    assert 'id="transition-form"' not in html and "data-editable-item" not in html
    assert 'data-complete="true"' in html and 'data-state="submitted"' in html
    client.force_login(user("xa.binhson"))
    assert client.get(f"/recognition/dossiers/{dossier.pk}/").status_code == 403


def test_two_reviewers_on_the_same_page_the_second_gets_a_clear_message(client, dossier):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(user("huyen.kimboi"))
    second.force_login(user("huyen.kimboi"))
    form = {"op": "transition", "version": dossier.version, "on": "05/04/2024"}
    assert first.post(f"/recognition/dossiers/{dossier.pk}/", {**form, "action": "verify"}).status_code == 302
    response = second.post(f"/recognition/dossiers/{dossier.pk}/", {**form, "action": "return", "reason:3.1": "x"},
                           HTTP_ACCEPT_LANGUAGE="vi")  # fmt: skip
    assert response.status_code == 409
    assert "vừa được huyen.kimboi thay đổi" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == "verified"


def test_an_illegal_action_posted_by_hand_is_named_on_the_page(client, dossier):
    client.force_login(user("huyen.kimboi"))
    response = client.post(f"/recognition/dossiers/{dossier.pk}/",
                           {"op": "transition", "version": dossier.version, "on": "05/04/2024", "action": "recognise"},
                           HTTP_ACCEPT_LANGUAGE="vi")  # fmt: skip
    assert (
        response.status_code == 400
        and "Không thể «công nhận» hồ sơ đang ở trạng thái «đã nộp»" in response.content.decode()
    )


def test_the_history_exports_for_province_officers_only(client, dossier):
    client.force_login(user("huyen.kimboi"))
    assert client.get(f"/recognition/dossiers/{dossier.pk}/history.csv").status_code == 403
    client.force_login(user("tinh.hoabinh"))
    text = client.get(f"/recognition/dossiers/{dossier.pk}/history.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Thời điểm ghi", "Ngày thực hiện", "Người thực hiện", "Thao tác"]
    assert [r[3] for r in rows[1:]].count("item_change") == 20 and rows[-1][3:6] == ["submit", "draft", "submitted"]
    response = client.get(f"/recognition/dossiers/{dossier.pk}/history.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws.max_row == len(rows) and ws.cell(row=ws.max_row, column=3).value == "xa.namthuong"


def test_the_register_and_the_sustainability_watch(client, dossier, nam_thuong):
    html = client.get("/recognition/register/2020/153/?on=31/03/2024").content.decode()
    assert html.count('data-tier="standard"') == 6 and 'data-flagged="0"' in html
    self_assessment_save(commune=nam_thuong, edition_id=dossier.edition_id, on=dt.date(2024, 6, 30),
                         values={"3.1": 60}, actor=user("xa.namthuong"))  # fmt: skip
    html = client.get("/recognition/register/2020/153/?on=30/06/2024").content.decode()
    assert 'data-commune="05068" data-tier="standard" data-flag="true"' in html and 'data-flagged="1"' in html


def test_a_commune_officer_opens_a_dossier_from_the_list_page(client, dossier):
    client.force_login(user("xa.namthuong"))
    response = client.post("/recognition/", {"unit": "2020:05068", "tier": "model", "on": "31/03/2024"})
    created = Dossier.objects.get(commune=dossier.commune, tier="model")
    assert response.status_code == 302 and response["Location"] == f"/recognition/dossiers/{created.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert 'data-editable-item="3.1"' in html and 'data-complete="false"' in html
    response = client.post("/recognition/", {"unit": "2020:05068", "tier": "model", "on": "31/03/2024"},
                           HTTP_ACCEPT_LANGUAGE="vi")  # fmt: skip
    assert response.status_code == 400 and "đã có hồ sơ" in response.content.decode()


def test_the_working_deadline_says_when_the_holiday_calendar_does_not_cover_its_year(client, dossier):
    client.force_login(user("huyen.kimboi"))
    form = {"op": "transition", "version": dossier.version, "on": "05/04/2024", "action": "verify"}
    assert client.post(f"/recognition/dossiers/{dossier.pk}/", form).status_code == 302
    html = _page(client, "tinh.hoabinh", dossier, on="08/04/2024").content.decode()
    # 15 working days from Friday 05/04/2024; 2024's yearly holidays (Hùng Kings' day) are not entered.
    assert '<span id="due">26/04/2024</span>' in html
    assert 'id="due-caveat"' in html and "của năm 2024: hạn có thể muộn hơn 26/04/2024" in html
