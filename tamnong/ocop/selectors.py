"""Reads of OCOP records: the certificate in force of each product on a date, and the figures of a
unit (products by stars and group, producers by type, certificates expiring or lapsed), with the
sentence the reports write."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model

from tamnong.accounts import history
from tamnong.ocop.models import (
    Certificate,
    Entry,
    MemberScore,
    Producer,
    ProducerChange,
    Product,
    Registration,
    Round,
    Target,
)
from tamnong.places import territory
from tamnong.places.models import AdminUnit, unit_title
from tamnong.rules import ocop

IN_FORCE = ("valid", "expiring")


@dataclass(frozen=True)
class Standing:
    product: Product
    certificate: Certificate
    state: str  # valid, expiring, expired, revoked, superseded


@dataclass
class OcopSummary:
    unit: AdminUnit | None
    on: dt.date
    standings: list[Standing]
    by_stars: dict[str, int] = field(default_factory=dict)
    by_group: dict[str, int] = field(default_factory=dict)
    producers_by_type: dict[str, int] = field(default_factory=dict)
    new_this_year: int = 0
    expiring: int = 0
    expired: int = 0
    revoked: int = 0
    new_by_stars: dict[str, int] = field(default_factory=dict)
    registered: list = field(default_factory=list)  # the registrations of the year of `on`
    target: Target | None = None
    progress: list[tuple[str, int, int]] = field(default_factory=list)  # (what, target, actual)
    text_vi: str = ""
    text_en: str = ""

    @property
    def products_total(self) -> int:
        return sum(self.by_stars.values())


def commune_texts(communes, on: dt.date, lang: str) -> dict[int, str]:
    """Each commune as a reader of the date knows it, once per commune (`history.unit_on`): its title
    while in force; once dissolved, "Xã Kim Lập cũ, nay thuộc Xã Hợp Kim (Tỉnh Phú Thọ)"."""
    out: dict[int, str] = {}
    for commune in communes:
        if commune.pk not in out:
            out[commune.pk] = history.unit_on(commune, on, lang)
    return out


def certificate_state(certificate: Certificate, on: dt.date) -> str:
    superseded_on = certificate.superseded_by.issued_on if certificate.superseded_by_id else None
    return ocop.certificate_state(
        certificate.issued_on, today=on, revoked_on=certificate.revoked_on, superseded_on=superseded_on
    )


def product_standing(product: Product, on: dt.date) -> Standing | None:
    """A product's latest certificate issued on or before the date, with its state then; None if it
    never had one."""
    certificate = (
        Certificate.objects.filter(product=product, issued_on__lte=on)
        .select_related("superseded_by", "issuer")
        .order_by("-issued_on", "-pk")
        .first()
    )
    return Standing(product, certificate, certificate_state(certificate, on)) if certificate else None


def _products(unit: AdminUnit | None):
    """The unit's products, whichever list their commune was entered on (a product of a 2020 commune
    counts for the province of July 2025 that took the commune in, and the other way round)."""
    products = Product.objects.select_related("producer")
    if unit is None:
        return products
    return products.filter(commune__in=territory.communes(unit))


def standings(unit: AdminUnit | None, on: dt.date) -> list[Standing]:
    """Each product of the unit with its latest certificate issued on or before the date, and that
    certificate's state on the date."""
    latest: dict[int, Certificate] = {}
    for certificate in (
        Certificate.objects.filter(product__in=_products(unit), issued_on__lte=on)
        .select_related("product__producer", "product__commune", "superseded_by")
        .order_by("product_id", "issued_on", "pk")
    ):
        latest[certificate.product_id] = certificate
    return sorted(
        (Standing(c.product, c, certificate_state(c, on)) for c in latest.values()),
        key=lambda s: (-s.certificate.stars, s.product.name),
    )


