"""Send the OCOP expiry notices due on a date (run daily, e.g. from cron or Celery beat)."""

from django.core.management.base import BaseCommand, CommandError

from tamnong.core import clock
from tamnong.core.dates import parse_date
from tamnong.ocop.notices import expiry_notices_send


class Command(BaseCommand):
    help = "Gửi thông báo hết hạn giấy chứng nhận OCOP đến hạn (30 ngày trước ngày hết hạn)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="ngày (dd/mm/yyyy); mặc định: hôm nay")

    def handle(self, *args, **options):
        today = parse_date(options["today"]) if options["today"] else clock.today()
        if today is None:
            raise CommandError(f"Ngày không hợp lệ: {options['today']}")
        sent = expiry_notices_send(today)
        self.stdout.write(f"{len(sent)} thông báo đã gửi ngày {today:%d/%m/%Y}.")
