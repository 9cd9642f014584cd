"""The demo installation: logins for every role and the seed places' records (marked as demo data).

The records are raw, as an officer would enter them: indicator values where the criteria set has
sourced thresholds, direct assessments with evidence where it has not. Tamnông computes every
figure of the reports from them.
"""

import datetime as dt
import random
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from tamnong.accounts.models import Role, RoleAssignment
from tamnong.core.actors import SYSTEM
from tamnong.criteria.editions import edition_get
from tamnong.demo.cycle import cycle_demo_load
from tamnong.demo.groups import demo_groups_load
from tamnong.demo.ocop import LOGINS as OCOP_LOGINS
from tamnong.demo.ocop import ocop_demo_load
from tamnong.demo.recognition import recognition_demo_load
from tamnong.demo.resources import resources_demo_load
from tamnong.demo.trace import trace_demo_load
from tamnong.ntm.models import Recognition, Target, TargetCommune
from tamnong.ntm.services import AssessmentInput, self_assessment_save
from tamnong.places.models import AdminUnit

DATA = Path(__file__).parent / "data"
PASSWORD = "tamnong-demo"

# (username, role, unit key or None, what the login is for)
LOGINS = [
    ("trunguong", Role.NATIONAL_OFFICE, None, "Văn phòng Điều phối NTM trung ương"),
    ("tinh.hoabinh", Role.PROVINCE_OFFICE, "2020:17", "Văn phòng Điều phối NTM tỉnh Hòa Bình (bản đồ cũ)"),
    (
        "duyet.hoabinh",
        Role.PROVINCE_OFFICE,
        "2020:17",
        "Lãnh đạo Văn phòng Điều phối NTM tỉnh Hòa Bình (duyệt bộ tiêu chí)",
    ),
    ("tinh.phutho", Role.PROVINCE_OFFICE, "2025-07:25", "Văn phòng Điều phối NTM tỉnh Phú Thọ (từ 01/07/2025)"),
    (
        "duyet.phutho",
        Role.PROVINCE_OFFICE,
        "2025-07:25",
        "Lãnh đạo Văn phòng Điều phối NTM tỉnh Phú Thọ (duyệt nhóm xã)",
    ),
    ("huyen.kimboi", Role.DISTRICT_OFFICE, "2020:153", "Văn phòng Điều phối NTM huyện Kim Bôi"),
    ("thixa.kinhmon", Role.DISTRICT_OFFICE, "2020:292", "Văn phòng Điều phối NTM thị xã Kinh Môn"),
    ("xa.namthuong", Role.COMMUNE_OFFICER, "2020:05068", "Cán bộ xã Nam Thượng (Kim Bôi)"),
    ("xa.binhson", Role.COMMUNE_OFFICER, "2020:04990", "Cán bộ xã Bình Sơn (Kim Bôi)"),
    ("xa.doanhung", Role.COMMUNE_OFFICER, "2025-07:07969", "Cán bộ xã Đoan Hùng (Phú Thọ, hồ sơ đã được công nhận)"),
    ("xa.caophong", Role.COMMUNE_OFFICER, "2025-07:05089", "Cán bộ xã Cao Phong (Phú Thọ, hồ sơ chờ tỉnh thẩm định)"),
    ("xem.hoabinh", Role.VIEWER, "2020:17", "Người xem số liệu tỉnh Hòa Bình"),
]

STANDARD_DIRECT_EVIDENCE = "Biên bản rà soát mức độ đạt tiêu chí số {n} ngày {d} (dữ liệu trình diễn)"


def _unit(key: str) -> AdminUnit:
    scheme, code = key.split(":")
    return AdminUnit.objects.get(scheme=scheme, code=code)


@transaction.atomic
def demo_logins_create() -> list[tuple[str, str, str]]:
    users = get_user_model()
    admin, created = users.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})
    if created:
        admin.set_password(PASSWORD)
        admin.save()
    out = [("admin", PASSWORD, "Quản trị hệ thống (toàn quyền)")]
    for username, role, unit_key, purpose in LOGINS:
        user, created = users.objects.get_or_create(username=username)
        if created:
            user.set_password(PASSWORD)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=_unit(unit_key) if unit_key else None)
        out.append((username, PASSWORD, purpose))
    return out


