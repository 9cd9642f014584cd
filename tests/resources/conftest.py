"""Fixtures of the resources tests: the demo logins and units they act on."""

import pytest
from django.contrib.auth import get_user_model

from tamnong.places.models import AdminUnit


@pytest.fixture
def user(demo):
    def get(username: str):
        return get_user_model().objects.get(username=username)

    return get


@pytest.fixture
def binh_son(units):
    return AdminUnit.objects.get(scheme="2020", code="04990")  # Xã Bình Sơn, Huyện Kim Bôi


@pytest.fixture
def nam_thuong(units):
    return AdminUnit.objects.get(scheme="2020", code="05068")


@pytest.fixture
def kim_boi(units):
    return AdminUnit.objects.get(scheme="2020", code="153")
