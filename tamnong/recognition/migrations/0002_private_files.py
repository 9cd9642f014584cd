"""Uploaded files that are not public move to the private store (README "Deploy")."""

import tamnong.core.files
from django.db import migrations, models

from tamnong.core.files import migration_move


class Migration(migrations.Migration):

    dependencies = [
        ('recognition', '0001_initial'),
        ('ntm', '0006_private_files'),
    ]

    operations = [
        migrations.AlterField(
            model_name='dossierdocument',
            name='file',
            field=models.FileField(blank=True, storage=tamnong.core.files.private_storage, upload_to='recognition/%Y/', verbose_name='file'),
        ),
        migrations.RunPython(*migration_move("recognition.DossierDocument", "file")),
        migrations.RunPython(*migration_move("recognition.DossierItem", "evidence_file")),
    ]
