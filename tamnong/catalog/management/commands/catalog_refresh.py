"""`tamnong catalog_refresh`: rebuild every catalog entry from the OCOP records (after a bulk change
made outside the services, or when a new administrative list comes into force)."""

from django.core.management.base import BaseCommand

from tamnong.catalog.services import catalog_refresh
from tamnong.core import clock


class Command(BaseCommand):
    help = "Dựng lại danh mục sản phẩm OCOP công khai từ hồ sơ OCOP."

    def handle(self, *args, **options):
        count = catalog_refresh(today=clock.today())
        self.stdout.write(f"{count} sản phẩm trong danh mục.")
