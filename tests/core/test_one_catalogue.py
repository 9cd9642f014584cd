"""Guards of "one message catalogue": a domain error is raised with one message of the gettext catalogue
(its English msgid; the Vietnamese in tamnong/locale), never with an inline Vietnamese/English pair."""

import ast
from pathlib import Path

ROOT = Path(__file__).parents[2] / "tamnong"


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        # the rules engine imports no Django: its errors (RulesError) carry both languages, no DomainError
        if "migrations" not in path.parts and ROOT / "rules" not in path.parents:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _domain_error_classes(trees) -> set[str]:
    """DomainError and every class of tamnong deriving from it, by name."""
    bases = {}
    for _path, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", None) for b in node.bases}
                bases.setdefault(node.name, set()).update(names)
    family, grown = {"DomainError"}, True
    while grown:
        grown = False
        for name, parents in bases.items():
            if name not in family and parents & family:
                family.add(name)
                grown = True
    return family


def _is_text(node) -> bool:
    """A text written here: a literal, an f-string, or texts joined with +."""
    if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return True
    return isinstance(node, ast.BinOp) and (_is_text(node.left) or _is_text(node.right))


def _pairs():
    trees = list(_sources())
    family = _domain_error_classes(trees)
    for path, tree in trees:
        for cls in ast.walk(tree):
            inside = isinstance(cls, ast.ClassDef) and cls.name in family
            for node in ast.walk(cls) if inside else ():
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__"
                        and len(node.args) >= 2 and _is_text(node.args[0]) and _is_text(node.args[1])):  # fmt: skip
                    yield f"{path.relative_to(ROOT.parent)}:{node.lineno}"
        for node in ast.walk(tree):
            name = getattr(node.func, "id", getattr(node.func, "attr", None)) if isinstance(node, ast.Call) else None
            if name in family and len(node.args) >= 2 and _is_text(node.args[0]) and _is_text(node.args[1]):
                yield f"{path.relative_to(ROOT.parent)}:{node.lineno}"


def test_no_domain_error_is_raised_with_an_inline_vietnamese_and_english_pair():
    """DomainError("Vietnamese", "English") is the old shape: the message belongs in the catalogue,
    DomainError(_("English with %(named)s placeholders"), {"named": value}, field=...)."""
    pairs = sorted(set(_pairs()))
    assert not pairs, "\n".join(pairs)


def test_the_guard_sees_an_inline_pair(tmp_path):
    """The guard's own check: the old shape is caught, the new one is not."""
    old = ast.parse('DomainError(f"Không có {x}.", f"No {x}.", field="x")').body[0].value
    new = ast.parse('DomainError(_("No %(x)s."), {"x": x}, field="x")').body[0].value
    assert _is_text(old.args[0]) and _is_text(old.args[1])
    assert not (_is_text(new.args[0]) and _is_text(new.args[1]))