def ocop_summary(*, unit: AdminUnit | None, on: dt.date) -> OcopSummary:
    rows = standings(unit, on)
    summary = OcopSummary(unit=unit, on=on, standings=rows)
    in_force = [s for s in rows if s.state in IN_FORCE]
    stars = Counter(s.certificate.stars for s in in_force)
    summary.by_stars = {str(n): stars.get(n, 0) for n in (5, 4, 3)}
    summary.by_group = dict(sorted(Counter(s.product.group for s in in_force).items()))
    summary.producers_by_type = dict(sorted(Counter(p.kind for p in {s.product.producer for s in in_force}).items()))
    new = Counter(s.certificate.stars for s in in_force if s.certificate.issued_on.year == on.year)
    summary.new_this_year = sum(new.values())
    summary.new_by_stars = {str(n): new.get(n, 0) for n in (5, 4, 3)}
    summary.target = Target.objects.filter(unit=unit, year=on.year).first() if unit else None
    summary.registered = list(
        Registration.objects.filter(product__in=_products(unit), year=on.year)
        .select_related("product")
        .order_by("product__name")
    )
    summary.progress = _progress(summary)
    summary.expiring = sum(1 for s in rows if s.state == "expiring")
    summary.expired = sum(1 for s in rows if s.state == "expired")
    summary.revoked = sum(1 for s in rows if s.state == "revoked")
    summary.text_vi, summary.text_en = sentence_vi(unit, summary), sentence_en(unit, summary)
    return summary


def _progress(summary: OcopSummary) -> list[tuple[str, int, int]]:
    """Each target the unit set for the year, with where the unit stands on the date."""
    t = summary.target
    if t is None:
        return []
    actual = {
        "products_3_4": summary.by_stars["3"] + summary.by_stars["4"], "products_5": summary.by_stars["5"],
        "new_3": summary.new_by_stars["3"], "new_4": summary.new_by_stars["4"], "new_5": summary.new_by_stars["5"],
    }  # fmt: skip
    return [
        (str(Target._meta.get_field(name).verbose_name), getattr(t, name), value)
        for name, value in actual.items()
        if getattr(t, name) is not None
    ]


def sentence_vi(unit: AdminUnit | None, summary: OcopSummary) -> str:
    """ "Đến nay, thị xã Kinh Môn đã có 31 sản phẩm OCOP, trong đó có 11 sản phẩm đạt 4 sao và có 20 sản
    phẩm đạt 3 sao." """
    where = "cả nước" if unit is None else _lower_first(unit_title(unit.kind, unit.usual_name or unit.name))
    if not summary.products_total:
        return f"Đến nay, {where} chưa có sản phẩm OCOP nào còn hiệu lực chứng nhận."
    parts = [f"có {n} sản phẩm đạt {stars} sao" for stars, n in summary.by_stars.items() if n]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]
    return f"Đến nay, {where} đã có {summary.products_total} sản phẩm OCOP, trong đó {listed}."


def sentence_en(unit: AdminUnit | None, summary: OcopSummary) -> str:
    where = "the country" if unit is None else unit.usual_name or unit.name
    if not summary.products_total:
        return f"{where} has no OCOP product with a certificate in force yet."
    parts = [f"{n} rated {stars} stars" for stars, n in summary.by_stars.items() if n]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"To date, {where} has {summary.products_total} OCOP products: {listed}."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class Feedback:
    """What a council's result tells the producer: the points per part and what each lost, the stars,
    and how far the next star is."""

    entry: Entry
    parts: list[tuple[str, str, Decimal, int, Decimal]]  # (code, name, points, maximum, lost)
    to_next_star: Decimal | None


def producer_feedback(product: Product) -> Feedback | None:
    """The product's latest scored result, as feedback to its producer."""
    entry = (
        Entry.objects.filter(product=product, total__isnull=False)
        .select_related("round")
        .order_by("-round__held_on", "-pk")
        .first()
    )
    if entry is None:
        return None
    sheet = ocop.sheet_get(entry.round.sheet_id)
    result = ocop.result(sheet, entry.parts, on=entry.round.held_on, level=entry.round.level)
    lost = result.lost()
    parts = [(p.code, p.name_vi, result.parts[p.code], p.max, lost[p.code]) for p in sheet.parts]
    return Feedback(entry, parts, ocop.next_star_gap(entry.total, sheet))  # from the total the council recorded


# The reads of the OCOP pages and API, by what they show.


def is_producer_member(user) -> bool:
    """Whether the signed-in user is one of a producer's logins."""
    return user.is_authenticated and Producer.objects.filter(members=user).exists()


