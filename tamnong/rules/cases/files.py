"""Reading legal cases: YAML files of cases (a list each), or cases kept as data (a criteria version's).

Three kinds, told apart by their keys:

- a case of an NTM edition: `on`, `place`, `facts` (and `assessments`, `overlays`), `expect`; the
  edition is the case's `edition`, else the file's folder (`…/ntm/commune-2021-2025/c03.yaml`);
- an OCOP case: `ocop: stars | sheet | authority | result | certificate` and its inputs;
- a case of the authority table: `act` (an action), `level`, `on`, and `expect: {who: [...]}`.

Each case has a `name` (English) and may have a `name_vi`, shown in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tamnong.rules.cases.model import Case
from tamnong.rules.errors import RulesDataError
from tamnong.rules.loader import list_editions, read_yaml

ROOT = Path(__file__).resolve().parent.parent / "data" / "cases"

NAMES = {"name", "name_vi"}
KEYS = {
    "edition": NAMES | {"edition", "on", "place", "facts", "assessments", "overlays", "expect"},
    "ocop": NAMES | {"ocop", "total", "sheet", "parts", "on", "level", "issued_on", "today", "revoked_on",
                     "superseded_on", "expect"},
    "act": NAMES | {"act", "on", "level", "expect"},
}  # fmt: skip
EXPECT_KEYS = {
    "edition": {"criteria", "threshold", "explanation", "tier_reached", "special_rules", "notes", "error"},
    "ocop": {"stars", "to_next_star", "sheet", "parts_max", "recognises", "forwards_from", "prechecks", "next_level",
             "total", "decision", "recognised_stars", "forward_to", "expires_on", "notice_due_on", "state", "error"},
    "act": {"who"},
}  # fmt: skip
OCOP_QUESTIONS = ("stars", "sheet", "authority", "result", "certificate")
PLACE_KEYS = {"province", "scheme", "region", "commune_group", "flags"}


def kind(data: Mapping[str, Any]) -> str:
    return "ocop" if "ocop" in data else "act" if "act" in data else "edition"


def _problem(source: str, where: str, vi: str, en: str) -> RulesDataError:
    return RulesDataError(source, where, vi, en)


def cases_from_data(
    items: Any, source: str, *, edition_id: str | None = None, overlay_dir: Path | None = None
) -> list[Case]:
    """Check plain case data (a YAML file's, or a version's) and make cases; an error names the case
    and the key."""
    if not isinstance(items, list):
        raise _problem(source, "", "tệp tình huống phải là một danh sách", "a case file is a list of cases")
    out = []
    for i, data in enumerate(items):
        where = f"[{i + 1}]"
        if not isinstance(data, Mapping) or not str(data.get("name") or "").strip():
            raise _problem(source, where, "tình huống không có tên (name)", "the case has no name")
        what = kind(data)
        extra = sorted(set(data) - KEYS[what])
        if extra:
            raise _problem(
                source, where, f"tình huống «{data['name']}» có khóa không biết: {', '.join(extra)}",
                f"case “{data['name']}” has unknown keys: {', '.join(extra)}",
            )  # fmt: skip
        expect = data.get("expect")
        if not isinstance(expect, Mapping) or not expect:
            raise _problem(
                source, where, f"tình huống «{data['name']}» không có kết quả cần (expect)",
                f"case “{data['name']}” expects nothing (expect)",
            )  # fmt: skip
        if what == "edition":
            if not isinstance(data.get("place"), Mapping) or "on" not in data:
                raise _problem(
                    source, where, f"tình huống «{data['name']}» cần ngày (on) và nơi (place)",
                    f"case “{data['name']}” needs a date (on) and a place (place)",
                )  # fmt: skip
            bad = sorted(set(data["place"]) - PLACE_KEYS)
            if bad:
                raise _problem(
                    source, f"{where}.place", f"khóa không biết: {', '.join(bad)}", f"unknown keys: {', '.join(bad)}"
                )
        elif what == "ocop" and data["ocop"] not in OCOP_QUESTIONS:
            raise _problem(
                source, f"{where}.ocop", f"câu hỏi OCOP «{data['ocop']}» không có (có: {', '.join(OCOP_QUESTIONS)})",
                f"no OCOP question “{data['ocop']}” (known: {', '.join(OCOP_QUESTIONS)})",
            )  # fmt: skip
        if what != "edition":
            bad = sorted(k for k in expect if k not in EXPECT_KEYS[what])
            if bad:
                raise _problem(
                    source, f"{where}.expect", f"khóa không biết: {', '.join(bad)}", f"unknown keys: {', '.join(bad)}"
                )
        out.append(
            Case(source=source, index=i, name=str(data["name"]), name_vi=str(data.get("name_vi") or ""),
                 data=data, edition_id=str(data.get("edition") or edition_id or "") or None,
                 overlay_dir=str(overlay_dir) if overlay_dir else None)
        )  # fmt: skip
    return out


def _edition_of(file: Path, root: Path | None) -> str | None:
    """The edition a file's folder names: `<root>/ntm/commune-2021-2025/x.yaml`, or any folder ending
    in an edition's id."""
    if root is not None and root in file.parents:
        return file.parent.relative_to(root).as_posix()
    parts = file.parent.parts
    known = set(list_editions())
    for n in (2, 3, 1):
        candidate = "/".join(parts[-n:])
        if candidate in known:
            return candidate
    return None


def case_files(path: Path) -> list[Path]:
    """The case files of a path: the file itself, or every YAML file under a folder, in order."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*.yaml") if p.is_file())


def read_file(file: Path, *, root: Path | None = ROOT, label: str | None = None, overlay_dir: Path | None = None):
    """The cases of one file (a RulesDataError naming the file, the case and the key when it is malformed)."""
    if label is None:
        label = file.relative_to(root).as_posix() if root is not None and root in file.parents else file.name
    items = read_yaml(file, label)
    return cases_from_data(items, label, edition_id=_edition_of(file, root), overlay_dir=overlay_dir or file.parent)


def collect(
    paths: Iterable[Path] = (ROOT,), *, root: Path | None = ROOT, overlay_dir: Path | None = None
) -> list[Case]:
    """Every case under the paths (default: the cases shipped with the rules)."""
    out: list[Case] = []
    for path in paths:
        for file in case_files(Path(path)):
            out.extend(read_file(file, root=root, overlay_dir=overlay_dir))
    return out
