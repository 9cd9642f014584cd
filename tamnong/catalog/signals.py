"""The catalog follows the OCOP records: a certificate, a product, its photos or its producer saved or
deleted refreshes the entries concerned."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tamnong.catalog.services import entry_refresh
from tamnong.core import clock
from tamnong.ocop.models import Certificate, Producer, Product, ProductPhoto


def _refresh(product_id: int) -> None:
    product = Product.objects.filter(pk=product_id).first()
    if product is not None:
        entry_refresh(product, today=clock.today())


@receiver([post_save, post_delete], sender=Certificate)
@receiver([post_save, post_delete], sender=ProductPhoto)
def _certificate_or_photo_changed(sender, instance, **kwargs):
    _refresh(instance.product_id)


@receiver(post_save, sender=Product)
def _product_changed(sender, instance, **kwargs):
    _refresh(instance.pk)


@receiver(post_save, sender=Producer)
def _producer_changed(sender, instance, **kwargs):
    for product_id in instance.products.values_list("pk", flat=True):
        _refresh(product_id)
