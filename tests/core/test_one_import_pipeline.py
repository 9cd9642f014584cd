"""One import pipeline (issue 17): every import goes through tamnong.core.imports — the bounded reader,
the check of every row, the dry run's diff, the save in one transaction, the one report — and an app
declares only its importer (columns, row rule, save). These tests read the source and fail when a
second copy of any part appears:

- a second report class: a class named *Report* of an import, or any class keeping a `problems` list,
  outside tamnong/core/imports;
- a second reader: an import of the low-level reader (`tamnong.core.imports.reader`, `file_rows`) or a
  call of openpyxl's `load_workbook` outside tamnong/core/imports;
- a second pipeline: `transaction.atomic` in a module that defines an importer (the pipeline opens the
  one transaction), or an importer module that does not subclass `imports.Importer`;
- a second set of templates: a template outside tamnong/core/templates/imports that lists an import
  report's problems (`report.problems`) or the refusal page `import_forbidden.html`, or any reference
  to a template of an app's own for them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tamnong"
PIPELINE = PACKAGE / "core" / "imports"
TEMPLATES = PACKAGE / "core" / "templates" / "imports"

# The importers, each a small class in its own app (a new one is added here, and must subclass Importer).
IMPORTERS = {
    "tamnong/ntm/imports.py": "ValuesImporter",
    "tamnong/ocop/imports.py": "ProductsImporter",
    "tamnong/resources/imports.py": "WorksImporter",
    "tamnong/accounts/unit_groups.py": "AttributeImporter",
    "tamnong/recognition/register.py": "DecisionsImporter",
    "tamnong/criteria/authoring.py": "ThresholdsImporter",
}


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if PIPELINE not in p.parents and "migrations" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _classes_keeping_problems(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        if "Report" in node.name and "Import" in node.name:
            found.append(node.name)
            continue
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and item.target.id == "problems":
                found.append(node.name)
    return found


def test_the_one_report_class_is_core_imports():
    found = {}
    for path in _sources():
        names = _classes_keeping_problems(ast.parse(path.read_text(encoding="utf-8")))
        if names:
            found[_rel(path)] = names
    assert found == {}, f"a second import report class: use tamnong.core.imports.ImportReport ({found})"


def test_the_guard_sees_a_second_report_class():
    tree = ast.parse("@dataclass\nclass ThresholdsImport:\n    problems: list[Problem]\n\nclass ImportReport: pass\n")
    assert _classes_keeping_problems(tree) == ["ThresholdsImport", "ImportReport"]


def _reader_uses(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(("tamnong.core.imports.reader", "tamnong.core.imports.pipeline")):
                found.append(f"from {node.module}")
            if node.module.startswith("tamnong.core.imports"):
                found += [f"import {a.name}" for a in node.names if a.name in ("file_rows", "reader", "pipeline")]
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.startswith("tamnong.core.imports.")]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in ("file_rows", "load_workbook"):
                found.append(f"{name}()")
    return found


def test_no_app_reads_an_uploaded_file_itself():
    found = {}
    for path in _sources():
        uses = _reader_uses(ast.parse(path.read_text(encoding="utf-8")))
        if uses:
            found[_rel(path)] = uses
    assert found == {}, f"read uploads through tamnong.core.imports.run, not the reader itself ({found})"


def test_the_guard_sees_a_second_reader():
    tree = ast.parse(
        "from tamnong.core.imports.reader import file_rows\nimport openpyxl\n"
        "rows = file_rows(b'')\nwb = openpyxl.load_workbook(x)\n"
    )
    assert _reader_uses(tree) == [
        "from tamnong.core.imports.reader",
        "import file_rows",
        "file_rows()",
        "load_workbook()",
    ]


def _importer_classes(tree: ast.AST) -> dict[str, list[str]]:
    return {
        node.name: [ast.unparse(b) for b in node.bases]
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.name.endswith("Importer")
    }


@pytest.mark.parametrize("module,importer", sorted(IMPORTERS.items()))
def test_each_importer_is_a_small_class_of_the_pipeline(module, importer):
    source = (ROOT / module).read_text(encoding="utf-8")
    classes = _importer_classes(ast.parse(source))
    assert classes.get(importer) == ["imports.Importer"], f"{module}: {importer} must subclass imports.Importer"
    assert "imports.run(" in source, f"{module}: the service runs its importer through imports.run"


def test_every_importer_is_known_and_none_opens_a_transaction_of_its_own():
    """An importer leaves the one transaction to the pipeline."""
    found = {}
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        classes = _importer_classes(ast.parse(source))
        if not classes:
            continue
        assert IMPORTERS.get(_rel(path)) in classes, f"{_rel(path)} defines {sorted(classes)}: list it in IMPORTERS"
        tree = ast.parse(source)
        for cls in ast.walk(tree):
            if isinstance(cls, ast.ClassDef) and cls.name in classes:
                text = ast.unparse(cls)
                if "transaction.atomic" in text:
                    found[_rel(path)] = cls.name
    assert found == {}, f"an importer opening its own transaction (the pipeline saves in one): {found}"


def test_one_set_of_import_templates():
    """The report, the job page and the refusal page are core's (tamnong/core/templates/imports); app
    templates include them and do not list an import's problems themselves."""
    assert {p.name for p in TEMPLATES.glob("*.html")} >= {"_report.html", "_changes.html", "_job_status.html",
                                                         "job.html", "forbidden.html"}  # fmt: skip
    own = {}
    for path in sorted(PACKAGE.rglob("*.html")):
        if TEMPLATES in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"report\.(problems|errors)\b|\{% for \w+ in problems %\}", text) or "import_forbidden" in path.name:
            own[_rel(path)] = "lists an import report itself"
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        if "import_forbidden.html" in text or re.search(r"\"\w+/\w*import\w*_status\.html\"", text):
            own[_rel(path)] = "renders an import template of its own"
    assert own == {}, f"use the templates of tamnong/core/templates/imports: {own}"
