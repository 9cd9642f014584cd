"""The legal sources are in the repository: no file cites a note kept outside it, and every citation of
`docs/legal/…` names a file and a section that exist (docs/legal/README.md says how to cite)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEGAL = ROOT / "docs" / "legal"
SCANNED = ("tamnong", "tests", "docs", "bench", "scripts", "config")
TOP_FILES = ("README.md", "Makefile", "pyproject.toml")
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".html", ".txt", ".po", ".toml", ".sh", ".cfg", ".js", ".css"}
SKIPPED_DIRS = {"node_modules", "__pycache__", ".venv"}

# Citations of places outside the repository: the team's shared notes, a sibling folder.
OUTSIDE = re.compile(
    r"\.\./shared\b|\bshared/(?:domain|scenarios|seeds)\b|shared domain|domain notes|shared scenario"
    r"|(?<![\w/])(?:regulations|glossary|anchors|ecosystem)\.md(?!\w)|\bSTYLE\.md\b|house style|ecosystem notes",
    re.IGNORECASE,
)
# Files that name the outside originals on purpose, with the reason.
ALLOWED_OUTSIDE = {
    # The acceptance tests compare the scenario copies kept in tests/ntm/scenarios/ with the originals
    # when those sit beside the clone (skipped otherwise); the copies are what the tests read.
    "tests/ntm/test_acceptance.py": "compares the in-repository copies with their originals",
    "tests/ntm/scenarios/README.md": "says the files are copies, and of what",
    # This test names the patterns it forbids.
    "tests/docs/test_legal_sources.py": "the guard itself",
}
CITATION = re.compile(r"docs/legal/([\w.-]+\.md)(?:#([\w.-]*\w))?")
SECTION = re.compile(r"\bregulations\s*§\s*(\d+(?:\.\d+)?)")
ANCHOR = re.compile(r'<a id="([^"]+)"></a>')
LINK = re.compile(r"\]\(((?!https?:|mailto:|#)[^)\s]+?)(?:#([^)\s]*))?\)")


def _files():
    for top in TOP_FILES:
        yield ROOT / top
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and not SKIPPED_DIRS & set(path.parts):
                yield path


def _anchors(path: Path) -> set[str]:
    return set(ANCHOR.findall(path.read_text(encoding="utf-8")))


def test_no_file_cites_a_note_outside_the_repository():
    found = []
    for path in _files():
        rel = path.relative_to(ROOT).as_posix()
        if rel in ALLOWED_OUTSIDE or rel.startswith("docs/legal/"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{rel}:{n}: {line.strip()[:120]}")
    assert not found, "cite docs/legal/<file>.md#<section> instead:\n" + "\n".join(found)


def test_every_citation_of_docs_legal_names_a_file_and_section_that_exist():
    wrong = []
    cited = 0
    for path in _files():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), 1):
            for name, anchor in CITATION.findall(line):
                cited += 1
                target = LEGAL / name
                if not target.is_file():
                    wrong.append(f"{rel}:{n}: no file docs/legal/{name}")
                elif anchor and anchor not in _anchors(target):
                    wrong.append(f"{rel}:{n}: no section #{anchor} in docs/legal/{name}")
    assert cited > 20  # the code and data do cite their sources here
    assert not wrong, "\n".join(wrong)


def test_every_regulations_section_cited_in_code_and_data_exists():
    """A legal reference in the data says "regulations §8.4": that is docs/legal/regulations.md#s8.4."""
    sections = _anchors(LEGAL / "regulations.md")
    wrong = []
    cited = 0
    for path in _files():
        rel = path.relative_to(ROOT).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for number in SECTION.findall(line):
                cited += 1
                if f"s{number}" not in sections:
                    wrong.append(f"{rel}:{n}: regulations §{number} is not a section of docs/legal/regulations.md")
    assert cited > 10
    assert not wrong, "\n".join(wrong)


def test_relative_links_in_the_docs_lead_to_files_and_anchors_that_exist():
    broken = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        rel = path.relative_to(ROOT).as_posix()
        for target, anchor in LINK.findall(path.read_text(encoding="utf-8")):
            linked = (path.parent / target).resolve()
            if not linked.exists():
                broken.append(f"{rel}: {target} does not exist")
            elif anchor and linked.suffix == ".md" and anchor.startswith("s") and anchor not in _anchors(linked):
                broken.append(f"{rel}: {target}#{anchor} has no such section")
    assert not broken, "\n".join(broken)
