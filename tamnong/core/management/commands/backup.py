"""Back up the database and the uploaded files into a new folder (tamnong.core.backup):

tamnong backup /var/backups/tamnong/$(date +%Y%m%d-%H%M)
tamnong backup --check /var/backups/tamnong/20261202-0200   # compare a backup with the live data"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tamnong.core import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp tải lên vào một thư mục mới (hoặc --check: so sánh với bản sao lưu)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="thư mục mới cho bản sao lưu")
        parser.add_argument("--check", action="store_true", help="so sánh dữ liệu hiện tại với bản sao lưu này")

    def handle(self, *args, folder, check, **options):
        try:
            done = backup.backup_check(Path(folder)) if check else backup.backup_create(Path(folder))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        verb = "Khớp với bản sao lưu" if check else "Đã sao lưu"
        self.stdout.write(f"{verb} {done.folder}: {done.tables} bảng, {done.rows} dòng, {done.files} tệp.")
