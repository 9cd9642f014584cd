import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from tamnong.places.models import AdminUnit
from tamnong.recognition.models import Dossier

AS_OF = dt.date(2024, 3, 31)


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def nam_thuong(demo):
    return AdminUnit.objects.get(scheme="2020", code="05068")


@pytest.fixture
def kim_boi(demo):
    return AdminUnit.objects.get(scheme="2020", code="153")


@pytest.fixture
def dossier(nam_thuong):
    """Nam Thượng's advanced dossier of the demo, submitted to the district on 31/03/2024."""
    return Dossier.objects.get(commune=nam_thuong, tier="advanced", is_demo=True)
