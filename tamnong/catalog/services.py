"""Keeping the catalog's read model in step with the OCOP records: one entry per product that ever had
a certificate, refreshed whenever a certificate, a product, its photos or its producer change
(`catalog.signals`), and all at once by `tamnong catalog_refresh`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tamnong.catalog.models import Entry
from tamnong.core.text import fold_name
from tamnong.ocop.models import Certificate, Product
from tamnong.places.models import AdminUnit
from tamnong.places.schemes import scheme_on
from tamnong.places.selectors import unit_ancestors, unit_successors_on
from tamnong.rules import ocop


def provinces_of(commune: AdminUnit, today: dt.date) -> tuple[AdminUnit, AdminUnit | None, list[AdminUnit]]:
    """The commune's province on its own list, its province on the list in force, and the places on the
    list in force that continue the commune (commune first, then its ancestors)."""
    province = [commune, *unit_ancestors(commune)][-1]
    in_force = scheme_on(today)
    if in_force is None or in_force.scheme == commune.scheme:
        return province, province, []
    now = unit_successors_on(commune, in_force.scheme)
    chain = [now[0], *unit_ancestors(now[0])] if now else []
    return province, chain[-1] if chain else None, chain


@transaction.atomic
def entry_refresh(product: Product, *, today: dt.date) -> Entry | None:
    """The product's catalog entry from its latest certificate (none: no entry)."""
    certificate = (
        Certificate.objects.filter(product=product)
        .order_by("-issued_on", "-pk")
        .select_related("superseded_by")
        .first()
    )
    if certificate is None:
        Entry.objects.filter(product=product).delete()
        return None
    product = Product.objects.select_related("producer", "commune__parent__parent").get(pk=product.pk)
    province, province_now, now_chain = provinces_of(product.commune, today)
    group = ocop.groups(product.groups_edition).get(product.group)
    words = [
        product.name, product.producer.name, product.description, product.packaging,
        group.name_vi if group else "", group.name_en if group else "",
        *(u.name for u in [product.commune, *unit_ancestors(product.commune)]), *(u.name for u in now_chain),
    ]  # fmt: skip
    entry, _ = Entry.objects.update_or_create(
        product=product,
        defaults={
            "certificate": certificate, "name_folded": fold_name(product.name), "search_text": fold_name(" ".join(words)),
            "groups_edition": product.groups_edition, "group": product.group, "producer_kind": product.producer.kind,
            "stars": certificate.stars, "issued_on": certificate.issued_on,
            "expires_on": ocop.expires_on(certificate.issued_on), "revoked_on": certificate.revoked_on,
            "province": province, "province_now": province_now, "has_photo": product.photos.exists(),
        },
    )  # fmt: skip
    return entry


def catalog_refresh(*, today: dt.date) -> int:
    """Every product's entry (after a bulk change, or when a new administrative list comes into force)."""
    count = 0
    for product in Product.objects.filter(certificates__isnull=False).distinct().iterator():
        count += entry_refresh(product, today=today) is not None
    Entry.objects.exclude(product__certificates__isnull=False).delete()
    return count
