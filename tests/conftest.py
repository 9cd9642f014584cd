"""Fixtures shared by the Django-level tests. tests/rules needs none of them."""

import datetime as dt
import os

import pytest

# The suite passes on any date: TAMNONG_TEST_TODAY=YYYY-MM-DD runs it as if that day had come (CI runs
# it today and years ahead). The clock ticks from 09:00 of that day, Vietnam time, for the whole session.
TEST_TODAY = os.environ.get("TAMNONG_TEST_TODAY", "").strip()
_traveller = None


def pytest_configure(config):
    global _traveller
    if TEST_TODAY:
        import time_machine

        day = dt.date.fromisoformat(TEST_TODAY)
        start = dt.datetime.combine(day, dt.time(9), tzinfo=dt.timezone(dt.timedelta(hours=7)))
        _traveller = time_machine.travel(start, tick=True)
        _traveller.start()


def pytest_unconfigure(config):
    if _traveller is not None:
        _traveller.stop()


def pytest_report_header(config):
    from tamnong.core import clock

    return f"clock: {clock.today().isoformat()}" + (" (TAMNONG_TEST_TODAY)" if TEST_TODAY else "")


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: their transactional database is emptied after each of them."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real administrative units and the demo records once for the whole session
    (each test runs in a transaction that is rolled back; a transactional test ends by putting the
    copy taken here back, tests/db_snapshot.py)."""
    from django.test import TransactionTestCase

    from tamnong.demo.services import demo_load
    from tamnong.places.services import units_load
    from tests.db_snapshot import restore_instead_of_flush, snapshot

    with django_db_blocker.unblock():
        units_load()
        demo_load()
        snapshot.take()
    # A transactional (browser) test ends by putting this copy back, not by emptying the database.
    TransactionTestCase._fixture_teardown = restore_instead_of_flush


@pytest.fixture
def units(db):
    """The real units (with the demo), put back if a transactional test emptied the tables."""
    from tamnong.places.models import AdminUnit
    from tamnong.places.services import units_load
    from tests.db_snapshot import snapshot

    if not AdminUnit.objects.exists():
        if snapshot.taken:
            snapshot.restore()
        else:
            units_load()


@pytest.fixture
def demo(units):
    """The demo logins and records (Kim Bôi 31/03/2024, Kinh Môn 2024), reloaded after a transactional test."""
    from django.contrib.auth import get_user_model

    from tamnong.demo.services import demo_load

    if not get_user_model().objects.filter(username="huyen.kimboi").exists():
        demo_load()
