"""Keeping the catalog's read model in step with the OCOP records: one entry per product that ever had
a certificate, refreshed whenever a certificate, a product, its photos or its producer change
(`catalog.signals`), and all at once by `tamnong catalog_refresh`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tamnong.catalog.models import Entry
from tamnong.core import clock
from tamnong.core.text import fold_name
from tamnong.ocop.models import Certificate, Product, ProductPhoto
from tamnong.places import territory
from tamnong.places.models import AdminUnit
from tamnong.places.schemes import scheme_on
from tamnong.places.selectors import unit_ancestors
from tamnong.rules import ocop


def provinces_of(commune: AdminUnit, today: dt.date) -> tuple[AdminUnit, AdminUnit | None, list[AdminUnit]]:
    """The commune's province on its own list, its province on the list in force, and the places on the
    list in force that continue the commune (commune first, then its ancestors)."""
    province = [commune, *unit_ancestors(commune)][-1]
    in_force = scheme_on(today)
    if in_force is None or in_force.scheme == commune.scheme:
        return province, province, []
    now = territory.successors_on(commune, in_force.scheme)
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
    values = _entry_values(product, certificate, provinces_of(product.commune, today), product.photos.exists())
    entry, _ = Entry.objects.update_or_create(product=product, defaults=values)
    return entry


def _entry_values(product: Product, certificate: Certificate, places, has_photo: bool) -> dict:
    """What an entry holds, from the product (with its producer and commune), its latest certificate and
    the commune's provinces (`provinces_of`)."""
    province, province_now, now_chain = places
    group = ocop.groups(product.groups_edition).get(product.group)
    words = [
        product.name, product.producer.name, product.description, product.packaging,
        group.name_vi if group else "", group.name_en if group else "",
        *(u.name for u in [product.commune, *unit_ancestors(product.commune)]), *(u.name for u in now_chain),
    ]  # fmt: skip
    return {
        "certificate": certificate, "name_folded": fold_name(product.name), "search_text": fold_name(" ".join(words)),
        "groups_edition": product.groups_edition, "group": product.group, "producer_kind": product.producer.kind,
        "stars": certificate.stars, "issued_on": certificate.issued_on,
        "expires_on": ocop.expires_on(certificate.issued_on), "revoked_on": certificate.revoked_on,
        "province": province, "province_now": province_now, "has_photo": has_photo,
    }  # fmt: skip


BATCH = 1000


@transaction.atomic
def catalog_refresh(*, today: dt.date) -> int:
    """Every product's entry (after a bulk change, or when a new administrative list comes into force):
    the same values as `entry_refresh`, in one transaction, a few queries per thousand products, and the
    provinces worked out once per commune."""
    latest: dict[int, Certificate] = {}
    for certificate in Certificate.objects.order_by("product_id", "-issued_on", "-pk").iterator(chunk_size=BATCH):
        latest.setdefault(certificate.product_id, certificate)
    with_photo = set(ProductPhoto.objects.values_list("product_id", flat=True).distinct())
    columns = [Entry._meta.get_field(name).attname for name in ENTRY_FIELDS]
    existing = {row[1]: row for row in Entry.objects.values_list("pk", "product_id", *columns).iterator()}
    places: dict[int, tuple] = {}
    new, changed = [], []
    products = Product.objects.filter(pk__in=Certificate.objects.values("product_id"))
    for product in products.select_related("producer", "commune__parent__parent").iterator(chunk_size=BATCH):
        if product.commune_id not in places:
            places[product.commune_id] = provinces_of(product.commune, today)
        values = _entry_values(product, latest[product.pk], places[product.commune_id], product.pk in with_photo)
        entry = Entry(product=product, updated_at=clock.now(), **values)
        row = existing.get(product.pk)
        if row is None:
            new.append(entry)
        elif row[2:] != tuple(getattr(entry, column) for column in columns):  # unchanged entries stay as they are
            entry.pk = row[0]
            changed.append(entry)
    Entry.objects.bulk_create(new, batch_size=BATCH)
    Entry.objects.bulk_update(changed, [*ENTRY_FIELDS, "updated_at"], batch_size=BATCH)
    Entry.objects.exclude(product_id__in=Certificate.objects.values("product_id")).delete()
    return len(latest)


ENTRY_FIELDS = (
    "certificate", "name_folded", "search_text", "groups_edition", "group", "producer_kind", "stars", "issued_on",
    "expires_on", "revoked_on", "province", "province_now", "has_photo",
)  # fmt: skip
