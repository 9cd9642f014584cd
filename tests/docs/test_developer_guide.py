"""The layer contract is stated once: in pyproject.toml (import-linter, enforced by `make lint`). The
developer guide quotes it exactly (`make docs` refreshes the quote), and no other document restates the
order of the layers."""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# An order of apps written out: "demo → ntm", "`ntm` → `places`", "accounts → places → core".
LAYER_CHAIN = re.compile(
    r"`?(?:tamnong\.)?(?:demo|reports|catalog|resources|recognition|trace|orders|ntm|ocop|accounts|places|core)`?"
    r"\s*(?:→|->|>)\s*"
    r"`?(?:tamnong\.)?(?:reports|catalog|resources|recognition|trace|orders|ntm|ocop|accounts|places|core|rules)`?"
)


def _script():
    spec = importlib.util.spec_from_file_location("layers_quote", ROOT / "scripts" / "layers_quote.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_guide_quotes_the_layer_contract_of_pyproject_exactly():
    script = _script()
    guide = (ROOT / "docs" / "developer-guide.md").read_text(encoding="utf-8")
    assert script.START in guide and script.END in guide
    assert "tamnong.rules" in script.contract() and 'type = "layers"' in script.contract()
    assert script.quoted(guide) == guide, "the layer quote differs from pyproject.toml: run `make docs`"


def test_no_other_document_restates_the_order_of_the_layers():
    restated = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        if path.name == "developer-guide.md":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if LAYER_CHAIN.search(line):
                restated.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:120]}")
    assert not restated, "point to docs/developer-guide.md#layers instead:\n" + "\n".join(restated)


SECTION_CITED = re.compile(r"\b(README|docs/user-guide\.md|docs/developer-guide\.md),? \"([^\"]+)\"")


def test_every_section_of_the_readme_or_the_guides_cited_in_the_code_exists():
    """A comment says `README "Deploy"` or `docs/user-guide.md "Logins"`: that heading must exist."""
    files = {"README": "README.md", "docs/user-guide.md": "docs/user-guide.md",
             "docs/developer-guide.md": "docs/developer-guide.md"}  # fmt: skip
    headings = {
        key: [line.lstrip("#").strip() for line in (ROOT / name).read_text(encoding="utf-8").splitlines()
              if line.startswith("#")]
        for key, name in files.items()
    }  # fmt: skip
    missing, cited = [], 0
    for folder in ("tamnong", "config", "bench", "scripts", "tests"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".py", ".html", ".yaml"} or "node_modules" in path.parts:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for doc, title in SECTION_CITED.findall(line):
                    cited += 1
                    if not any(h.startswith(title) for h in headings[doc]):
                        missing.append(f"{path.relative_to(ROOT)}:{n}: {doc} has no section «{title}»")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for doc, title in SECTION_CITED.findall(makefile):
        cited += 1
        if not any(h.startswith(title) for h in headings[doc]):
            missing.append(f"Makefile: {doc} has no section «{title}»")
    assert cited > 5
    assert not missing, "\n".join(missing)
