from django.db import migrations, models

from tamnong.core.text import fold_name


def names_fold(apps, schema_editor):
    Product = apps.get_model("ocop", "Product")
    for product in Product.objects.all():
        product.name_folded = fold_name(product.name)
        product.save(update_fields=["name_folded"])


class Migration(migrations.Migration):
    dependencies = [("ocop", "0007_product_photos")]

    operations = [
        migrations.AddField(
            model_name="product",
            name="name_folded",
            field=models.CharField(db_index=True, default="", editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.RunPython(names_fold, migrations.RunPython.noop),
    ]
