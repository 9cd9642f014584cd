"""The demo's commune groups: Phú Thọ's communes on the July 2025 list get a group by the plausible rule
of data/groups-phu-tho-2026.yaml (demo choices, not legal facts), proposed and approved by two demo
officers of the province through the same services as the pages (tamnong.accounts.unit_groups)."""

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model

from tamnong.accounts import unit_groups
from tamnong.places import groups
from tamnong.places.models import AdminUnit, AdminUnitSuccession, ProposalStatus, UnitAttribute

DATA = Path(__file__).parent / "data" / "groups-phu-tho-2026.yaml"


def demo_groups_plan(spec: dict) -> dict[AdminUnit, str]:
    """The group the demo rule gives each commune of the province (wards and special zones: none)."""
    province = AdminUnit.objects.get(scheme=spec["province"]["scheme"], code=spec["province"]["code"])
    rule = spec["group_3_formed_from"]
    mountain = {f"{code}/" for code in rule["districts"]}
    formed_from: dict[int, set[str]] = {}
    for successor_id, path in AdminUnitSuccession.objects.filter(
        successor__scheme=province.scheme, successor__parent=province, predecessor__scheme=rule["scheme"]
    ).values_list("successor_id", "predecessor__path"):
        formed_from.setdefault(successor_id, set()).add(path)
    plan = {}
    for unit in groups.communes_of(province):
        if not groups.applicable(unit):
            continue
        paths = formed_from.get(unit.pk, set())
        # a 2025-01 commune's path is province/district/commune
        hill = any(p.split("/")[1] + "/" in mountain for p in paths if p.count("/") == 2)
        plan[unit] = "3" if hill else str(spec["otherwise"])
    return plan


def demo_groups_load() -> int:
    """Propose and approve the demo groups once; returns the communes assigned (0 when already loaded)."""
    spec = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    province = AdminUnit.objects.get(scheme=spec["province"]["scheme"], code=spec["province"]["code"])
    if groups.proposals_of(province, UnitAttribute.COMMUNE_GROUP).filter(status=ProposalStatus.APPROVED).exists():
        return 0
    users = get_user_model().objects
    plan = demo_groups_plan(spec)
    rows = [unit_groups.Row(unit, value, spec["effective_from"], spec["basis"]) for unit, value in plan.items()]
    proposal = unit_groups.attribute_propose(
        province=province, attribute=UnitAttribute.COMMUNE_GROUP, rows=rows,
        actor=users.get(username=spec["proposed_by"]),
    )  # fmt: skip
    unit_groups.attribute_review(proposal=proposal, actor=users.get(username=spec["approved_by"]), approve=True,
                                 note="Dữ liệu trình diễn")  # fmt: skip
    return len(rows)
