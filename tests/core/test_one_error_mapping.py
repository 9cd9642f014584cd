"""Guard of "the exception handler maps every domain and rules error once": a view or an API does not
catch a DomainError, RulesError or InputError (or their kin) to build an HTTP error response by hand.
The API's mapping is tamnong.core.apis.exception_handler; the pages', tamnong.core.middleware.DomainErrorMiddleware
(404 and 403) and tamnong.core.refusals (a message beside the form)."""

import ast
from pathlib import Path

ROOT = Path(__file__).parents[2] / "tamnong"
ERRORS = {"DomainError", "NotFoundError", "PermissionDeniedError", "StaleError", "RulesError", "InputError",
          "NotInForce", "UnknownEdition", "FactsError", "PlaceIncomplete", "PlaceInvalid", "OcopInputError"}  # fmt: skip
RESPONSES = {"Http404", "PermissionDenied", "render", "HttpResponse", "HttpResponseBadRequest", "Response", "JsonResponse"}
REFUSAL_HELPERS = {"_refused", "_forbidden", "_error"}

# function → why it still answers by hand. Each entry must be used (an unused one fails).
FORBIDDEN_PAGE = "renders its pages' own refusal template (imports/forbidden.html, with a login link for a visitor)"
ALLOWED = {
    "tamnong/core/jobs/views.py:background_import_page": FORBIDDEN_PAGE,
    "tamnong/criteria/authoring_views.py:*": FORBIDDEN_PAGE,
    "tamnong/ntm/import_views.py:*": FORBIDDEN_PAGE,
    "tamnong/ocop/views.py:*": FORBIDDEN_PAGE,
    "tamnong/orders/views.py:inbox": FORBIDDEN_PAGE,
    "tamnong/trace/views.py:lot_page": FORBIDDEN_PAGE,
    "tamnong/trace/views.py:stamp_image": FORBIDDEN_PAGE,
    "tamnong/trace/views.py:stamps_pdf": FORBIDDEN_PAGE + "; a sheet refused is a text/plain 400 (a download, not a page)",
    "tamnong/orders/views.py:order_status": "a buyer's order address that leads nowhere is a bare 404 that says nothing of orders",
    "tamnong/ntm/dashboard_views.py:_dashboard": "no criteria set in force on the date: the dashboard page itself says so (400)",
    "tamnong/reports/views.py:ntm_report": "a report's refusal page (its own template) in the report's language",
    "tamnong/resources/views.py:commune_works": "any refusal of the commune or its criteria set is this page's 404",
    "tamnong/resources/views.py:criterion_page": "any refusal of the commune or its criteria set is this page's 404",
    "tamnong/resources/views.py:work_new": "any refusal of the commune or its criteria set is this page's 404",
    "tamnong/resources/views.py:_work_or_error": "renders the resources pages' refusal template (resources/forbidden.html)",
    "tamnong/resources/views.py:work_page": "renders the resources pages' refusal template (resources/forbidden.html)",
    "tamnong/resources/views.py:contribution_new": "renders the resources pages' refusal template (resources/forbidden.html)",
    "tamnong/resources/views.py:contribution_delete": "renders the resources pages' refusal template (resources/forbidden.html)",
    "tamnong/resources/views.py:works_import_page": "renders the resources pages' refusal template (resources/forbidden.html)",
}


def _names(node) -> set[str]:
    nodes = node.elts if isinstance(node, ast.Tuple) else [node]
    return {getattr(n, "id", getattr(n, "attr", None)) for n in nodes}


def _builds_response(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(handler):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in REFUSAL_HELPERS or (name in RESPONSES and (name in {"Http404", "PermissionDenied"}
                                                                  or any(k.arg == "status" for k in node.keywords)
                                                                  or len(node.args) >= 4)):  # fmt: skip
                return True
    return False


def _sites():
    files = [p for p in ROOT.rglob("*.py") if p.name in ("views.py", "apis.py") or p.name.endswith("_views.py")]
    for path in sorted(files):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ExceptHandler) and node.type is not None and _names(node.type) & ERRORS:
                    if _builds_response(node):
                        yield str(path.relative_to(ROOT.parent)), function.name, node.lineno


def _allowed(path: str, function: str) -> str | None:
    for key in (f"{path}:{function}", f"{path}:*"):
        if key in ALLOWED:
            return key
    return None


def test_no_view_turns_a_domain_or_rules_error_into_an_http_error_by_hand():
    sites = list(_sites())
    by_hand = sorted(f"{path}:{line} ({function})" for path, function, line in sites if not _allowed(path, function))
    assert not by_hand, "map the error in tamnong.core (apis.exception_handler, middleware.DomainErrorMiddleware):\n" + "\n".join(by_hand)


def test_every_allowance_is_used():
    used = {_allowed(path, function) for path, function, _line in _sites()}
    assert not set(ALLOWED) - used, sorted(set(ALLOWED) - used)


def test_a_page_answers_a_record_not_found_with_a_404_naming_it(client, db):
    """The middleware's mapping: the unit page of a unit that does not exist (a NotFoundError) is a 404
    with the domain's message, in the language of the request."""
    response = client.get("/ocop/2020/99999/")
    assert response.status_code == 404
    assert "99999" in response.content.decode()
