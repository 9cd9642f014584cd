"""Guard of "no `lang ==` branches": a text in the request's language comes from the gettext catalogue
(`_()` / `{% translate %}`), a text that comes with both its languages (a criteria set's names, the
engine's messages) through tamnong.core.i18n.bilingual / Bilingual, the one place that chooses. A new
`lang == "en"`, `== "vi"` or `lang !=` in tamnong/ fails here."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[2] / "tamnong"
BRANCH = re.compile(r"""==\s*["']en["']|["']en["']\s*==|\blang\s*[!=]=|!=\s*["']en["']|==\s*["']vi["']|!=\s*["']vi["']""")

# Allowed for good: path (or folder/) → why.
ALLOWED = {
    "tamnong/rules/": "the engine imports no Django (no gettext): its formatting and explanations take the language as an argument",
    "tamnong/core/i18n.py": "the one place that chooses between a text's two languages (Bilingual)",
}

# Not converted yet (issue 17 point 6, left after the ternary codemod): the builders of reports, XLSX
# templates and presenters that take `lang` as an argument (a report keeps its own language), the pages'
# `lang_en` flags for their scripts, and templates. Each count must match exactly: a new branch fails, and
# so does a file whose branches were converted without lowering its count here.
NOT_YET_CONVERTED = {
    "tamnong/accounts/audit_log.py": 1,
    "tamnong/accounts/history.py": 1,
    "tamnong/accounts/unit_groups_views.py": 1,
    "tamnong/core/imports/reader.py": 1,
    "tamnong/core/jobs/views.py": 1,
    "tamnong/core/templates/imports/_report.html": 1,
    "tamnong/core/workflow.py": 1,
    "tamnong/criteria/authoring.py": 8,
    "tamnong/criteria/authoring_views.py": 5,
    "tamnong/criteria/legal_cases.py": 1,
    "tamnong/criteria/management/commands/cases.py": 3,
    "tamnong/criteria/presenters.py": 4,
    "tamnong/criteria/views.py": 2,
    "tamnong/ntm/dashboard_views.py": 1,
    "tamnong/ntm/entry.py": 9,
    "tamnong/ntm/entry_views.py": 4,
    "tamnong/ntm/import_jobs.py": 2,
    "tamnong/ntm/import_templates.py": 5,
    "tamnong/ntm/import_views.py": 3,
    "tamnong/ntm/imports.py": 2,
    "tamnong/ntm/latest_text.py": 1,
    "tamnong/ntm/management/commands/evaluate.py": 1,
    "tamnong/ntm/narrative.py": 1,
    "tamnong/ntm/presenters.py": 3,
    "tamnong/ntm/selectors.py": 1,
    "tamnong/ntm/templates/ntm/_evaluation.html": 1,
    "tamnong/ntm/templates/ntm/commune.html": 3,
    "tamnong/ntm/templates/ntm/dashboard.html": 1,
    "tamnong/ntm/templates/ntm/entry.html": 1,
    "tamnong/ocop/views.py": 8,
    "tamnong/places/templates/places/_unit_results.html": 1,
    "tamnong/places/templates/places/unit_browser.html": 2,
    "tamnong/places/templates/places/unit_detail.html": 1,
    "tamnong/recognition/navigation.py": 1,
    "tamnong/recognition/selectors.py": 5,
    "tamnong/recognition/templates/recognition/dossier.html": 3,
    "tamnong/recognition/templates/recognition/notices.html": 1,
    "tamnong/recognition/views.py": 6,
    "tamnong/reports/ntm.py": 2,
    "tamnong/resources/apis.py": 1,
    "tamnong/resources/forms.py": 1,
    "tamnong/resources/narrative.py": 1,
    "tamnong/resources/reference.py": 3,
    "tamnong/resources/templates/resources/_commune_works.html": 3,
    "tamnong/resources/templates/resources/criterion.html": 1,
    "tamnong/resources/views.py": 8,
    "tamnong/resources/workflow.py": 1,
    "tamnong/trace/views.py": 1,
}


def _counts() -> dict[str, int]:
    counts = {}
    for path in sorted(ROOT.rglob("*")):
        if path.suffix in (".py", ".html") and "migrations" not in path.parts:
            n = len(BRANCH.findall(path.read_text(encoding="utf-8")))
            if n:
                counts[str(path.relative_to(ROOT.parent))] = n
    return counts


def _allowed(path: str) -> str | None:
    return next((key for key in ALLOWED if path == key or (key.endswith("/") and path.startswith(key))), None)


def test_no_new_language_branch():
    counts = {path: n for path, n in _counts().items() if not _allowed(path)}
    grown = sorted(f"{path}: {n} (listed {NOT_YET_CONVERTED.get(path, 0)})" for path, n in counts.items()
                   if n > NOT_YET_CONVERTED.get(path, 0))  # fmt: skip
    assert not grown, "use gettext or tamnong.core.i18n.bilingual:\n" + "\n".join(grown)


def test_every_allowance_is_used_and_the_list_of_files_left_is_exact():
    counts = _counts()
    assert all(any(_allowed(path) == key for path in counts) for key in ALLOWED), ALLOWED
    shrunk = sorted(f"{path}: {counts.get(path, 0)} (listed {n})" for path, n in NOT_YET_CONVERTED.items()
                    if counts.get(path, 0) != n)  # fmt: skip
    assert not shrunk, "lower NOT_YET_CONVERTED to what is left:\n" + "\n".join(shrunk)
