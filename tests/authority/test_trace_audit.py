"""Every act on a lot is audited with the unit acted on — the product's commune, its producer's — and
the table's row: a lot, its stamps, a step and a declared error, whoever acts (the producer's login or
the system); and the demo loads its records as the system, never as a person."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from tamnong.accounts import authority
from tamnong.core import clock
from tamnong.core.models import AuditEvent
from tamnong.ocop.models import Product
from tamnong.places.models import AdminUnit
from tamnong.trace import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey(demo):
    return Product.objects.select_related("producer", "commune").get(name="Mật ong rừng Hợp Tiến")


def _spec(code):
    return services.LotSpec(code=code, produced_on=dt.date(2024, 12, 20), quantity="40", uom="KGM",
                            commune=AdminUnit.objects.get(scheme="2020", code="05038"))  # fmt: skip


@pytest.mark.parametrize("login", ["chuthe.hoptien", "SYSTEM"])
def test_the_acts_on_a_lot_carry_the_products_commune(honey, login):
    actor = authority.SYSTEM if login == "SYSTEM" else get_user_model().objects.get(username=login)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    lot = services.lot_create(actor=actor, product=honey, spec=_spec(f"AU-{login[:6]}"))
    services.stamps_issue(actor=actor, lot=lot, count=3, on=clock.today())
    event = services.event_record(actor=actor, lot=lot, step="packed", event_time=clock.now(), commune=lot.commune)
    services.event_void(actor=actor, event=event, reason="nhập nhầm")
    services.stamps_void(actor=actor, lot=lot, first=1, last=1, reason="tem in hỏng")
    rows = AuditEvent.objects.filter(pk__gt=last)
    actions = set(rows.values_list("action", flat=True))
    assert {"trace.lot.create", "trace.stamps.issue", "trace.event.record", "trace.event.void",
            "trace.stamps.void"} <= actions  # fmt: skip
    for row in rows:
        assert row.unit == honey.commune == honey.producer.commune, row.action
        assert row.rule.startswith(f"{row.action}#") and row.by_system == (login == "SYSTEM")


def test_the_demo_loads_its_records_as_the_system(demo):
    for action in ("ntm.values.write", "resources.work.create", "trace.lot.create"):
        rows = AuditEvent.objects.filter(action=action)
        assert rows.filter(by_system=True).exists(), action
        assert not rows.filter(actor__username="admin").exists(), action
