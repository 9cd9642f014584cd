"""The demo installation: checks the criteria sets, loads the seed places' records, prints the logins."""

from django.core.management.base import BaseCommand

from tamnong.criteria.editions import edition_list
from tamnong.demo.services import demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn (Kim Bôi 31/03/2024, Kinh Môn 2024) và in tài khoản đăng nhập thử."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address", default="127.0.0.1:8000", help="where `make demo` serves the site (HOST:PORT), for the message"
        )

    def handle(self, *args, **options):
        for edition in edition_list():
            self.stdout.write(f"Bộ tiêu chí {edition.id}: {edition.name_vi} (mã băm {edition.content_hash[7:19]})")
        logins = demo_load()
        self.stdout.write(
            "Dữ liệu trình diễn: huyện Kim Bôi (31/03/2024), thị xã Kinh Môn (29/08/2024); "
            "nhóm xã 2026 của tỉnh Phú Thọ (lựa chọn trình diễn, không phải quyết định xếp nhóm)."
        )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Tamnông chạy tại http://{options['address']} — tài khoản trình diễn:"))
        for username, password, purpose in logins:
            self.stdout.write(f"  {username:<17} mật khẩu {password:<13} {purpose}")
        self.stdout.write("")
