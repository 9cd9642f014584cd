import time

from django.core.management.base import BaseCommand

from tamnong.places.services import units_load


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính của mọi danh mục (2020, 2025-01, 2025-07) và quan hệ kế thừa. Chạy lại nhiều lần vẫn an toàn."

    def handle(self, *args, **options):
        started = time.perf_counter()
        report = units_load()
        for scheme, count in report.units.items():
            self.stdout.write(f"Danh mục {scheme}: {count:,} đơn vị".replace(",", "."))
        self.stdout.write(f"Quan hệ kế thừa: {report.successions:,}".replace(",", "."))
        self.stdout.write(f"Vùng kinh tế - xã hội gán mới: {report.regions}")
        self.stdout.write(f"Phạm vi địa bàn (bảng tra cứu): {report.coverage:,} dòng".replace(",", "."))
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Xong sau {seconds} giây."))
