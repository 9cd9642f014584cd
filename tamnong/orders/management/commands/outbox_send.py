"""Send the emails of the outbox that are due: new ones whose task did not run and retries (run it
every few minutes from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from tamnong.core import clock
from tamnong.core.outbox import outbox_send


class Command(BaseCommand):
    help = "Gửi các email đến hạn trong hộp thư đi (email mới chưa gửi và email gửi lại sau lỗi)."

    def handle(self, *args, **options):
        run = outbox_send(clock.now())
        self.stdout.write(
            f"{run.sent} email đã gửi, {run.retrying} email sẽ gửi lại, {run.failed} email không gửi được."
        )
