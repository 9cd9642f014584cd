"""Photos waiting for an office move to the private store; every public product photo becomes a
copy re-encoded without metadata (EXIF and its GPS position included), and a product photo that was
the producer's file itself (approved before this change) gets its own public copy."""

import logging
import posixpath

from django.db import migrations, models

import tamnong.core.files
from tamnong.core.files import migration_move, public_storage

log = logging.getLogger(__name__)


def public_copies(apps, schema_editor):
    from tamnong.core.photos import public_copy

    ProductPhoto = apps.get_model("ocop", "ProductPhoto")
    ProducerChange = apps.get_model("ocop", "ProducerChange")
    sent = set(ProducerChange.objects.exclude(photo="").values_list("photo", flat=True))
    storage = public_storage()
    for photo in ProductPhoto.objects.exclude(image=""):
        old = photo.image.name
        if not storage.exists(old):
            continue
        stem = posixpath.splitext(posixpath.basename(old))[0]
        try:
            with storage.open(old, "rb") as f:
                copy = public_copy(f, stem)
        except Exception:  # noqa: BLE001 - an unreadable photo stays as it is, and is named in the log
            log.warning("Product photo %s could not be re-encoded; check it in the admin.", old)
            continue
        year = old.split("/")[-2] if old.count("/") >= 1 and old.split("/")[-2].isdigit() else ""
        new = storage.save(posixpath.join("ocop/products", year, copy.name), copy)
        ProductPhoto.objects.filter(pk=photo.pk).update(image=new)
        if old not in sent:  # the producer's own file goes private with its change (next operation)
            storage.delete(old)

class Migration(migrations.Migration):

    dependencies = [
        ("ocop", "0010_producer_publishes_contact"),
    ]

    operations = [
        migrations.AlterField(
            model_name="producerchange",
            name="photo",
            field=models.ImageField(
                blank=True, storage=tamnong.core.files.private_storage, upload_to="ocop/changes/%Y/",
                verbose_name="proposed photo",
            ),
        ),
        migrations.RunPython(public_copies, migrations.RunPython.noop),
        migrations.RunPython(*migration_move("ocop.ProducerChange", "photo")),
    ]
