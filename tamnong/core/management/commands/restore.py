"""Restore a backup (tamnong.core.backup) into the empty database that DATABASE_URL names and the
storages' folders, then check every table's row count and every file against the backup:

    createdb tamnong_restored
    DATABASE_URL=postgres://tamnong@localhost/tamnong_restored tamnong restore /var/backups/tamnong/20261202-0200"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tamnong.core import backup


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống và các thư mục tệp, rồi kiểm tra số dòng và các tệp."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="thư mục của bản sao lưu")

    def handle(self, *args, folder, **options):
        try:
            done = backup.backup_restore(Path(folder))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Đã khôi phục và kiểm tra {done.folder}: {done.tables} bảng, {done.rows} dòng, {done.files} tệp."
        )
