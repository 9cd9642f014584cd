"""Roles carried over to the successor units: from 1 July 2025 a role held over a unit of an older list
reaches only the same territory (tamnong.accounts.selectors); the units that unit was merged or split
into need a new role assignment, which the national office confirms here, in bulk, each one audited.

Proposals: every role over a unit of an older list than the one in force, towards each unit of the
same level on the list in force that continues it (through the successions) and that the role does not
already reach. A role with no unit of its level on the new list (district offices: no districts from
1 July 2025) is listed as not carried, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tamnong.accounts import authority
from tamnong.accounts.models import Role, RoleAssignment
from tamnong.core import clock
from tamnong.core.errors import DomainError
from tamnong.places import territory
from tamnong.places.models import AdminUnit, Level
from tamnong.places.schemes import scheme_on, schemes

ACTION = "accounts.roles.carry_over"


@dataclass(frozen=True)
class Proposal:
    """A new role assignment: `assignment`'s user and role over `unit`, which continues its unit."""

    assignment: RoleAssignment
    unit: AdminUnit
    formed_from: tuple[AdminUnit, ...]  # the units of the old list the new unit took in

    @property
    def key(self) -> str:
        return f"{self.assignment.pk}:{self.unit.pk}"


@dataclass(frozen=True)
class NotCarried:
    assignment: RoleAssignment
    reason_vi: str
    reason_en: str


def carry_over_proposals() -> tuple[list[Proposal], list[NotCarried]]:
    """The role assignments to create on the list in force, and the roles that cannot be carried."""
    in_force = scheme_on(clock.today())
    if in_force is None:
        return [], []
    older = [s.scheme for s in schemes() if s.valid_to is not None and s.valid_to < in_force.valid_from]
    held = set(RoleAssignment.objects.values_list("user_id", "role", "unit_id"))
    proposals: list[Proposal] = []
    not_carried: list[NotCarried] = []
    assignments = (
        RoleAssignment.objects.filter(unit__scheme__in=older)
        .exclude(role=Role.NATIONAL_OFFICE)
        .select_related("user", "unit__parent__parent")
        .order_by("user__username", "role", "unit__scheme", "unit__code")
    )
    for assignment in assignments:
        old = assignment.unit
        successors = [u for u in territory.successors_on(old, in_force.scheme) if u.level == old.level]
        if not successors:
            if (
                old.level == Level.DISTRICT
                and not AdminUnit.objects.filter(scheme=in_force.scheme, level=Level.DISTRICT).exists()
            ):
                reason = (f"danh mục từ {in_force.valid_from:%d/%m/%Y} không còn cấp huyện",
                          f"the list from {in_force.valid_from:%d/%m/%Y} has no districts")  # fmt: skip
            else:
                reason = (f"không có đơn vị cùng cấp kế thừa {old.title} trong danh mục từ {in_force.valid_from:%d/%m/%Y}",
                          f"no unit of the same level continues {old.title} on the list from "
                          f"{in_force.valid_from:%d/%m/%Y}")  # fmt: skip
            not_carried.append(NotCarried(assignment, *reason))
            continue
        reached = set(territory.authority_units([old.pk]).values_list("covered_id", flat=True))
        for unit in successors:
            if (assignment.user_id, assignment.role, unit.pk) in held or unit.pk in reached:
                continue
            formed_from = tuple(territory.predecessors_on(unit, old.scheme))
            proposals.append(Proposal(assignment, unit, formed_from))
    return proposals, not_carried


@authority.acts(ACTION)
def roles_carry_over(*, keys: list[str], actor) -> list[RoleAssignment]:
    """Create the proposed role assignments chosen by `keys` (Proposal.key), all or none, each audited."""
    grant = authority.authorize(actor, ACTION, unit=None, on=clock.today())
    if not keys:
        raise DomainError(_("No change was chosen to confirm."), field="proposals")
    proposals = {p.key: p for p in carry_over_proposals()[0]}
    for number, key in enumerate(keys, start=1):
        if key not in proposals:
            raise DomainError(
                _(
                    "Change %(number)s of those chosen is no longer proposed (the role was carried over or changed): "
                    "reload the page; nothing was saved."
                ),
                {"number": number},
                field="proposals",
            )
    created = []
    for key in dict.fromkeys(keys):
        proposal = proposals[key]
        old = proposal.assignment
        new = RoleAssignment.objects.create(user=old.user, role=old.role, unit=proposal.unit)
        authority.audit(
            grant,
            target=new,
            after={
                "user": old.user.username, "role": old.role, "unit": proposal.unit.key,
                "carried_from": {"assignment": old.pk, "unit": old.unit.key},
            },
        )  # fmt: skip
        created.append(new)
    return created