def _standard_records(edition, not_met: set[str], rng: random.Random, on: dt.date):
    """Raw records of the first tier: values for indicator-assessed criteria, evidence for the others."""
    values: dict = {}
    assessments: dict = {}
    day = on.strftime("%d/%m/%Y")
    for criterion in edition.tiers[0].criteria:
        met = criterion.number not in not_met
        if criterion.number == "3":
            values["3.1"] = round(rng.uniform(81, 96), 1) if met else round(rng.uniform(62, 78), 1)
            values["3.2.items"] = True
            values["3.2.score"] = rng.randint(52, 68)
        elif criterion.number == "8":
            values.update({"8.1": True, "8.2": True, "8.3": True, "8.4": met})
        else:
            if criterion.number == "10":
                values["income_per_capita_mvnd"] = round(rng.uniform(46, 58) if met else rng.uniform(33, 44), 1)
            if criterion.number == "11":
                values["multidim_poverty_pct"] = round(rng.uniform(1.5, 6) if met else rng.uniform(9, 16), 2)
            assessments[criterion.number] = AssessmentInput(
                met=met,
                evidence=STANDARD_DIRECT_EVIDENCE.format(n=criterion.number, d=day),
                assessed_by="Tổ rà soát tiêu chí của xã",
            )
    return values, assessments


def _advanced_records(edition, tier: str, not_met: set[str], rng: random.Random, on: dt.date):
    values: dict = {}
    assessments: dict = {}
    day = on.strftime("%d/%m/%Y")
    reaches_advanced = tier in ("advanced", "model")
    for criterion in edition.tier("advanced").criteria:
        met = reaches_advanced or criterion.number not in not_met
        if criterion.number == "4":
            values["household_power_pct"] = 100 if met else round(rng.uniform(96, 99.5), 1)
            continue
        assessments[f"advanced/{criterion.number}"] = AssessmentInput(
            met=met,
            evidence=f"Biên bản rà soát tiêu chí số {criterion.number} mức nâng cao ngày {day} (dữ liệu trình diễn)",
            assessed_by="Phòng Kinh tế thị xã",
        )
    if tier == "model":
        values["smart_village"] = True
        values["outstanding_field"] = True
        assessments["model/2"] = AssessmentInput(
            met=True,
            evidence="Báo cáo thu nhập bình quân đầu người năm 2023 của xã (dữ liệu trình diễn)",
            assessed_by="Chi cục Thống kê thị xã",
        )
    return values, assessments


@transaction.atomic
def demo_place_load(name: str, *, actor) -> int:
    """Load one demo file of tamnong/demo/data; returns the number of communes written. Idempotent."""
    spec = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    district = AdminUnit.objects.get(scheme=spec["district"]["scheme"], code=spec["district"]["code"])
    edition = edition_get(spec["edition"])
    on = spec["as_of"]
    for code, usual in (spec.get("usual_names") or {}).items():
        AdminUnit.objects.filter(scheme=district.scheme, code=code).update(usual_name=usual)
    for code, commune_spec in spec["communes"].items():
        commune = AdminUnit.objects.get(scheme=district.scheme, code=code, parent=district)
        rng = random.Random(f"{name}:{code}")
        values, assessments = _standard_records(edition, set(commune_spec.get("not_met", [])), rng, on)
        if "tier" in commune_spec:
            more_values, more_assessments = _advanced_records(
                edition, commune_spec["tier"], set(commune_spec.get("advanced_not_met", [])), rng, on
            )
            values |= more_values
            assessments |= more_assessments
        self_assessment_save(
            commune=commune,
            edition_id=edition.id,
            on=on,
            period=spec.get("period", "quarter"),
            values=values,
            assessments=assessments,
            actor=actor,
        )
    for r in spec.get("recognitions", []):
        Recognition.objects.get_or_create(
            commune=AdminUnit.objects.get(scheme=district.scheme, code=r["commune"]),
            tier=r["tier"],
            decision_number=r["decision"],
            defaults={"decision_date": r["date"], "is_demo": True},
        )
    if target_spec := spec.get("target"):
        target, _ = Target.objects.update_or_create(
            unit=district, year=target_spec["year"],
            defaults={k: target_spec.get(k) for k in (
                "average_criteria", "communes_standard", "communes_advanced", "communes_model",
                "communes_15_18", "communes_10_14",
            )},
        )  # fmt: skip
        for planned in target_spec.get("planned", []):
            TargetCommune.objects.get_or_create(
                target=target,
                commune=AdminUnit.objects.get(scheme=district.scheme, code=planned["commune"]),
                tier=planned["tier"],
            )
    return len(spec["communes"])


DEMO_FILES = ["kim-boi-2024-03.yaml", "kinh-mon-2024.yaml"]


def demo_load() -> list[tuple[str, str, str]]:
    logins = demo_logins_create()
    for name in DEMO_FILES:
        demo_place_load(name, actor=SYSTEM)
    ocop_demo_load(actor=SYSTEM, password=PASSWORD)
    trace_demo_load()
    resources_demo_load(actor=SYSTEM)
    recognition_demo_load()
    demo_groups_load()
    cycle_demo_load()
    return logins + [(username, PASSWORD, purpose) for username, purpose in OCOP_LOGINS]
