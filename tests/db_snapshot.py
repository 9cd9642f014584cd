"""A copy of the test database taken once, after the units and the demo are loaded, and put back
after each transactional (browser) test instead of Django's flush.

Emptying the tables and loading the units and the demo again took about half a minute per browser
test; putting the copy back takes a fraction of a second:
- SQLite copies the whole in-memory database back with its backup API;
- PostgreSQL keeps a copy of every table in a schema of its own, and a trigger on every table notes
  which ones a test wrote to; only those, and the tables whose foreign keys point at them, are
  emptied and refilled (the 200,000 rows of the units are left alone unless a test changed them).
"""

import sqlite3

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction

SCHEMA = "tamnong_test_snapshot"


class Snapshot:
    def __init__(self):
        self._sqlite_copy = None
        self._tables: list[str] = []
        self._referrers: dict[str, set[str]] = {}

    @property
    def taken(self) -> bool:
        return self._sqlite_copy is not None or bool(self._tables)

    def take(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._sqlite_copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._sqlite_copy)
        elif connection.vendor == "postgresql":
            self._take_postgresql()

    def _take_postgresql(self) -> None:
        quote = connection.ops.quote_name
        self._tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            cursor.execute(f"CREATE TABLE {SCHEMA}.written (name text PRIMARY KEY)")
            cursor.execute(
                f"CREATE FUNCTION {SCHEMA}.note_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"INSERT INTO {SCHEMA}.written VALUES (TG_TABLE_NAME) ON CONFLICT DO NOTHING; RETURN NULL; END $$"
            )
            for table in self._tables:
                cursor.execute(f"CREATE TABLE {SCHEMA}.{quote(table)} AS TABLE {quote(table)}")
                cursor.execute(
                    f"CREATE TRIGGER tamnong_test_written AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.note_write()"
                )
            cursor.execute(
                "SELECT c.relname, r.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
                "JOIN pg_class r ON r.oid = k.confrelid WHERE k.contype = 'f'"
            )
            for referrer, referred in cursor.fetchall():
                self._referrers.setdefault(referred, set()).add(referrer)

    def restore(self) -> None:
        """Put the copy back in place of whatever the tables hold now."""
        connection.ensure_connection()
        if self._sqlite_copy is not None:
            self._sqlite_copy.backup(connection.connection)
        else:
            self._refill_postgresql()
        # Forget whatever the cache kept about records of the test.
        ContentType.objects.clear_cache()
        cache.clear()

    def _refill_postgresql(self) -> None:
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT name FROM {SCHEMA}.written")
            emptied = {name for (name,) in cursor.fetchall()} & set(self._tables)
            pending = list(emptied)
            while pending:  # a table is emptied with every table whose foreign keys point at it
                for referrer in self._referrers.get(pending.pop(), ()):
                    if referrer not in emptied:
                        emptied.add(referrer)
                        pending.append(referrer)
            if emptied:
                tables = sorted(emptied)
                cursor.execute("TRUNCATE " + ", ".join(quote(t) for t in tables))
                for table in tables:
                    cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {SCHEMA}.{quote(table)}")
                models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in emptied]
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
            cursor.execute(f"TRUNCATE {SCHEMA}.written")


snapshot = Snapshot()


def restore_instead_of_flush(test_case) -> None:
    """`TransactionTestCase._fixture_teardown` while a snapshot is taken: the copy, not empty tables."""
    snapshot.restore()
