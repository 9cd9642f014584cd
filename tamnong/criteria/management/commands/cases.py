"""`tamnong cases [path]`: run the legal cases and say, for each, whether the engine agrees."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tamnong import rules
from tamnong.criteria.legal_cases import approved_case_sets
from tamnong.rules import cases


class Command(BaseCommand):
    help = (
        "Chạy các tình huống pháp lý: với mỗi tình huống, in kết quả của bộ quy tắc có đúng như tình huống ghi "
        "không, và nếu sai thì điều cần và điều nhận được. Không có đường dẫn: mọi tình huống kèm theo bộ quy tắc "
        "và các tình huống biên của các phiên bản bộ tiêu chí đã duyệt. Mã thoát khác 0 khi có tình huống sai. "
        "Ví dụ: tamnong cases ocop; tamnong cases ~/tinh-huong/ --lang en"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?",
            help="tệp hoặc thư mục tình huống (YAML), hoặc một thư mục trong các tình huống kèm theo, ví dụ ocop",
        )  # fmt: skip
        parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ in ra")

    def handle(self, *args, **options):
        lang = options["lang"]
        outcomes: list[cases.Outcome] = []
        broken = 0
        for title, batch, problem in self._sets(options["path"], lang):
            self.stdout.write(title)
            if problem is not None:
                broken += 1
                self.stdout.write(f"  ✗ {problem}")
                continue
            for outcome in batch():
                outcomes.append(outcome)
                for line in outcome.lines(lang):
                    self.stdout.write(f"  {line}")
        line = cases.summary(outcomes, lang)
        if broken:
            line += f" {broken} files could not be read." if lang == "en" else f" {broken} tệp không đọc được."
        self.stdout.write(line)
        if broken or any(not o.passed for o in outcomes):
            raise SystemExit(1)

    def _sets(self, path: str | None, lang: str):
        """(title, a function running its cases, or the reason its file cannot be read), in order."""
        if path is None:
            yield from self._files(cases.ROOT, lang)
            for case_set in approved_case_sets():
                yield case_set.title(lang), case_set.run, None
            return
        given = Path(path).expanduser()
        if not given.exists() and (cases.ROOT / path).exists():
            given = cases.ROOT / path
        if not given.exists():
            raise CommandError(
                f"No file or folder “{path}”." if lang == "en" else f"Không có tệp hoặc thư mục «{path}»."
            )
        yield from self._files(given.resolve(), lang)

    def _files(self, path: Path, lang: str):
        base = path if path.is_dir() else path.parent
        for file in cases.case_files(path):
            shipped = cases.ROOT in file.parents
            label = file.relative_to(cases.ROOT if shipped else base).as_posix()
            try:
                found = cases.read_file(file, root=cases.ROOT if shipped else None, label=label)
            except rules.RulesError as exc:
                yield label, None, exc.message_en if lang == "en" else exc.message_vi
                continue
            yield label, (lambda found=found: cases.run_all(found)), None
