"""Views, APIs and imports never decide permissions themselves (issue 15): the authority table
(tamnong/rules/data/authority/actions.yaml, asked through tamnong.accounts.authority: `authorize`,
`may`, `refusal`, `where`, `may_somewhere`) is the only decider of who may do what, where and when.

This test reads the source of every views.py, *_views.py, apis.py and imports.py of tamnong/ and fails
on a hand-written decision:
- `actor_scope(..., write=True)`: the "writing roles" of accounts.selectors, which know no action,
  no level and no date (a district office "writes" after 30/06/2025 by it) — never allowed;
- a `Role.<KIND>` of tamnong.accounts.models, or the role sets WRITING_ROLES and OFFICE_ROLES: a role
  compared by hand — never allowed;
- `has_perm(...)`: Django's permissions are not Tamnông's — never allowed;
- `actor_scope(...)` (reading) and `.is_superuser`: allowed only where READS lists the function,
  with the reason. Reading is no act of the table: what an account may see is its territory
  (tamnong.accounts.selectors), viewers included.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tamnong"

# "path:function" → why that function scopes a read by hand. Only reads; each entry must still be used.
READ_SCOPE = "reading is no act of the table: the account's territory (tamnong.accounts.selectors) decides what it sees"
READS = {
    "tamnong/resources/views.py:_require_read": f"the scoped resources pages of a unit: {READ_SCOPE}",
    "tamnong/resources/views.py:panel": f"whether the public panel links to the scoped pages: {READ_SCOPE}",
    "tamnong/resources/views.py:unit_page": f"the capital records a unit's page lists: {READ_SCOPE}",
    "tamnong/ntm/dashboard_views.py:_require_read": f"the scoped page of a commune: {READ_SCOPE}",
    "tamnong/accounts/unit_groups_views.py:coverage_page": f"the provinces whose group coverage is shown: {READ_SCOPE}",
    "tamnong/ocop/apis.py:_require_reader": f"a council's records through the API: {READ_SCOPE}",
    "tamnong/ocop/apis.py:RoundDetailApi.get": f"a national council, read by the central offices: {READ_SCOPE}",
    "tamnong/ntm/import_jobs.py:import_job_get": "an administrator reads any import's report (its uploader reads its own)",
}


def _modules() -> list[Path]:
    found = {*PACKAGE.glob("**/views.py"), *PACKAGE.glob("**/*_views.py"), *PACKAGE.glob("**/apis.py"),
             *PACKAGE.glob("**/imports.py"), *PACKAGE.glob("**/import_jobs.py")}  # fmt: skip
    return sorted(found)


class _Finder(ast.NodeVisitor):
    """(function qualname, line, what) for each hand-written decision of a module."""

    def __init__(self):
        self.scope: list[str] = []
        self.found: list[tuple[str, int, str, bool]] = []  # (where, line, what, allowed with a reason)

    def _here(self) -> str:
        return ".".join(self.scope) or "<module>"

    def _scoped(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def visit_Call(self, node: ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name == "actor_scope":
            write = any(k.arg == "write" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                        for k in node.keywords)  # fmt: skip
            self.found.append((self._here(), node.lineno, "actor_scope(write=True)" if write else "actor_scope()",
                               not write))  # fmt: skip
        elif name == "has_perm":
            self.found.append((self._here(), node.lineno, "has_perm()", False))
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id == "Role":
            self.found.append((self._here(), node.lineno, f"Role.{node.attr}", False))
        elif node.attr == "is_superuser":
            self.found.append((self._here(), node.lineno, ".is_superuser", True))
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name):
        if node.id in ("WRITING_ROLES", "OFFICE_ROLES"):
            self.found.append((self._here(), node.lineno, node.id, False))


def decisions(source: str, path: str) -> tuple[list[str], set[str]]:
    """The hand-written decisions of a module's source not justified in READS, and the READS keys used."""
    finder = _Finder()
    finder.visit(ast.parse(source))
    wrong, used = [], set()
    for where, line, what, readable in finder.found:
        key = f"{path}:{where}"
        if readable and key in READS:
            used.add(key)
            continue
        wrong.append(f"{path}:{line} in {where}: {what}")
    return wrong, used


def test_no_view_api_or_import_decides_permissions_itself():
    wrong, used = [], set()
    for module in _modules():
        path = module.relative_to(ROOT).as_posix()
        found, keys = decisions(module.read_text(encoding="utf-8"), path)
        wrong += found
        used |= keys
    assert not wrong, (
        "ask tamnong.accounts.authority (authorize, may, refusal, where, may_somewhere) instead of deciding "
        f"by hand; a read scoped by hand needs its reason in READS: {wrong}"
    )
    assert set(READS) <= used, f"READS names functions that no longer scope by hand: {sorted(set(READS) - used)}"


def test_the_guard_sees_each_kind_of_decision():
    source = '''
def page(request):
    if actor_scope(request.user, write=True).covers(unit):
        pass
    if any(r.role == Role.PROVINCE_OFFICE for r in roles):
        pass
    if request.user.is_superuser or request.user.has_perm("x") or role in WRITING_ROLES:
        pass
    return actor_scope(request.user).covers(unit)

def _require_read(request, unit):
    return actor_scope(request.user).covers(unit)
'''
    wrong, used = decisions(source, "tamnong/resources/views.py")
    assert [w.split(": ", 1)[1] for w in wrong] == [
        "actor_scope(write=True)", "Role.PROVINCE_OFFICE", ".is_superuser", "has_perm()", "WRITING_ROLES",
        "actor_scope()",
    ]  # fmt: skip
    assert used == {"tamnong/resources/views.py:_require_read"}  # a read justified in READS passes