def is_council_member(user) -> bool:
    return user.is_authenticated and user.ocop_rounds.exists()


def member_rounds(user, *, limit: int = 10) -> list[Round]:
    """The latest rounds whose council the user sits on."""
    return list(user.ocop_rounds.order_by("-held_on")[:limit]) if user.is_authenticated else []


def member_score(entry: Entry, member) -> MemberScore | None:
    return MemberScore.objects.filter(entry=entry, member=member).first()


def entry_scores(entry: Entry) -> list[MemberScore]:
    return list(entry.scores.all())


def certificate_get(pk: int) -> Certificate | None:
    return Certificate.objects.select_related("product__producer", "product__commune", "issuer").filter(pk=pk).first()


def member_producers(user) -> list[Producer]:
    """The producers whose login the user is, with the changes each asked for."""
    return list(Producer.objects.filter(members=user).prefetch_related("changes"))


def member_products(user) -> list[Product]:
    """The products of the user's producers, with their registrations, changes asked for and photos."""
    return list(
        Product.objects.filter(producer__members=user)
        .select_related("producer")
        .prefetch_related("registrations", "changes", "photos")
    )


def product_registration(product: Product, pk: int) -> Registration | None:
    return product.registrations.filter(pk=pk).first()


def registration_get(pk: int) -> Registration | None:
    return Registration.objects.filter(pk=pk).first()


def registrations_in(where, *, year: int) -> list[Registration]:
    """The registrations of the year whose product's commune `where` (an authority.where) covers."""
    rows = where.filter(
        Registration.objects.filter(year=year)
        .select_related("product__producer", "product__commune", "prechecked_by")
        .prefetch_related("prechecked_by__roles__unit"),
        prefix="product__commune__",
    )
    return list(rows.order_by("product__commune__name", "product__name"))


def producer_change_get(pk: int) -> ProducerChange | None:
    return ProducerChange.objects.filter(pk=pk).first()


def pending_changes_in(where) -> list[ProducerChange]:
    """The changes producers asked for that wait for review, where `where` covers the producer's commune."""
    return list(
        where.filter(
            ProducerChange.objects.filter(status="pending")
            .select_related("producer", "product", "submitted_by")
            .prefetch_related("product__photos"),
            prefix="producer__commune__",
        )
    )


def products_in(where):
    """The products whose commune `where` covers."""
    return where.filter(Product.objects.select_related("producer", "commune"), prefix="commune__")


def users_named(usernames) -> list:
    """The accounts of these user names (a council's members, named by the office)."""
    return list(get_user_model().objects.filter(username__in=usernames))


def product_get(pk) -> Product | None:
    return Product.objects.filter(pk=pk).first() if pk is not None else None


def products_by_pk(pks) -> list[Product]:
    return list(Product.objects.filter(pk__in=pks))


def producer_get(pk) -> Producer | None:
    return Producer.objects.filter(pk=pk).select_related("commune").first()


def producers_of(unit: AdminUnit) -> list[Producer]:
    """The producers whose commune, on any list, lies in the unit."""
    return list(Producer.objects.filter(commune__in=territory.communes(unit)).select_related("commune"))


def rounds_of(unit: AdminUnit, *, year: int | None = None) -> list[Round]:
    """The rounds of the councils of the unit and the units inside it, with their entries and scores."""
    rounds = (
        Round.objects.filter(unit__in=territory.inside(unit))
        .select_related("unit")
        .prefetch_related("entries__product", "entries__scores")
    )
    if year is not None:
        rounds = rounds.filter(held_on__year=year)
    return list(rounds)


def round_get(pk: int) -> Round | None:
    return Round.objects.filter(pk=pk).select_related("unit").first()


def sits_on(round_: Round, user) -> bool:
    return round_.members.filter(pk=user.pk).exists()


def registrations_of(unit: AdminUnit, *, year: int | None = None, status: str | None = None) -> list[Registration]:
    """The registrations of the products whose commune lies in the unit, by year then product."""
    rows = Registration.objects.filter(product__commune__in=territory.communes(unit)).select_related("product")
    if year is not None:
        rows = rows.filter(year=year)
    if status is not None:
        rows = rows.filter(status=status)
    return list(rows.order_by("year", "product__name"))
