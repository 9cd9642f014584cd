"""Both languages complete: every message has a Vietnamese translation."""

from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).parents[2] / "tamnong" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_into_vietnamese():
    with open(PO, "rb") as fh:
        catalog = read_po(fh)
    missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not missing, missing
    assert not fuzzy, fuzzy


def _catalog():
    with open(PO, "rb") as fh:
        return read_po(fh)


def test_no_message_is_in_the_catalogue_twice():
    """Two entries for one message: the compiled catalogue keeps one of them, silently."""
    import re

    seen, twice = set(), []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        context = re.search(r'^msgctxt "(.*)"', block, re.M)
        msgid = re.search(r'^msgid "(.*)"', block, re.M)
        if not msgid or not msgid.group(1):
            continue
        key = (context.group(1) if context else None, msgid.group(1))
        (twice.append if key in seen else seen.add)(key)
    assert not twice, twice


GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
ROOT = PO.parents[4]


def _code_messages():
    """The literal messages of the Python code (gettext and its kin) and of the templates' simple
    `{% translate "…" %}` tags: what a user can see."""
    import ast
    import re

    for path in ROOT.joinpath("tamnong").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in GETTEXT):
                continue
            name = getattr(node.func, "id", None) or node.func.attr
            args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
            if name.startswith("pgettext") and len(args) >= 2 and args[0] is not None and args[1] is not None:
                yield path, (args[0], args[1])
            elif not name.startswith("pgettext") and args and args[0] is not None:
                yield path, (None, args[0])
    tag = re.compile(r"""\{%\s*(?:translate|trans)\s+("([^"]*)"|'([^']*)')(\s+context\s+["']([^"']*)["'])?""")
    for path in ROOT.joinpath("tamnong").rglob("*.html"):
        for match in tag.finditer(path.read_text(encoding="utf-8")):
            text = match.group(2) if match.group(2) is not None else match.group(3)
            yield path, (match.group(5), text.replace("%", "%%"))  # as Django's extraction writes a template's %


def test_every_message_of_the_code_and_the_templates_is_in_the_catalogue():
    """A message added to a page without its translation shows in English on the Vietnamese site."""
    known = set()
    for message in _catalog():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        known |= {(message.context, i) for i in ids}
    missing = sorted({f"{path.relative_to(ROOT)}: {key[1]!r}" for path, key in _code_messages() if key not in known})
    assert not missing, "\n".join(missing)
