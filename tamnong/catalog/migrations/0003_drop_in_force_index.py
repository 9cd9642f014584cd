"""The (expires_on, issued_on) index matches some 70 % of the catalog: SQLite, which has no statistics on
ranges, still walks it for every listing, three times slower than reading the table; PostgreSQL
ignores it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_trigram")]

    operations = [migrations.RemoveIndex(model_name="entry", name="catalog_in_force")]
