"""The public catalog's read model: one row per OCOP product that ever had a certificate, with what the
listings filter, sort and search on (its latest certificate, its province on its own list and on the
list in force, the folded search text). Derived from the OCOP records by `catalog.services`; never
edited by hand."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tamnong.ocop.models import Certificate, Product
from tamnong.places.models import AdminUnit


class Entry(models.Model):
    product = models.OneToOneField(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="catalog_entry"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name=_("latest certificate"), on_delete=models.CASCADE, related_name="+"
    )
    name_folded = models.CharField(max_length=200)
    search_text = models.TextField()  # folded: name, producer, group, places on both lists, description
    groups_edition = models.CharField(_("classification"), max_length=32)
    group = models.CharField(_("product group"), max_length=8)
    producer_kind = models.CharField(_("producer kind"), max_length=20)
    stars = models.PositiveSmallIntegerField(_("stars"))
    issued_on = models.DateField(_("decision date"))
    expires_on = models.DateField(_("valid until"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    province = models.ForeignKey(
        AdminUnit, verbose_name=_("province (its own list)"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    province_now = models.ForeignKey(
        AdminUnit, verbose_name=_("province (list in force)"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    has_photo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("catalog entry")
        verbose_name_plural = _("catalog entries")
        indexes = [
            models.Index(fields=["province_now", "expires_on"], name="catalog_province_now"),
            models.Index(fields=["province", "expires_on"], name="catalog_province"),
            models.Index(fields=["name_folded"], name="catalog_name"),
        ]

    def __str__(self) -> str:
        return str(self.product)
