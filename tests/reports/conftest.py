"""The Kim Bôi report of March 2024, built from the demo records.

The demo records are loaded once per test module, inside a transaction rolled back at the end of
the module (each test still runs in its own savepoint): loading them takes about two seconds.
"""

import datetime as dt

import pytest
from django.db import transaction

from tamnong.demo.services import demo_load
from tamnong.ntm.rollups import ntm_summary
from tamnong.places.models import AdminUnit


@pytest.fixture(scope="module")
def demo_records(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        demo_load()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def kim_boi_summary(demo_records, units):
    return ntm_summary(unit=AdminUnit.objects.get(scheme="2020", code="153"), on=dt.date(2024, 3, 31))
