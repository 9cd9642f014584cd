from django.core.management.base import BaseCommand

from tamnong.criteria.editions import edition_list
from tamnong.criteria.presenters import coverage_lines


class Command(BaseCommand):
    help = "Liệt kê những gì trong các bộ tiêu chí chưa có nguồn: tiêu chí phải đánh giá trực tiếp, chỉ tiêu chưa có ngưỡng."

    def add_arguments(self, parser):
        parser.add_argument("--lang", choices=["vi", "en"], default="vi")

    def handle(self, *args, **options):
        for edition in edition_list():
            for line in coverage_lines(edition, options["lang"]):
                self.stdout.write(line)
