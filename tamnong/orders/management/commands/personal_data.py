"""An office handles a person's request about their data (tamnong.orders.personal_data):

    tamnong personal_data export --office huyen.kimboi --phone "0912 345 678" > person.json
    tamnong personal_data erase  --office huyen.kimboi --phone "0912 345 678" --reference "Đơn ngày 02/12/2026"

Only the records within the office's territory are found; both acts are in the audit log."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tamnong.core import clock
from tamnong.core.errors import DomainError
from tamnong.orders import personal_data


class Command(BaseCommand):
    help = (
        "Xuất (JSON) hoặc xoá dữ liệu cá nhân của một người (người mua, hộ kinh doanh) theo số điện thoại, email "
        "hoặc mã số thuế, trong địa bàn của văn phòng."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--office", required=True, help="tên đăng nhập của cán bộ văn phòng xử lý yêu cầu")
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--tax-code", default="")
        parser.add_argument("--reference", default="", help="số hoặc ngày của yêu cầu (bắt buộc khi xoá)")

    def handle(self, *args, **options):
        office = get_user_model().objects.filter(username=options["office"]).first()
        if office is None:
            raise CommandError(f"Không có tài khoản «{options['office']}».")
        try:
            person = personal_data.person_clean(
                phone=options["phone"], email=options["email"], tax_code=options["tax_code"]
            )
            if options["action"] == "export":
                data = personal_data.person_export(actor=office, person=person, now=clock.now())
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
                return
            done = personal_data.person_erase(
                actor=office, person=person, reference=options["reference"], now=clock.now()
            )
        except DomainError as exc:
            raise CommandError(exc.message_vi) from None
        self.stdout.write(
            f"Đã xoá dữ liệu cá nhân: {done.orders} đơn hàng, {done.producers} chủ thể, {done.emails} email."
        )
