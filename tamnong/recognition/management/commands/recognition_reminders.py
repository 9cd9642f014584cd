"""Queue reminders (in-app and email) for recognition dossiers past their step's working deadline.
Dry run by default: pass --send to queue them."""

from django.core.management.base import BaseCommand, CommandError

from tamnong.core.dates import parse_date
from tamnong.recognition.services import reminders_queue


class Command(BaseCommand):
    help = "Nhắc việc các hồ sơ xét công nhận quá thời hạn làm việc của bước hiện tại (chạy thử nếu không có --send)."

    def add_arguments(self, parser):
        parser.add_argument("--today", required=True, help="Ngày xét, 31/03/2024 hoặc 2024-03-31")
        parser.add_argument("--send", action="store_true", help="Ghi thông báo và xếp email (mặc định: chạy thử)")

    def handle(self, *args, today, send, **options):
        day = parse_date(today)
        if day is None:
            raise CommandError(f"Ngày «{today}» không hợp lệ.")
        results = reminders_queue(today=day, dry_run=not send)
        for dossier, count in results:
            self.stdout.write(
                f"#{dossier.pk} {dossier.commune.title} {dossier.state} hạn {dossier.due_on:%d/%m/%Y}: {count}"
            )
        verb = "Đã nhắc" if send else "Chạy thử: sẽ nhắc"
        self.stdout.write(f"{verb} {len(results)} hồ sơ.")
