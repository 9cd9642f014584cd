"""Guard: legal numbers and dates live in dated YAML under tamnong/rules/data/, not in Python.

Greps every Python file of tamnong/ (not the tests, not migrations, not rules/data) for a literal date
of a year, the "expiring" constant, the report bands constant, a tuple of OCOP star levels and a
literal duration of two days or more. Each justified non-legal use is allowed below with its reason;
a use not allowed fails, and so does an allowance that no longer matches anything (stale)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "tamnong"

PATTERNS = {
    "a literal date": re.compile(r"\b(?:date|datetime)\(\s*(?:19|20)\d\d"),
    "EXPIRING_DAYS": re.compile(r"\bEXPIRING_DAYS\b"),
    "DISTRIBUTION_BANDS": re.compile(r"\bDISTRIBUTION_BANDS\b"),
    "star levels": re.compile(r"[\(\[\{]\s*3\s*,\s*4\s*,\s*5\s*[\)\]\}]"),
    "a literal duration": re.compile(
        r"\b(?:timedelta|relativedelta)\(\s*(?:days|weeks|months|years)\s*=\s*(?:[2-9]|\d{2,})"
    ),
}

# (file under tamnong/, pattern, text on the line) → why it is no legal number or date.
ALLOWED = {
    ("trace/services.py", "a literal duration", "timedelta(days=366)"):
        "a plausibility check of input (an event a year before its lot is a typing error), no legal limit",
    ("trace/views.py", "a literal duration", "timedelta(days=30)"):
        "the default window of the scans page (the last 30 days), a display choice",
    ("demo/resources.py", "a literal duration", "timedelta(days=240)"):
        "demo data: the planned length of an invented work",
    ("demo/resources.py", "a literal date", "dt.date(2023, 10, 1)"):
        "demo data: the quarter an invented contribution covers",
    ("demo/resources.py", "a literal date", "dt.date(2012 + "):
        "demo data: the invented founding year of a cooperative",
    ("demo/resources.py", "a literal date", "dt.date(2014 + i, 6, 1)"):
        "demo data: the invented founding year of an enterprise",
    ("demo/trace.py", "a literal date", "produced_on=dt.date(2024, 3, 10)"):
        "demo data: the production day of an invented lot",
    ("demo/trace.py", "a literal date", "produced_on=dt.date(2024, 3, 15)"):
        "demo data: the production day of an invented lot",
    ("demo/trace.py", "a literal date", "expires_on=dt.date(2026, 3, 15)"):
        "demo data: the best-before day of an invented lot",
    ("demo/trace.py", "a literal date", "on=dt.date(2024, 3, 15)"):
        "demo data: the day invented stamps are issued",
    ("demo/trace.py", "a literal duration", "timedelta(days=10 + i)"):
        "demo data: invented scans spread over days",
    ("demo/trace.py", "a literal duration", "timedelta(days=20)"):
        "demo data: an invented late scan",
    ("demo/trace.py", "a literal duration", "timedelta(days=730)"):
        "demo data: the best-before of an invented lot, two years after production",
}  # fmt: skip


def _hits():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in f"/{relative}" or relative.startswith("rules/data/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name, pattern in PATTERNS.items():
                for _ in pattern.finditer(line):
                    yield relative, number, name, line


def test_no_legal_number_or_date_in_python():
    used = set()
    refused = []
    for relative, number, name, line in _hits():
        allowance = next((key for key in ALLOWED if key[:2] == (relative, name) and key[2] in line), None)
        if allowance is None:
            refused.append(f"tamnong/{relative}:{number}: {name}: {line.strip()}")
        else:
            used.add(allowance)
    assert not refused, "legal numbers and dates belong in tamnong/rules/data/ (dated YAML):\n" + "\n".join(refused)
    stale = sorted(set(ALLOWED) - used)
    assert not stale, f"allowances that match nothing any more (remove them): {stale}"


def test_the_guard_sees_what_it_forbids():
    samples = {
        "a literal date": "valid_from=dt.date(2025, 7, 1),",
        "EXPIRING_DAYS": "EXPIRING_DAYS = 90",
        "DISTRIBUTION_BANDS": "bands = DISTRIBUTION_BANDS[19]",
        "star levels": "if stars not in (3, 4, 5):",
        "a literal duration": "return since + dt.timedelta(days=15)",
    }
    for name, line in samples.items():
        assert PATTERNS[name].search(line), name
    assert not PATTERNS["a literal duration"].search("day - dt.timedelta(days=1)")  # a step of one day is no duration
