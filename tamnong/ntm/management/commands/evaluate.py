import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tamnong import rules
from tamnong.core.errors import DomainError
from tamnong.criteria.editions import edition_get
from tamnong.criteria.selectors import evaluation_compute
from tamnong.ntm import presenters
from tamnong.places.selectors import unit_full_name, unit_get_by_key


class Command(BaseCommand):
    help = (
        "Đánh giá một xã theo một bộ tiêu chí vào một ngày, từ tệp dữ kiện YAML, và giải thích từng chỉ tiêu. "
        "Ví dụ: tamnong evaluate --edition ntm/commune-2021-2025 --unit 2020:05068 --on 2024-03-31 --facts facts.yaml"
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, help="mã bộ tiêu chí, ví dụ ntm/commune-2021-2025")
        parser.add_argument("--unit", required=True, help="<danh mục>:<mã>, ví dụ 2020:05068")
        parser.add_argument("--on", required=True, type=dt.date.fromisoformat, help="ngày đánh giá, YYYY-MM-DD")
        parser.add_argument("--facts", required=True, help="tệp YAML: values (chỉ tiêu) và assessments (tiêu chí)")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ giải thích")

    def handle(self, *args, **options):
        try:
            facts = rules.read_yaml(Path(options["facts"])) or {}
            unit = unit_get_by_key(options["unit"])
            evaluation = evaluation_compute(
                edition=edition_get(options["edition"]), unit=unit, on=options["on"], facts=facts
            )
        except DomainError as exc:
            raise CommandError(exc.message_en if options["lang"] == "en" else exc.message_vi) from None
        except (rules.RulesError, OSError) as exc:
            raise CommandError(getattr(exc, "message_vi", str(exc))) from None
        if options["json"]:
            body = {"unit": {"key": unit.key, "full_name": unit_full_name(unit)}, **evaluation.to_dict()}
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
        else:
            edition = edition_get(options["edition"])
            self.stdout.write(
                presenters.evaluation_text(
                    evaluation, unit_name=unit_full_name(unit), edition=edition, lang=options["lang"]
                ),
                ending="",
            )
