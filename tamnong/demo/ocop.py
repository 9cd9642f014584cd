"""The OCOP demo records (tamnong/demo/data/ocop.yaml): producers, products, council rounds whose
results come from three members' raw score sheets, the certificates those results earn, and the
2024 registrations. Marked as demo data."""

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from tamnong.accounts.models import Role, RoleAssignment
from tamnong.core import clock
from tamnong.ocop import services
from tamnong.ocop.models import Entry, Producer, ProducerKind, Product, Registration, Target
from tamnong.places.models import AdminUnit, Level
from tamnong.rules import ocop

DATA = Path(__file__).parent / "data" / "ocop.yaml"
KINDS = [
    ProducerKind.COOPERATIVE,
    ProducerKind.HOUSEHOLD_BUSINESS,
    ProducerKind.ENTERPRISE,
    ProducerKind.COOPERATIVE_GROUP,
]
TARGETS = {3: (54, 66), 4: (73, 86)}
MAIN = "main"  # the cycle of rounds and products that name none  # totals well inside each band
# The OCOP logins the demo prints (council members score; a producer sees its notices).
LOGINS = [
    ("hoidong.kinhmon", "Thành viên Hội đồng OCOP thị xã Kinh Môn và tỉnh Hải Dương (chấm điểm)"),
    ("hoidong.kimboi", "Thành viên Hội đồng OCOP huyện Kim Bôi và tỉnh Hòa Bình (chấm điểm)"),
    ("chuthe.namthuong", "Chủ thể OCOP: Bưởi Da xanh Nam Thượng (xem thông báo hết hạn)"),
    ("chuthe.hoptien", "Chủ thể OCOP: Mật ong rừng Hợp Tiến (lô hàng, sự kiện, tem truy xuất)"),
]


def _unit(key: dict) -> AdminUnit:
    return AdminUnit.objects.get(scheme=key["scheme"], code=key["code"])


def _sheets(rng: random.Random, sheet: ocop.Sheet, stars: int) -> list[dict[str, str]]:
    """Three members' score sheets around a total in the band of `stars`."""
    total = Decimal(rng.randint(*TARGETS[stars]))
    out = []
    for _ in range(3):
        parts = {}
        for part in sheet.parts:
            share = total * part.max / 100 + Decimal(rng.randint(-15, 15)) / 10
            parts[part.code] = str(max(Decimal(0), min(Decimal(part.max), share)).quantize(Decimal("0.5")))
        out.append(parts)
    return out


def _score(entry: Entry, members, sheets) -> Entry:
    for member, parts in zip(members, sheets, strict=True):
        entry = services.score_submit(entry=entry, member=member, parts=parts)
    return entry


def _reevaluate(spec: dict, evaluated: list, *, actor, members, rng: random.Random) -> None:
    """Products whose certificates lapsed come back under Decision 1489: registered, pre-checked and
    proposed by the commune, scored by the council of the province of July 2025, recognised again.
    This is the demo's present: each date is a number of days before the day the demo is loaded."""
    chosen = [
        (product, item) for product, item in evaluated
        if item["name"] in spec.get("names", ())
        or (item.get("cycle", MAIN) == spec.get("cycle", MAIN) and item["stars"] in spec.get("stars", (3, 4))
            and item["name"].startswith(spec.get("prefix", "")))
    ]  # fmt: skip
    today = clock.today()
    on = {step: today - dt.timedelta(days=days) for step, days in spec["days_before_load"].items()}
    r = spec["round"]
    council = services.round_create(
        actor=actor, name=r["name"].format(year=on["held"].year), level="province", unit=_unit(spec["province"]),
        held_on=on["held"], members=members, is_demo=True,
    )  # fmt: skip
    items = [i.code for i in services.precheck_rule(on["prechecked"]).precheck_items]
    for product, _ in chosen:
        registration = services.registration_create(
            actor=actor, product=product, year=on["held"].year, on=on["registered"]
        )
        services.registration_precheck(
            registration=registration, actor=actor, on=on["prechecked"], items=items, propose=True
        )
    entries = services.entries_add(round_=council, actor=actor, products=[p for p, _ in chosen])
    sheet = ocop.sheet_get(council.sheet_id)
    for entry, (_, item) in zip(entries, chosen, strict=True):
        entry = _score(entry, members, _sheets(rng, sheet, item["stars"]))
        services.certificate_issue(entry=entry, actor=actor, decision_number=r["decision"], issued_on=on["decided"])
    services.round_decide(round_=council, actor=actor, on=on["decided"])


