"""Uploaded files that are not public move to the private store (README "Deploy")."""

import tamnong.core.files
from django.db import migrations, models

from tamnong.core.files import migration_move


class Migration(migrations.Migration):

    dependencies = [
        ('resources', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='workphoto',
            name='image',
            field=models.ImageField(storage=tamnong.core.files.private_storage, upload_to='resources/works/%Y/', verbose_name='photo'),
        ),
        migrations.RunPython(*migration_move("resources.WorkPhoto", "image")),
    ]
