"""The criteria versions and the editions' kept texts now belong to tamnong.criteria
(criteria 0001): ntm forgets them in Django's state only; their tables and rows stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ntm', '0007_criteria_version_cases'),
        ('criteria', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='CriteriaVersion'),
                migrations.DeleteModel(name='EditionVersion'),
            ],
            database_operations=[],
        ),
    ]
