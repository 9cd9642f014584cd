"""What of a producer reaches the public (catalog pages, JSON-LD, feeds, storefronts, scan pages, the
public API), field by field.

An enterprise's or a cooperative's name, address, business phone and email, representative and tax
code are business data, published in the national business and cooperative registers: public. A
household business (hộ kinh doanh) is a person: its tax code is the household head's personal one,
its address is a home and its phone a personal phone. Those are personal data (Decree 13/2023/NĐ-CP on
the protection of personal data) and stay off the public pages unless the person chose to publish
them (`Producer.publishes_contact`, with the day it was given). A cooperative group (tổ hợp tác) has no
legal personality and its contacts are a member's: Tamnông's own choice is to treat it as a household.

What is always public: the producer's name (it is on the OCOP certificate, a public decision), its
kind, its commune, its website and its products' online shops. A household's points of sale keep their
names; their addresses and phones follow the same choice.

Offices whose scope covers the producer's commune, and the producer's own logins, see everything."""

from __future__ import annotations

from dataclasses import dataclass

from tamnong.accounts.selectors import actor_scope
from tamnong.ocop.models import Producer, ProducerKind, Product

BUSINESS_KINDS = frozenset({ProducerKind.ENTERPRISE, ProducerKind.COOPERATIVE})
# The fields of a producer that are a person's data when the producer is a household.
PERSONAL_FIELDS = ("tax_code", "address", "old_address", "representative", "phone", "email")


def contact_is_public(producer: Producer) -> bool:
    """An enterprise's or a cooperative's contacts are public; a household's only by its choice."""
    return producer.kind in BUSINESS_KINDS or producer.publishes_contact


def sees_everything(actor, producer: Producer) -> bool:
    """The producer's own logins and the offices whose scope covers its commune."""
    if actor is None or not actor.is_authenticated:
        return False
    return producer.members.filter(pk=actor.pk).exists() or actor_scope(actor).covers(producer.commune)


@dataclass(frozen=True)
class PublicContact:
    """A producer's contacts as the public sees them: "" where a field is a person's and not published."""

    name: str
    kind: str
    tax_code: str
    address: str
    old_address: str
    representative: str
    phone: str
    email: str
    website: str
    withheld: bool  # some personal field was held back


def public_contact(producer: Producer, actor=None) -> PublicContact:
    shown = contact_is_public(producer) or sees_everything(actor, producer)
    values = {f: (getattr(producer, f) if shown else "") for f in PERSONAL_FIELDS}
    withheld = not shown and any(getattr(producer, f) for f in PERSONAL_FIELDS)
    return PublicContact(name=producer.name, kind=producer.kind, website=producer.website, withheld=withheld, **values)


def public_points_of_sale(product: Product, actor=None) -> list[dict[str, str]]:
    """The product's points of sale; a household's without their addresses and phones unless published."""
    rows = list(product.points_of_sale or [])
    producer = product.producer
    if contact_is_public(producer) or sees_everything(actor, producer):
        return rows
    return [{"name": row.get("name", ""), "address": "", "phone": ""} for row in rows]
