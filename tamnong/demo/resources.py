"""The resources and works demo (tamnong/demo/data/resources.yaml): Kim Bôi's works with their budget by
source and disbursements, the capital its communes mobilised, certified areas, cooperatives and farms,
written through the services as an officer would enter them. Marked as demo data."""

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from tamnong.ocop.models import Producer
from tamnong.places.models import AdminUnit
from tamnong.resources import services
from tamnong.resources.models import Work
from tamnong.resources.reference import lag_rule
from tamnong.resources.workflow import expected_rate_pct

DATA = Path(__file__).parent / "data" / "resources.yaml"
MILLION = 10**6


def _mvnd(value) -> int:
    return int(Decimal(str(value)) * MILLION)


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _funding(rng: random.Random, budget_mvnd: int, shares: dict) -> dict[str, int]:
    parts = {source: int(budget_mvnd * rng.uniform(*span)) for source, span in shares.items()}
    parts["integrated_programs"] = budget_mvnd - sum(parts.values())
    return {source: amount * MILLION for source, amount in parts.items() if amount > 0}


def _quantity(rng: random.Random, span) -> Decimal:
    low, high = span
    if low == high:
        return Decimal(str(low))
    return Decimal(str(round(rng.uniform(low, high), 1 if high < 100 else -1)))


@transaction.atomic
def resources_demo_load(*, actor) -> int:
    """Load the demo records; idempotent (a second run changes nothing). Returns the works written."""
    spec = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    district = AdminUnit.objects.get(scheme=spec["district"]["scheme"], code=spec["district"]["code"])
    if Work.objects.filter(is_demo=True, commune__parent=district).exists():
        return 0
    communes = {u.code: u for u in AdminUnit.objects.filter(parent=district)}
    starts_on, ends_on, plan_year = spec["period"]["from"], spec["period"]["to"], spec["plan_year"]
    rng = random.Random(spec["seed"])
    written = 0
    for code, by_status in spec["works"].items():
        commune = communes[code]
        name = commune.usual_name or commune.name
        numbers: dict[str, int] = {}
        for status in ("completed_2023", "continuing", "planned"):
            for kind, count in (by_status.get(status) or {}).items():
                profile = spec["profiles"][kind]
                for _ in range(count):
                    numbers[kind] = numbers.get(kind, 0) + 1
                    budget = rng.randint(*profile["budget_mvnd"])
                    values = {
                        "commune": commune, "type": kind, "name": profile["name"].format(n=numbers[kind], commune=name),
                        "quantity": _quantity(rng, profile["quantity"]), "plan_year": plan_year,
                        "investor": f"UBND xã {name}",
                    }  # fmt: skip
                    if status == "planned":
                        values["status"] = "planned"
                    elif status == "continuing":
                        started = _day(rng, dt.date(plan_year - 1, 2, 1), dt.date(plan_year - 1, 11, 30))
                        values |= {"status": "continuing", "started_on": started,
                                   "planned_end_on": started + dt.timedelta(days=rng.randint(300, 640))}  # fmt: skip
                    else:
                        started = _day(rng, dt.date(plan_year - 2, 9, 1), dt.date(plan_year - 1, 4, 30))
                        values |= {"status": "completed", "plan_year": plan_year - 1, "started_on": started,
                                   "planned_end_on": started + dt.timedelta(days=240),
                                   "completed_on": _day(rng, dt.date(plan_year - 1, 9, 1), dt.date(plan_year - 1, 12, 15))}  # fmt: skip
                    work = services.work_create(actor=actor, funding=_funding(rng, budget, spec["shares"]), is_demo=True,
                                                **values)  # fmt: skip
                    _disburse(rng, actor, work, budget * MILLION, ends_on)
                    written += 1
    for key in ("capital_q1_2024_mvnd", "capital_q4_2023_mvnd"):
        span = (starts_on, ends_on) if key == "capital_q1_2024_mvnd" else (dt.date(2023, 10, 1), dt.date(2023, 12, 31))
        for code, sources in spec[key].items():
            for source, amount in sources.items():
                extra = {}
                if source == "community":
                    extra = {"amount_vnd": _mvnd(amount["cash"]), "in_kind_vnd": _mvnd(amount["in_kind"]),
                             "land_m2": amount["land_m2"], "working_days": amount["working_days"]}  # fmt: skip
                else:
                    extra = {"amount_vnd": _mvnd(amount)}
                services.contribution_create(
                    actor=actor, unit=communes[code], starts_on=span[0], ends_on=span[1], source=source, is_demo=True,
                    note="Dữ liệu trình diễn", **extra,
                )  # fmt: skip
    for row in spec["certified_areas"]:
        for standard in ("vietgap", "globalgap", "organic"):
            for year, area in (row.get(standard) or {}).items():
                services.certified_area_record(actor=actor, commune=communes[row["commune"]], year=year, standard=standard,
                                               area_ha=area, crops=row["crops"], is_demo=True)  # fmt: skip
    linked = {row["commune"]: row for row in spec["cooperatives_linked"]}
    for code, counts in spec["establishments"].items():
        commune = communes[code]
        name = commune.usual_name or commune.name
        for i in range(counts["cooperatives"]):
            link = linked.get(code) if i == 0 else None
            services.establishment_create(
                actor=actor, kind="cooperative", commune=commune, is_demo=True,
                name=link["name"] if link else f"Hợp tác xã nông nghiệp {name} số {i + 1}",
                producer=Producer.objects.get(name=link["producer"]) if link else None,
                established_on=dt.date(2012 + (i * 3 + len(code)) % 11, 1 + i % 12, 1),
            )  # fmt: skip
        for i in range(counts["farms"]):
            services.establishment_create(actor=actor, kind="farm", commune=commune, name=f"Trang trại {name} số {i + 1}",
                                          established_on=dt.date(2014 + i, 6, 1), is_demo=True)  # fmt: skip
    for row in spec["establishments_other"]:
        services.establishment_create(
            actor=actor, kind=row["kind"], commune=communes[row["commune"]], name=row["name"], is_demo=True,
            agricultural=row.get("agricultural", True), established_on=row.get("established_on"),
            closed_on=row.get("closed_on"),
        )  # fmt: skip
    return written


def _disburse(rng: random.Random, actor, work: Work, budget_vnd: int, until: dt.date) -> None:
    """Payments of a work under way: at the end of its start year, then in the quarter; a few lag behind
    the expected pace, and a completed work is paid in full."""
    if work.started_on is None:
        return
    if work.completed_on is not None:
        services.disbursement_record(
            actor=actor, work=work, on=work.completed_on, amount_vnd=budget_vnd, note="Quyết toán"
        )
        return
    expected = expected_rate_pct(lag_rule(), started_on=work.started_on, planned_end_on=work.planned_end_on, on=until)
    pace = Decimal(str(rng.choice([0.4, 0.9, 0.95, 1.0, 1.0, 1.05, 1.1])))
    target = min(Decimal(95), expected * pace) * budget_vnd / 100
    year_end = dt.date(work.started_on.year, 12, 28)
    first = int(target * Decimal("0.6")) // MILLION * MILLION
    second = int(target) // MILLION * MILLION - first
    for on, amount in ((year_end, first), (until - dt.timedelta(days=rng.randint(1, 40)), second)):
        if amount > 0:
            services.disbursement_record(actor=actor, work=work, on=on, amount_vnd=amount, note="Dữ liệu trình diễn")
