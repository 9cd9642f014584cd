"""Reading the audit log: an office reads the events of its territory — those whose unit acted on
lies inside the territory of one of its office roles — filtered by action, dates and user; whoever
covers every unit (the national office, an administrator) also reads the events without a unit.
Nothing here, nor anywhere, changes or deletes an event (tamnong.core.models.AuditEvent)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from tamnong.accounts import history
from tamnong.accounts.models import Role, RoleAssignment
from tamnong.accounts.selectors import Scope, assignment_scope
from tamnong.core.models import AuditEvent
from tamnong.places.selectors import unit_full_name

OFFICE_ROLES = (Role.NATIONAL_OFFICE, Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE)


def holds_office(actor) -> bool:
    """Whether the actor is an office (national, provincial, district) or an administrator."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return actor.is_superuser or RoleAssignment.objects.filter(user=actor, role__in=OFFICE_ROLES).exists()


def office_scope(actor) -> Scope:
    """The territory of the actor's office roles (not its commune or viewer roles)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Scope(everything=False, roots=frozenset())
    if actor.is_superuser:
        return Scope(everything=True, roots=frozenset())
    roots: set = set()
    for assignment in RoleAssignment.objects.filter(user=actor, role__in=OFFICE_ROLES).select_related("unit"):
        scope = assignment_scope(assignment)
        if scope.everything:
            return scope
        roots |= scope.roots
    return Scope(everything=False, roots=frozenset(roots))


@dataclass(frozen=True)
class LogFilters:
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    user: str = ""


def events(*, actor, filters: LogFilters) -> QuerySet[AuditEvent]:
    """The events the actor may read, newest first, with the filters applied."""
    scope = office_scope(actor)
    rows = AuditEvent.objects.select_related("actor", "unit__parent__parent").prefetch_related("actor__roles__unit")
    if not scope.everything:
        rows = scope.filter(rows.filter(unit__isnull=False), prefix="unit__")
    if filters.action:
        rows = rows.filter(action=filters.action)
    if filters.date_from:
        rows = rows.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(at__date__lte=filters.date_to)
    if filters.user:
        word = filters.user.strip()
        rows = rows.filter(by_system=True) if word in ("system", "hệ thống") else rows.filter(actor__username=word)
    return rows.order_by("-at", "-id")


def actions_seen(*, actor) -> list[str]:
    """The actions present in the actor's part of the log (for the filter's list)."""
    return sorted(set(events(actor=actor, filters=LogFilters()).values_list("action", flat=True).distinct()))


def action_name(code: str, lang: str) -> str:
    """The action by its name (the authority table, or the names of the older codes)."""
    return history.action_name(code, lang)


def record_name(event: AuditEvent, lang: str) -> str:
    return history.record_name(event, lang)


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def who(event: AuditEvent, lang: str) -> str:
    if event.by_system:
        return "the system" if lang == "en" else "hệ thống"
    return event.actor.username if event.actor else ""


def rows_for_page(page, lang: str) -> list[dict]:
    return [
        {"at": e.at, "who": who(e, lang),
         "action": action_name(e.action, lang), "code": e.action,
         "unit": unit_full_name(e.unit) if e.unit_id else "", "record": record_name(e, lang),
         "text": history.audit_sentence(e, lang)}
        for e in page
    ]  # fmt: skip


CSV_HEADERS = ["Thời điểm", "Người thực hiện", "Thao tác", "Mã thao tác", "Đơn vị", "Bản ghi", "Căn cứ thẩm quyền",
               "Trước", "Sau", "Diễn giải"]  # fmt: skip


def csv_rows(rows, lang: str = "vi") -> list[list[str]]:
    return [
        [timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"), who(e, lang), action_name(e.action, lang), e.action,
         unit_full_name(e.unit) if e.unit_id else "", record_name(e, lang), e.rule, _json(e.before), _json(e.after),
         history.audit_sentence(e, lang)]
        for e in rows
    ]  # fmt: skip