@transaction.atomic
def ocop_demo_load(*, actor, password: str) -> int:
    """Load the OCOP demo records; idempotent (a second run changes nothing). Returns the products written."""
    spec = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    users = get_user_model()
    written = 0
    for place in spec["places"]:
        district, province = _unit(place["district"]), _unit(place["province"])
        if Product.objects.filter(is_demo=True, commune__parent=district).exists():
            continue
        members = []
        # The members hold the council-member role over each unit whose councils they sit on,
        # appointed by that unit's office (tamnong.accounts.authority checks it when they score).
        council_units = [district, province] + (
            [_unit(place["reevaluation"]["province"])] if "reevaluation" in place else []
        )
        for username in place["council_logins"]:
            user, created = users.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.save()
            for council_unit in council_units:
                RoleAssignment.objects.get_or_create(user=user, role=Role.COUNCIL_MEMBER, unit=council_unit)
            members.append(user)
        communes = list(AdminUnit.objects.filter(parent=district, level=Level.COMMUNE).order_by("code"))
        rounds = {}  # (cycle, level) → (round, its spec); a product is evaluated in its cycle's rounds
        for r in place["rounds"]:
            unit = district if r["level"] == "district" else province
            rounds[r.get("cycle", MAIN), r["level"]] = (
                services.round_create(
                    actor=actor, name=r["name"], level=r["level"], unit=unit, held_on=r["held_on"], members=members,
                    is_demo=True,
                ),
                r,
            )  # fmt: skip
        products = list(place["products"])
        numbered = place.get("numbered")
        if numbered:
            shared = {k: numbered[k] for k in ("groups_edition", "cycle") if k in numbered}
            for i in range(numbered["four_star"] + numbered["three_star"]):
                stars = 4 if i < numbered["four_star"] else 3
                products.append({"name": f"{numbered['prefix']} {i + 1:02d}", "stars": stars, **shared})
        rng = random.Random(f"ocop:{district.key}")
        evaluated = []  # (product, stars, its spec) in loading order
        for i, item in enumerate(products):
            cycle = item.get("cycle", MAIN)
            commune = (
                AdminUnit.objects.get(scheme=district.scheme, code=item["commune"])
                if "commune" in item
                else communes[i % len(communes)]
            )
            producer = services.producer_create(
                actor=actor, name=f"Chủ thể của {item['name']} (dữ liệu trình diễn)", kind=KINDS[i % len(KINDS)],
                commune=commune, on=rounds[cycle, "district"][0].held_on, is_demo=True,
            )  # fmt: skip
            if "producer_login" in item:
                login, created = users.objects.get_or_create(username=item["producer_login"])
                if created:
                    login.set_password(password)
                    login.save()
                producer.members.add(login)
                producer.email = f"{item['producer_login']}@example.invalid"
                producer.save(update_fields=["email"])
            product = services.product_create(
                actor=actor, producer=producer, name=item["name"], group=item.get("group", "1"),
                subgroup=item.get("subgroup", ""), commune=commune, is_demo=True,
                groups_edition=item.get("groups_edition", "ocop/148-2023"), **item.get("listing", {}),
            )  # fmt: skip
            district_round, district_spec = rounds[cycle, "district"]
            sheet = ocop.sheet_get(district_round.sheet_id)
            entry = _score(
                Entry.objects.create(round=district_round, product=product), members, _sheets(rng, sheet, item["stars"])
            )
            if entry.decision == "forward":
                province_round, province_spec = rounds[cycle, "province"]
                entry = _score(
                    Entry.objects.create(round=province_round, product=product), members,
                    _sheets(rng, sheet, item["stars"]),
                )  # fmt: skip
                decision = province_spec
            else:
                decision = district_spec
            services.certificate_issue(
                entry=entry, actor=actor, decision_number=decision["decision"], issued_on=decision["decided_on"]
            )
            evaluated.append((product, item))
            written += 1
        for council, council_spec in rounds.values():  # the councils decided: their sheets are locked
            services.round_decide(round_=council, actor=actor, on=council_spec.get("decided_on", council.held_on))
        if "reevaluation" in place:
            _reevaluate(place["reevaluation"], evaluated, actor=actor, members=members, rng=rng)
        if "target" in place:
            fields = dict(place["target"])
            Target.objects.get_or_create(unit=district, year=fields.pop("year"), defaults={**fields, "is_demo": True})
        for item in place.get("registered_2024", []):
            producer = Producer.objects.create(
                name=f"Chủ thể của {item['product']} (dữ liệu trình diễn)", kind=ProducerKind.HOUSEHOLD_BUSINESS,
                commune=communes[written % len(communes)], is_demo=True,
            )  # fmt: skip
            product = services.product_create(
                actor=actor, producer=producer, name=item["product"], group="1", commune=producer.commune, is_demo=True
            )
            Registration.objects.create(
                product=product, year=2024, target_stars=item["target_stars"], registered_on=place["registered_on"]
            )
            written += 1
    return written
