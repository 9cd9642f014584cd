"""Pages decide what they show and refuse through the authority table (issue 15), both ways. Where the
hand-written check they had ("a writing role whose territory covers the unit", tamnong.accounts.selectors
`actor_scope(write=True)`, which knows no action, no level and no date) disagreed with the table, the
table wins; each such case is a test here:

- a district office (none acts after 30/06/2025: districts are gone) saw its district's queue of
  producers' changes, and its products in the lot form, although every approval or lot was refused:
  the queue and the form now hold what the table lets it act on today, i.e. nothing;
- the NTM import let it start an import of values dated after 30/06/2025 (each commune then refused):
  the upload and the template are refused at once, naming the action, the unit and why;
- the refusals of the NTM entry form and of the works pages are the table's (the action, the unit
  and the reason) instead of a sentence of the page's own.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tamnong.ntm.models import ImportJob
from tamnong.resources.models import Disbursement, Work

pytestmark = pytest.mark.django_db

EDITION = "ntm/commune-2021-2025"


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_the_queue_of_producers_changes_holds_what_the_table_lets_the_office_review_today(client, demo):
    from tamnong.ocop.models import Producer

    producer = Producer.objects.get(members__username="chuthe.namthuong")  # Nam Thượng, Kim Bôi
    _login(client, "chuthe.namthuong")
    assert client.post("/ocop/producer/", {"producer": producer.pk, "phone": "0912 345 678"}).status_code == 302
    _login(client, "huyen.kimboi")  # its territory holds Nam Thượng; the table: no district act after 30/06/2025
    assert "0912 345 678" not in client.get("/ocop/moderation/").content.decode()
    _login(client, "tinh.phutho")
    assert "0912 345 678" in client.get("/ocop/moderation/").content.decode()


def test_the_lot_form_offers_the_products_the_table_lets_the_user_trace_today(client, demo):
    _login(client, "huyen.kimboi")
    assert "Mật ong rừng Hợp Tiến" not in client.get(reverse("trace-lots")).content.decode()
    _login(client, "tinh.phutho")
    assert "Mật ong rừng Hợp Tiến" in client.get(reverse("trace-lots")).content.decode()


def test_the_ntm_import_is_refused_on_a_date_the_district_office_no_longer_acts(client, demo):
    _login(client, "huyen.kimboi")
    ok = client.get("/ntm/import/template/csv/", {"unit": "2020:153", "on": "31/12/2024", "edition": EDITION})
    assert ok.status_code == 200
    late = client.get("/ntm/import/template/csv/", {"unit": "2020:153", "on": "10/07/2025", "edition": EDITION})
    html = late.content.decode()
    assert late.status_code == 403
    assert "Không được «nhập số liệu tiêu chí từ bảng tính» tại Huyện Kim Bôi, Tỉnh Hoà Bình ngày 10/07/2025" in html
    assert "tài khoản là văn phòng điều phối huyện; việc này thuộc văn phòng điều phối trung ương" in html
    upload = SimpleUploadedFile("x.csv", b"commune_code;3.1\n05068;90\n")
    posted = client.post("/ntm/import/", {"unit": "2020:153", "on": "10/07/2025", "edition": EDITION, "file": upload})
    assert posted.status_code == 403 and not ImportJob.objects.exists()
    _login(client, "xem.hoabinh")  # a viewer: no unit to import for
    assert "không có quyền nhập số liệu của đơn vị nào" in client.get("/ntm/import/").content.decode()


def test_the_entry_form_refuses_with_the_tables_reason_and_opens_for_the_office_in_scope(client, demo):
    _login(client, "huyen.kimboi")
    refused = client.get("/ntm/2020/10678/entry/")  # Xã Bạch Đằng, Kinh Môn: another district
    assert refused.status_code == 403
    html = refused.content.decode()
    assert "Không được «ghi số liệu tự đánh giá tiêu chí» tại Xã Bạch Đằng" in html and "ngoài địa bàn" in html
    assert client.get("/ntm/2020/04990/entry/", {"on": "2024-03-31"}).status_code == 200  # Bình Sơn, Kim Bôi
    assert 'href="/ntm/2020/04990/entry/' in client.get("/ntm/2020/04990/").content.decode()
    _login(client, "xem.hoabinh")  # reads the commune, writes nothing: no link to the form, the form refused
    assert 'href="/ntm/2020/04990/entry/' not in client.get("/ntm/2020/04990/").content.decode()
    assert client.get("/ntm/2020/04990/entry/").status_code == 403


def test_a_work_page_shows_its_forms_to_those_the_table_lets_change_it_and_refuses_the_others(client, demo):
    work = Work.objects.filter(commune__code="04990", status="continuing").first()
    before = Disbursement.objects.filter(work=work).count()
    _login(client, "xem.hoabinh")  # a viewer of Hòa Bình: reads the work, changes nothing
    page = client.get(f"/resources/works/{work.pk}/").content.decode()
    assert 'id="work-edit"' not in page
    refused = client.post(f"/resources/works/{work.pk}/", {"action": "disburse", "on": "10/04/2024", "amount_vnd": "1"})
    assert refused.status_code == 403 and "Không được «ghi giải ngân» tại Xã Bình Sơn" in refused.content.decode()
    edit = client.get(f"/resources/works/{work.pk}/edit/")
    assert edit.status_code == 403 and "Không được «sửa công trình» tại Xã Bình Sơn" in edit.content.decode()
    new = client.get("/resources/works/new/", {"commune": "2020:04990"})
    assert new.status_code == 403 and "Không được «thêm công trình» tại Xã Bình Sơn" in new.content.decode()
    assert Disbursement.objects.filter(work=work).count() == before
    _login(client, "huyen.kimboi")
    assert 'id="work-edit"' in client.get(f"/resources/works/{work.pk}/").content.decode()
    assert client.get(f"/resources/works/{work.pk}/edit/").status_code == 200
    assert client.get("/resources/works/new/", {"commune": "2020:04990"}).status_code == 200
