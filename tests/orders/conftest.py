"""Fixtures of the order tests: the demo's two producers with logins (the honey of Hợp Tiến and the
pomelo of Nam Thượng), a fixed moment when both certificates are in force, and order requests."""

import pytest
from django.core.cache import cache

from tamnong.core import clock
from tamnong.ocop.models import Product


@pytest.fixture(autouse=True)
def _empty_cache():
    """The rate limit lives in the cache: every test starts with none of it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def honey(demo):
    return Product.objects.select_related("producer").get(name="Mật ong rừng Hợp Tiến")


@pytest.fixture
def buoi(demo):
    return Product.objects.select_related("producer").get(name="Bưởi Da xanh Nam Thượng")


@pytest.fixture(scope="session")
def vietqr_decoders():
    """The published VietQR decoders of tests/orders/js are ready: skipped only when node itself is absent;
    the npm packages are installed from the committed lockfile when `make test-deps` has not done it."""
    import shutil
    import subprocess

    from tests.orders.helpers import JS_DIR, JS_PACKAGES, node_path

    if node_path() is None:
        pytest.skip("node is not installed: the independent VietQR decoders (tests/orders/js) need Node.js")
    if not all((JS_DIR / "node_modules" / name).is_dir() for name in JS_PACKAGES):
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("node is installed but npm is not: run `make test-deps` or install npm")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=JS_DIR, check=True, capture_output=True)
    return True


@pytest.fixture
def in_force_today(honey, buoi):
    """Pages and the API use today's date: a certificate issued today keeps both products orderable
    whatever the day the suite runs (the demo certificates end in 2026)."""

    from tamnong.ocop.models import Certificate

    for product, stars in ((honey, 4), (buoi, 3)):
        Certificate.objects.create(
            product=product, stars=stars, decision_number="TEST/QĐ-UBND", issued_on=clock.today(),
            issuer_level="province",
        )  # fmt: skip
    return honey, buoi
