"""The API against its own OpenAPI document (/api/schema/), fuzzed by schemathesis through the Django
WSGI application and the test database with the demo loaded: every operation, valid and invalid
requests, anonymously and as a signed-in provincial officer. No answer may be a server error, and
every answer must have the shape the document promises. Each test runs in a transaction that is
rolled back, so the officer's writes vanish. Bounded: a few examples per operation, no shrinking
(a failure is reported as found), about two minutes on two cores.

Select it with `-m fuzz`; `make test` runs it with the rest."""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

pytestmark = [pytest.mark.fuzz]

EXAMPLES = 6  # per operation and mode (valid, invalid)
OFFICER = "tinh.hoabinh"
CHECKS = [not_a_server_error, response_schema_conformance]
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: bounded time, the first failure is reported
    suppress_health_check=list(HealthCheck),
)  # fmt: skip

CALLS: Counter[str] = Counter()  # examples sent, per who sent them: the run's size, printed at the end


def _schema():
    """The OpenAPI document as the application serves it (drafting it reads no table). Loaded when the
    module is collected: schemathesis' lazy loader (from_fixture) does not run on this pytest."""
    from django.core.wsgi import get_wsgi_application

    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


schema = _schema()


@pytest.fixture(autouse=True)
def _demo(demo):
    """Every example runs against the demo records, in the test's transaction (rolled back)."""


@pytest.fixture(autouse=True)
def _one_connection():
    """Keep the test's connection across requests, as Django's own test client does: the WSGI handler
    closes the database connection when a request starts and ends (close_old_connections), which on
    PostgreSQL would close the test's transaction under the next example."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print(f"\nAPI fuzz: {dict(CALLS)} examples")  # noqa: T201 (the size of the run, for the log)


@pytest.fixture
def officer_headers():
    """A named API token of the provincial officer, as scripts sign in (rolled back with the test)."""
    from django.contrib.auth import get_user_model

    from tamnong.accounts.tokens import token_create

    _token, key = token_create(user=get_user_model().objects.get(username=OFFICER), name="API fuzz")
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@FUZZ_SETTINGS
def test_the_api_answers_anyone_without_server_errors_and_as_documented(case):
    """Anonymous: reads answer as documented; writes are refused (401/403), never a 5xx."""
    CALLS["anonymous"] += 1
    response = case.call_and_validate(checks=CHECKS)
    if case.method.upper() in ("POST", "PUT", "PATCH", "DELETE") and case.operation.path not in _PUBLIC_WRITES:
        # Refused before anything is read: not signed in (401/403), or no such address (404, 405).
        assert response.status_code in (401, 403, 404, 405), (case.method, case.path, response.status_code)


# Writes anyone may send: evaluating facts (stores nothing) and a buyer's order request.
_PUBLIC_WRITES = {"/api/v1/evaluate", "/api/v1/orders/"}


@schema.parametrize()
@FUZZ_SETTINGS
def test_the_api_answers_an_officer_without_server_errors_and_as_documented(case, officer_headers):
    """Signed in as a provincial officer with an API token: reads and writes, rolled back."""
    response = case.call_and_validate(checks=CHECKS, headers=officer_headers)
    CALLS["officer"] += 1
    CALLS["officer, answered 2xx"] += 200 <= response.status_code < 300
    assert response.status_code != 401  # the token signs in
