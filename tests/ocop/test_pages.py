"""OCOP pages through HTTP: the unit page, a member's score sheet, the certificate PDF, the
producer's notices, the offices' queue, and the notices command."""

import datetime as dt
import subprocess

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from tamnong.core import clock
from tamnong.core.models import OutboundEmail
from tamnong.ocop import services
from tamnong.ocop.models import Certificate, Entry
from tamnong.rules import ocop


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_the_unit_page_is_public_with_the_sentence_and_statuses(client, demo):
    html = client.get("/ocop/2020/292/", {"on": "29/08/2024"}).content.decode()
    assert "Đến nay, thị xã Kinh Môn đã có 31 sản phẩm OCOP" in html
    assert html.count('class="tag met"') == 31
    lapsed = client.get("/ocop/2020/292/", {"on": "30/06/2026"}).content.decode()
    assert lapsed.count('class="tag not_met"') == 20  # the three-star certificates of 30/06/2023 lapsed


def test_a_member_scores_and_sees_the_stars_and_what_each_part_lost(client, demo):
    entry = Entry.objects.get(product__name="Bưởi Da xanh Nam Thượng")
    entry.certificate.delete()
    services.round_reopen(round_=entry.round, actor=get_user_model().objects.get(username="huyen.kimboi"),
                          on=entry.round.decided_on, reason="Chấm lại sau khi thu hồi kết quả")  # fmt: skip  (decided)
    login(client, "huyen.kimboi")
    assert client.get(f"/ocop/entries/{entry.pk}/").status_code == 403  # not a council member
    login(client, "hoidong.kimboi")
    refused = client.post(f"/ocop/entries/{entry.pk}/", {"A": "45", "B": "20", "C": "30"})
    assert "từ 0 đến 40" in refused.content.decode()
    saved = client.post(f"/ocop/entries/{entry.pk}/", {"A": "38", "B": "24", "C": "33"})
    assert saved.status_code == 302
    html = client.get(saved["Location"]).content.decode()
    entry.refresh_from_db()
    assert f'<span id="stars">{entry.stars} ★</span>' in html
    assert "trung bình điểm của 3 thành viên" in html


def test_the_certificate_pdf_names_the_product(client, demo):
    certificate = Certificate.objects.filter(product__name="Mật ong rừng Hợp Tiến").latest("issued_on")
    response = client.get(f"/ocop/certificates/{certificate.pk}.pdf")
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Mật ong rừng Hợp Tiến" in text and "4 sao" in text and "DỮ LIỆU TRÌNH DIỄN" in text


def test_the_producer_sees_the_expiry_notice_and_the_command_emails_it_once(
    client, demo, django_capture_on_commit_callbacks
):
    certificate = Certificate.objects.get(product__name="Bưởi Da xanh Nam Thượng")
    end = ocop.expires_on(certificate.issued_on)
    login(client, "chuthe.namthuong")
    assert "hết hạn" not in client.get("/ocop/producer/", {"on": "01/06/2025"}).content.decode()
    notice_day = end - dt.timedelta(days=29)
    html = client.get("/ocop/producer/", {"on": notice_day.strftime("%d/%m/%Y")}).content.decode()
    assert f"hết hạn ngày {end:%d/%m/%Y}, còn 30 ngày" in html
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends once the notices are saved
        call_command("ocop_notices", today=(notice_day - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
        assert len(mail.outbox) == 0  # not yet due
        call_command("ocop_notices", today=notice_day.strftime("%d/%m/%Y"))
        call_command("ocop_notices", today=notice_day.strftime("%d/%m/%Y"))
    assert len(mail.outbox) == 1 and "Bưởi Da xanh Nam Thượng" in mail.outbox[0].body
    assert mail.outbox[0].to == ["chuthe.namthuong@example.invalid"]
    assert OutboundEmail.objects.get(about_id=str(certificate.pk)).status == "sent"


def test_the_queue_lists_what_an_office_must_bring_back(client, demo):
    login(client, "tinh.phutho")  # the province of July 2025 keeps Kim Bôi's products
    html = client.get("/ocop/queue/", {"on": clock.today().strftime("%d/%m/%Y")}).content.decode()
    assert "Bưởi Da xanh Nam Thượng" in html  # lapsed, and the demo leaves it lapsed
    assert "Mật ong rừng Hợp Tiến" not in html  # evaluated again before the demo's load day
    assert "Hành tỏi Kinh Môn" not in html  # another province's


def test_the_unit_workbook_opens_with_the_sentence_and_the_products(client, demo):
    import io

    import openpyxl

    response = client.get("/ocop/2020/292/products.xlsx", {"on": "2024-08-29"})
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    summary, products = wb.worksheets
    assert summary["A3"].value.startswith("Đến nay, thị xã Kinh Môn đã có 31 sản phẩm OCOP")
    assert products.max_row == 32 and products["D2"].value == 4 and products["H2"].value == "còn hiệu lực"
    assert products["F2"].number_format == "dd/mm/yyyy"


def test_a_producer_asks_and_only_an_office_in_scope_applies(client, demo):
    from tamnong.ocop.models import Producer, ProducerChange

    producer = Producer.objects.get(members__username="chuthe.namthuong")
    login(client, "chuthe.namthuong")
    bad = client.post("/ocop/producer/", {"producer": producer.pk, "email": "không phải thư"}).content.decode()
    assert "email" in bad.lower() and not ProducerChange.objects.exists()
    assert client.post("/ocop/producer/", {"producer": producer.pk, "phone": "0912 345 678"}).status_code == 302
    producer.refresh_from_db()
    assert producer.phone == ""  # not before the office approves
    assert "0912 345 678" in client.get("/ocop/producer/").content.decode()
    change = ProducerChange.objects.get()
    login(client, "thixa.kinhmon")
    assert "0912 345 678" not in client.get("/ocop/moderation/").content.decode()
    assert client.post("/ocop/moderation/", {"change": change.pk, "action": "approve"}).status_code == 403
    login(client, "tinh.phutho")  # moderation today is the province's: districts are gone since 1 July 2025
    assert "0912 345 678" in client.get("/ocop/moderation/").content.decode()
    assert (
        "Cần ghi lý do từ chối"
        in client.post("/ocop/moderation/", {"change": change.pk, "action": "reject"}).content.decode()
    )
    assert client.post("/ocop/moderation/", {"change": change.pk, "action": "approve"}).status_code == 302
    producer.refresh_from_db()
    change.refresh_from_db()
    assert producer.phone == "0912 345 678" and change.status == "approved" and change.previous == {"phone": ""}


def test_an_unknown_entry_is_not_found(client, demo):
    login(client, "hoidong.kimboi")
    assert client.get("/ocop/entries/999999/").status_code == 404
