"""`tamnong stamps issue --lot <id> --count N --pdf FILE [--size 25]`: issue N serialised stamps for a
lot, write their printable A4 sheet, and print one stamp URL per line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tamnong.core import clock
from tamnong.core.actors import SYSTEM
from tamnong.core.errors import DomainError
from tamnong.trace import links, services
from tamnong.trace import stamps as stamp_sheets


class Command(BaseCommand):
    help = "Cấp tem truy xuất cho một lô và in tờ tem PDF (A4)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="cấp N tem cho một lô")
        issue.add_argument("--lot", type=int, required=True, help="số (id) của lô")
        issue.add_argument("--count", type=int, required=True, help="số tem")
        issue.add_argument("--pdf", type=Path, required=True, help="tệp PDF của tờ tem")
        issue.add_argument("--size", type=int, default=25, choices=stamp_sheets.SIZES_MM, help="cỡ tem (mm)")

    def handle(self, *args, action, lot, count, pdf, size, **options):
        today = clock.today()
        try:
            target = services.lot_get(lot)
            issued = services.stamps_issue(actor=SYSTEM, lot=target, count=count, on=today)
            content = services.sheet_pdf(target, first=issued[0].number, last=issued[-1].number, size_mm=size, on=today)
        except DomainError as exc:
            raise CommandError(exc.message()) from None
        pdf.write_bytes(content)
        for stamp in sorted(issued, key=lambda s: s.number):
            self.stdout.write(links.stamp_url(stamp))
        self.stderr.write(f"{len(issued)} tem, lô {target.code}: {pdf} ({stamp_sheets.page_count(count, size)} trang)")
