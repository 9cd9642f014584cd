"""On PostgreSQL: the pg_trgm extension and a trigram index on the search text, for typo-tolerant,
ranked search. SQLite has neither; the catalog searches it with plain word matching."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalog_search_trgm ON catalog_entry USING gin (search_text gin_trgm_ops)",
]


def trigram_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def trigram_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(trigram_create, trigram_drop)]
