"""Uploaded files that are not public move to the private store (README "Deploy")."""

import tamnong.core.files
from django.db import migrations, models

from tamnong.core.files import migration_move


class Migration(migrations.Migration):

    dependencies = [
        ('ntm', '0005_criteria_version_repository_hash'),
    ]

    operations = [
        migrations.AlterField(
            model_name='criterionassessment',
            name='evidence_file',
            field=models.FileField(blank=True, storage=tamnong.core.files.private_storage, upload_to='evidence/%Y/', verbose_name='evidence file'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='file',
            field=models.FileField(storage=tamnong.core.files.private_storage, upload_to='imports/%Y/', verbose_name='uploaded file'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='evidence',
            field=models.FileField(blank=True, storage=tamnong.core.files.private_storage, upload_to='evidence/%Y/', verbose_name='evidence file'),
        ),
        migrations.RunPython(*migration_move("ntm.IndicatorValue", "evidence")),
        migrations.RunPython(*migration_move("ntm.CriterionAssessment", "evidence_file")),
        migrations.RunPython(*migration_move("ntm.ImportJob", "file")),
    ]
