"""A signed-in user's home page: the roles it holds and, for each, the work waiting for it, from the
home blocks every app declares (tamnong.core.navigation; ADR 0008). The national office lands on the
national dashboard unless a review queue holds something for it; a user with no role at all is told so."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from tamnong.accounts.models import Role
from tamnong.accounts.navigation import assignments
from tamnong.core import navigation
from tamnong.core.navigation import Block, Who
from tamnong.places.selectors import unit_full_name


@dataclass(frozen=True)
class HeldRole:
    role: str  # the role's name, as users read it
    unit: str  # the unit's full name, or "" for the national level


@dataclass(frozen=True)
class Home:
    roles: tuple[HeldRole, ...]
    blocks: tuple[Block, ...]
    redirect_to: str = ""  # the page the user lands on instead (the national office: the national dashboard)


def home_for(who: Who, *, on: dt.date) -> Home:
    held = tuple(
        HeldRole(str(a.get_role_display()), unit_full_name(a.unit) if a.unit_id else "") for a in assignments(who)
    )
    blocks = tuple(navigation.blocks(who, on))
    kinds = {a.role for a in assignments(who)}
    national_only = kinds == {Role.NATIONAL_OFFICE} or (who.superuser and not kinds)
    waiting = any(block.items for block in blocks if block.review)
    redirect_to = reverse("ntm-home") if national_only and not waiting else ""
    return Home(held, blocks, redirect_to)
