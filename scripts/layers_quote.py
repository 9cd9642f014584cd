"""Quote the layer contract of pyproject.toml in docs/developer-guide.md (`make docs`).

The contract is stated once, in pyproject.toml (import-linter, enforced by `make lint`); the guide shows it
between the markers below, and tests/docs/test_developer_guide.py fails when the quote differs.

    .venv/bin/python scripts/layers_quote.py            # rewrites the quote
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "developer-guide.md"
START = "<!-- layers: quoted from pyproject.toml by make docs; do not edit -->"
END = "<!-- /layers -->"


def contract() -> str:
    """The [tool.importlinter] section of pyproject.toml, up to the next top-level section."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    start = text.index("[tool.importlinter]")
    rest = text[start:].splitlines()
    kept = [rest[0]]
    for line in rest[1:]:
        if line.startswith("[") and not line.startswith("[[tool.importlinter"):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def quoted(guide: str) -> str:
    before, _, after = guide.partition(START)
    _, _, after = after.partition(END)
    return f"{before}{START}\n```toml\n{contract()}\n```\n{END}{after}"


def main() -> int:
    guide = GUIDE.read_text(encoding="utf-8")
    GUIDE.write_text(quoted(guide), encoding="utf-8", newline="\n")
    print(f"quoted the layer contract in {GUIDE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
