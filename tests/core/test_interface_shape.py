"""One interface shape: views and APIs read through selectors and write through services, and parse what is
posted with a form or a serializer. These tests read the views' and APIs' source and fail on a second way:
the ORM reached from a view (a manager, a queryset method, a model class or `django.db.models` imported), or a
POST read by hand.

Why a test and not an import-linter contract: import-linter sees an external package only as its top
package (`django`, never `django.db.models`), and it sees modules, not names, while views rightly import a
models module for its choices (`Uom`, `CouncilLevel`); the test tells a model class from a choices class."""

import ast
import importlib
from collections import Counter
from pathlib import Path

from django.db import models

ROOT = Path(__file__).resolve().parents[2]

# Queryset and manager methods; on a view's or an API's line they mean the ORM is queried there.
QUERYSET_METHODS = {"objects", "select_related", "prefetch_related", "annotate", "aggregate", "filter", "exclude",
                    "values_list", "order_by", "only", "defer", "distinct", "get_or_create",
                    "update_or_create", "bulk_create", "in_bulk"}  # fmt: skip
NO_ARGUMENT_QUERIES = {"count", "exists", "first", "last", "all"}

# Reads and writes not yet moved to selectors and services: (module, what) -> how many. Each is a debt, not
# a licence: the test fails when a count grows and when one is paid off but still listed.
NOT_YET_MOVED: dict[tuple[str, str], int] = {
    # Import views: the one import pipeline (issue 17 point 2) takes over their upload and job.
    ("tamnong.accounts.unit_groups_views", "model BackgroundImport"): 1,
    ("tamnong.ocop.views", "model BackgroundImport"): 1,
    ("tamnong.resources.views", "model BackgroundImport"): 1,
    # Not yet moved to selectors.
    ("tamnong.accounts.audit_views", ".count()"): 1,
    ("tamnong.accounts.unit_groups_views", ".count()"): 1,
    ("tamnong.accounts.unit_groups_views", ".exclude"): 1,
    ("tamnong.accounts.unit_groups_views", ".filter"): 5,
    ("tamnong.accounts.unit_groups_views", ".first()"): 1,
    ("tamnong.accounts.unit_groups_views", ".objects"): 2,
    ("tamnong.accounts.unit_groups_views", ".order_by"): 2,
    ("tamnong.accounts.unit_groups_views", ".select_related"): 1,
    ("tamnong.accounts.unit_groups_views", "model AdminUnit"): 1,
    ("tamnong.ntm.entry_views", "model AdminUnit"): 1,
    ("tamnong.recognition.register_views", ".count()"): 1,
}


def interface_modules():
    for path in sorted((ROOT / "tamnong").glob("*/*.py")):
        if path.name in ("views.py", "apis.py") or path.name.endswith("_views.py"):
            yield path
    yield from sorted((ROOT / "tamnong").glob("core/jobs/views.py"))


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def orm_uses(path: Path) -> Counter:
    """What in the module reaches the ORM: queryset methods called, model classes or `django.db.models`
    imported."""
    found = Counter()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # A model named in a type hint only (under `if TYPE_CHECKING:`) queries nothing.
    hints = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
             for n in ast.walk(block)}  # fmt: skip
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.Attribute) and node.attr in QUERYSET_METHODS:
            found[f".{node.attr}"] += 1
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in NO_ARGUMENT_QUERIES and not node.args and not node.keywords):  # fmt: skip
            found[f".{node.func.attr}()"] += 1
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "django.db.models" or node.module.startswith("django.db.models."):
                found["django.db.models"] += 1
            elif node.module.endswith(".models"):
                module = importlib.import_module(node.module)
                for alias in node.names:
                    value = getattr(module, alias.name)
                    if isinstance(value, type) and issubclass(value, models.Model):
                        found[f"model {alias.name}"] += 1
        elif isinstance(node, ast.Import) and any(a.name == "django.db.models" for a in node.names):
            found["django.db.models"] += 1
    return found


