"""The audit log is append-only in the database too: on PostgreSQL a trigger refuses every UPDATE and
DELETE of core_auditevent, whoever sends it (the application, a shell, a script). SQLite, the embedded
database of a single office's machine, relies on the model's guard (AuditEvent.save/delete and its
queryset): its test runs empty tables with DELETE, which a trigger would refuse."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'core_auditevent is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'restrict_violation';
END
$$;
"""
TRIGGER = """
CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent
FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(TRIGGER)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_unit_rule_system")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
