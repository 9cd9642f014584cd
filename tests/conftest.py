"""Fixtures shared by the Django-level tests. tests/rules needs none of them."""

import pytest


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: their transactional database is emptied after each of them."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real administrative units once for the whole session."""
    from tamnong.places.services import units_load

    with django_db_blocker.unblock():
        units_load()


@pytest.fixture
def units(db):
    """The real units, reloaded if a transactional test emptied the tables."""
    from tamnong.places.models import AdminUnit
    from tamnong.places.services import units_load

    if not AdminUnit.objects.exists():
        units_load()