def test_views_and_apis_reach_the_orm_only_through_selectors_and_services():
    seen = {}
    problems = []
    for path in interface_modules():
        name = _module_name(path)
        for what, count in orm_uses(path).items():
            seen[(name, what)] = count
            allowed = NOT_YET_MOVED.get((name, what), 0)
            if count > allowed:
                problems.append(f"{path.relative_to(ROOT)}: {what} ×{count} (allowed {allowed})")
    assert not problems, "the ORM in a view or an API; move it to a selector or a service:\n" + "\n".join(problems)
    stale = {key: n for key, n in NOT_YET_MOVED.items() if seen.get(key, 0) < n}
    assert not stale, f"paid off, lower or remove the allowance: {stale}"


def posted_reads(path: Path) -> Counter:
    """`request.POST.get(…)`, `request.POST[…]`, `request.POST.getlist(…)`, `request.data.get(…)`,
    `request.data[…]`: a posted value read by hand instead of through a form or a serializer."""
    found = Counter()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "getlist"):
            target, how = node.func.value, f".{node.func.attr}("
        elif isinstance(node, ast.Subscript):
            target, how = node.value, "["
        if (isinstance(target, ast.Attribute) and target.attr in ("POST", "data")
                and isinstance(target.value, ast.Name) and target.value.id == "request"):  # fmt: skip
            found[f"request.{target.attr}{how}"] += 1
    return found


# POST read by hand, not yet behind a form: (module, what) -> how many (same rule as NOT_YET_MOVED).
POST_NOT_YET_IN_FORMS: dict[tuple[str, str], int] = {
    # Import views: the one import pipeline (issue 17 point 2) takes over their upload form.
    ("tamnong.ntm.import_views", "request.POST.get("): 1,
    ("tamnong.ocop.views", "request.POST.get("): 1,
    ("tamnong.recognition.register_views", "request.POST.get("): 1,
    ("tamnong.resources.views", "request.POST.get("): 1,
    # Criteria authoring: moves with the criteria app (issue 17 point 1).
    ("tamnong.criteria.authoring_views", "request.POST.get("): 8,
    # Not yet behind a form.
    ("tamnong.accounts.unit_groups_views", "request.POST.get("): 7,
    ("tamnong.accounts.unit_groups_views", "request.POST.getlist("): 1,
}


def test_views_and_apis_read_what_is_posted_through_forms_and_serializers():
    seen = {}
    problems = []
    for path in interface_modules():
        name = _module_name(path)
        for what, count in posted_reads(path).items():
            seen[(name, what)] = count
            allowed = POST_NOT_YET_IN_FORMS.get((name, what), 0)
            if count > allowed:
                problems.append(f"{path.relative_to(ROOT)}: {what} ×{count} (allowed {allowed})")
    assert not problems, "a POST read by hand; declare a form (forms.py) or a serializer:\n" + "\n".join(problems)
    stale = {key: n for key, n in POST_NOT_YET_IN_FORMS.items() if seen.get(key, 0) < n}
    assert not stale, f"paid off, lower or remove the allowance: {stale}"


def test_the_guards_see_what_they_forbid(tmp_path):
    """The readers find the ORM and hand-read POST in a module written to hold both."""
    module = tmp_path / "views.py"
    module.write_text(
        "from django.db.models import Count\n"
        "from tamnong.ocop.models import Producer, ProducerKind\n"
        "def page(request):\n"
        "    request.POST.get('a'); request.POST['b']; request.data.get('c')\n"
        "    return Producer.objects.filter(kind=ProducerKind.HOUSEHOLD_BUSINESS).select_related('commune').count()\n",
        encoding="utf-8",
    )
    assert orm_uses(module) == Counter({"django.db.models": 1, "model Producer": 1, ".objects": 1, ".filter": 1,
                                        ".select_related": 1, ".count()": 1})  # fmt: skip
    assert posted_reads(module) == Counter({"request.POST.get(": 1, "request.POST[": 1, "request.data.get(": 1})
