"""Nobody edits the audit log: the model refuses, the queryset refuses, and on PostgreSQL the database
refuses too."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.utils import DatabaseError

from tamnong.core.models import AuditEvent, AuditLogImmutable
from tamnong.core.services import audit_event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    user = get_user_model().objects.create_user("ghi.nhat.ky")
    return audit_event_record(actor=user, action="test_write", target=user, before=None, after={"x": 1})


def test_an_event_is_recorded_and_read(event):
    assert AuditEvent.objects.filter(pk=event.pk, action="test_write", after={"x": 1}).exists()
    AuditEvent.objects.bulk_create([AuditEvent(action="test_bulk", target_type="a.b", target_id="1")])
    assert AuditEvent.objects.filter(action="test_bulk").count() == 1


def test_the_model_refuses_to_change_or_delete_an_event(event):
    event.action = "rewritten"
    with pytest.raises(AuditLogImmutable) as refused:
        event.save()
    assert "chỉ được ghi thêm" in refused.value.message_vi and "append-only" in refused.value.message_en
    with pytest.raises(AuditLogImmutable):
        event.save(update_fields=["action"])
    with pytest.raises(AuditLogImmutable):
        event.delete()
    again = AuditEvent.objects.get(pk=event.pk)
    with pytest.raises(AuditLogImmutable):
        again.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "test_write"


def test_the_queryset_refuses_to_update_or_delete_events(event):
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(action="rewritten")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().delete()
    event.action = "rewritten"
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.bulk_update([event], ["action"])
    assert AuditEvent.objects.get(pk=event.pk).action == "test_write"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's (SQLite: model guard)")
def test_postgresql_refuses_an_update_or_delete_sent_past_the_model(event):
    table = AuditEvent._meta.db_table
    for sql in (f"UPDATE {table} SET action = 'rewritten' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (at, action, target_type, target_id, by_system, rule) "
                       "VALUES (now(), 'raw_insert', 'a.b', '1', false, '')")  # fmt: skip
    assert AuditEvent.objects.get(pk=event.pk).action == "test_write"
    assert AuditEvent.objects.filter(action="raw_insert").exists()
