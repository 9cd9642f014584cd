"""The demo installation: checks the criteria sets, creates the demo logins and prints them."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from tamnong.rules import list_editions, load_edition

DEMO_LOGINS = [
    # (username, password, what the login is for)
    ("admin", "tamnong-demo", "Quản trị hệ thống (toàn quốc)"),
]


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn và in tài khoản đăng nhập thử. Chỉ dùng cho bản cài đặt trình diễn."

    def handle(self, *args, **options):
        for edition_id in list_editions():
            edition = load_edition(edition_id)
            self.stdout.write(f"Bộ tiêu chí {edition.id}: {edition.name_vi} (mã băm {edition.content_hash[:12]})")
        users = get_user_model()
        for username, password, _role in DEMO_LOGINS:
            user, created = users.objects.get_or_create(username=username)
            if created:
                user.is_staff = user.is_superuser = username == "admin"
                user.set_password(password)
                user.save()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Tamnông đang chạy tại http://127.0.0.1:8000 — tài khoản trình diễn:"))
        for username, password, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<12} mật khẩu {password:<14} {role}")
        self.stdout.write("")
