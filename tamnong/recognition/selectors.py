"""Reads of recognition dossiers (scoped to the actor), the register with its sustainability watch,
and the dossier's history as rows for the page and the export."""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy

from tamnong.accounts import authority
from tamnong.accounts.history import official_number
from tamnong.accounts.models import Role, RoleAssignment
from tamnong.accounts.selectors import actor_scope, assignment_scope
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.criteria.editions import edition_get, edition_in_force
from tamnong.ntm.models import EvaluationSnapshot, Recognition
from tamnong.ntm.rollups import communes_attributed
from tamnong.places import territory
from tamnong.places.models import AdminUnit, Level
from tamnong.places.selectors import unit_full_name
from tamnong.recognition import workflow
from tamnong.recognition.models import Dossier, DossierEvent
from tamnong.recognition.services import ACTIONS, EDIT, criterion_keys, editable_keys


def dossier_get(*, pk: int, actor, to_write: bool = False) -> Dossier:
    """A dossier the actor may read (its roles cover the commune). `to_write`: the dossier a step is
    about to change, whose service refuses an actor outside its scope naming the action."""
    dossier = (
        Dossier.objects.select_related("commune__parent__parent", "recognition", "created_by").filter(pk=pk).first()
    )
    if dossier is None:
        raise NotFoundError(gettext_lazy("No dossier number %(pk)s."), {"pk": pk}, field="id")
    if not to_write and not actor_scope(actor).covers(dossier.commune):
        raise PermissionDeniedError(
            gettext_lazy("This account may not read the dossiers of %(dossier_commune)s."),
            {"dossier_commune": unit_full_name(dossier.commune)},
            field="id",
        )
    return dossier


def dossier_list(*, actor, unit: AdminUnit | None = None, state: str | None = None) -> QuerySet[Dossier]:
    """The dossiers of the communes the actor may read, inside the unit if given, in a state if given."""
    rows = Dossier.objects.filter(commune__in=actor_scope(actor).filter(AdminUnit.objects.all()))
    if unit is not None:
        rows = rows.filter(commune__in=territory.inside(unit))
    if state:
        rows = rows.filter(state=state)
    return rows.select_related("commune__parent__parent").order_by("-state_since", "-pk")


def actions_for(*, dossier: Dossier, actor, on: dt.date) -> list[str]:
    """The actions of the table the actor may take on the dossier on a date."""
    try:
        rows = workflow.actions_from(dossier.state, on)
    except Exception:  # no procedure on that date
        return []
    return [
        action for action, role in rows
        if authority.may(actor, ACTIONS[action], unit=dossier.commune, on=on, step_role=role)
    ]  # fmt: skip


def can_edit(*, actor, dossier: Dossier, on: dt.date) -> bool:
    """Whether the actor may change the dossier's items, documents and conditions on a date (the
    authority table's `recognition.dossier.edit`; the state decides which items)."""
    return authority.may(actor, EDIT, unit=dossier.commune, on=on)


def can_export(*, actor, dossier: Dossier) -> bool:
    """Province officers (and national or administrators) browse and export the audit log."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser or actor.roles.filter(role=Role.NATIONAL_OFFICE).exists():
        return True
    return any(
        assignment_scope(a).covers(dossier.commune)
        for a in RoleAssignment.objects.filter(user=actor, role=Role.PROVINCE_OFFICE).select_related("unit")
    )


def dossier_items_view(dossier: Dossier, lang: str = "vi") -> list[dict[str, Any]]:
    """The dossier's items grouped by tier and criterion, with names, status, and whether editable now."""
    edition = edition_get(dossier.edition_id)
    items = {i.key: i for i in dossier.items.all()}
    editable = editable_keys(dossier)
    tiers = dossier.evaluation.get("tiers", {})
    order = [t.id for t in edition.tiers]
    rows = []
    for key, (tier_id, codes) in criterion_keys(edition).items():
        if order.index(tier_id) > order.index(dossier.tier) if dossier.tier in order else False:
            continue
        tier = edition.tier(tier_id)
        number = key.split("/")[-1]
        criterion = tier.criterion(number)
        status = tiers.get(tier_id, {}).get("criteria", {}).get(number, "")
        direct = items.get(f"criterion:{key}")
        entries = []
        for code in codes:
            item = items.get(code)
            ind = next(i for i in criterion.indicators if i.code == code)
            entries.append({
                "key": code, "kind": "indicator", "name": ind.name_en if lang == "en" else ind.name_vi,
                "value": item.value if item else None, "evidence": item.evidence if item else "",
                "evidence_file": item.evidence_file if item else "", "item_id": item.pk if item else None,
                "evidence_file_name": posixpath.basename(item.evidence_file) if item and item.evidence_file else "",
                "value_kind": ind.kind, "number": official_number(code),
                "editable": editable is None or code in editable,
            })  # fmt: skip
        if criterion.assessed == "direct" or direct is not None or not codes:
            entries.append({
                "key": f"criterion:{key}", "kind": "criterion", "name": "",
                "value": direct.value if direct else None, "evidence": direct.evidence if direct else "",
                "evidence_file": direct.evidence_file if direct else "", "item_id": direct.pk if direct else None,
                "evidence_file_name": posixpath.basename(direct.evidence_file) if direct and direct.evidence_file else "",
                "value_kind": "met",
                "editable": editable is None or f"criterion:{key}" in editable,
            })  # fmt: skip
        rows.append({
            "key": key, "tier": tier_id, "number": number, "status": status,
            "tier_name": tier.name_en if lang == "en" else tier.name_vi,
            "name": criterion.name_en if lang == "en" else criterion.name_vi, "entries": entries,
        })  # fmt: skip
    return rows


def dossier_history(dossier: Dossier) -> list[DossierEvent]:
    return list(dossier.events.select_related("actor").order_by("at", "pk"))


def dossier_items(dossier: Dossier) -> list:
    return list(dossier.items.all())


def dossier_documents(dossier: Dossier) -> list:
    return list(dossier.documents.all())


def dossier_reasons(dossier: Dossier) -> list:
    """The reasons the dossier was returned for, each with who wrote it."""
    return list(dossier.reasons.select_related("by"))


def edition_name(edition_id: str, lang: str = "vi") -> str:
    """The criteria set by its name ("Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025")."""
    try:
        edition = edition_get(edition_id)
    except Exception:  # an edition no longer shipped keeps its identifier
        return edition_id
    return edition.name_en if lang == "en" else edition.name_vi


def history_rows(dossier: Dossier) -> list[list[str]]:
    """The history as a table: time, date of the act, who, action, from → to, item, before, after, note,
    and the event told as a sentence."""
    import json

    from tamnong.recognition.history import event_sentence

    def text(value) -> str:
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    return [
        [e.at.strftime("%d/%m/%Y %H:%M:%S"), e.on.strftime("%d/%m/%Y"), e.actor.username if e.actor else "",
         e.action, e.from_state, e.to_state, e.item, text(e.before), text(e.after), e.note,
         event_sentence(e, dossier, "vi")]
        for e in dossier_history(dossier)
    ]  # fmt: skip


HISTORY_HEADERS = ["Thời điểm ghi", "Ngày thực hiện", "Người thực hiện", "Thao tác", "Từ trạng thái",
                   "Sang trạng thái", "Mục", "Trước", "Sau", "Ghi chú", "Diễn giải"]  # fmt: skip


def register_list(*, unit: AdminUnit, on: dt.date, lang: str | None = None) -> list[dict[str, Any]]:
    """The recognition register of a unit on a date: each recognition decided by then, whether it was
    revoked by then, and a sustainability watch comparing it with the commune's latest data: the
    criteria of the recognised tier (and the tiers below) that the latest evaluation does not meet.
    Validity: the sources give no period of validity for a recognition, so none is shown."""
    communes, _ = communes_attributed(unit, None, on) if unit.level != Level.COMMUNE else ([unit.pk], None)
    rows = []
    recognitions = (
        Recognition.objects.filter(commune__in=communes, decision_date__lte=on)
        .select_related("commune__parent__parent")
        .order_by("commune__name_folded", "decision_date")
    )
    try:
        edition = edition_in_force(on)
        order = [t.id for t in edition.tiers]
    except Exception:
        edition, order = None, []
    for r in recognitions:
        revoked = r.revoked_on is not None and r.revoked_on <= on
        watch = None
        if not revoked and edition is not None:
            watch = _watch(r, edition, order, on, lang)
        dossier = Dossier.objects.filter(recognition=r).values_list("pk", flat=True).first()
        rows.append({"recognition": r, "revoked": revoked, "watch": watch, "dossier": dossier})
    return rows


def _watch(recognition: Recognition, edition, order: list[str], on: dt.date, lang: str | None) -> dict[str, Any] | None:
    """The watch's failing criteria: by number and tier name for a page (`lang`), by key for the API."""
    snapshot = (
        EvaluationSnapshot.objects.filter(
            self_assessment__commune=recognition.commune, self_assessment__edition_id=edition.id,
            self_assessment__on__lte=on,
        ).select_related("self_assessment").order_by("-self_assessment__on").first()
    )  # fmt: skip
    if snapshot is None:
        return {"as_of": None, "failing": [], "unassessed": [], "flag": False, "no_data": True}
    if recognition.tier not in order:
        return None
    failing, unassessed = [], []
    for tier in snapshot.result.get("tiers", []):
        if tier["id"] not in order or order.index(tier["id"]) > order.index(recognition.tier):
            continue
        for number, status in tier["criteria"].items():
            if tier["id"] == order[0]:
                label = number
            elif lang is None:
                label = f"{tier['id']}/{number}"
            else:
                name = edition.tier(tier["id"]).name_en if lang == "en" else edition.tier(tier["id"]).name_vi
                label = f"{number} ({name})"
            if status == "not_met":
                failing.append(label)
            elif status != "met":
                unassessed.append(label)
    return {
        "as_of": snapshot.self_assessment.on, "failing": failing, "unassessed": unassessed,
        "flag": bool(failing), "no_data": False,
    }  # fmt: skip


def notices_for(*, actor, limit: int = 50):
    return list(actor.recognition_notices.select_related("dossier__commune")[:limit]) if actor.is_authenticated else []


_LEVEL_NAMES = {"commune": ("xã", "commune"), "district": ("huyện", "district"), "province": ("tỉnh", "province")}


def actions_absent_reason(*, dossier: Dossier, actor, on: dt.date) -> tuple[str, str]:
    """Why the actor has no action on the dossier on a date (Vietnamese, English): no procedure on that
    date, a closed dossier, a district role after districts were abolished, or whose step comes next."""
    try:
        procedure = workflow.procedure_on(on)
    except DomainError as exc:
        return exc.message_vi, exc.message_en
    steps = " → ".join(_LEVEL_NAMES[level][0] for level in procedure.levels)
    steps_en = " → ".join(_LEVEL_NAMES[level][1] for level in procedure.levels)
    state_vi, state_en = workflow.STATE_NAMES.get(dossier.state, (dossier.state, dossier.state))
    rows = workflow.actions_from(dossier.state, on)
    if not rows:
        return (
            f"Hồ sơ đang ở trạng thái «{state_vi}»: quy trình ({steps}) không còn bước nào sau trạng thái này.",
            f"The dossier is “{state_en}”: the procedure ({steps_en}) has no step after this state.",
        )
    actions_vi = ", ".join(dict.fromkeys(workflow.ACTION_NAMES[a][0] for a, _ in rows))
    actions_en = ", ".join(dict.fromkeys(workflow.ACTION_NAMES[a][1] for a, _ in rows))
    roles = [Role(role) for role in dict.fromkeys(role for _, role in rows)]
    with translation.override("vi"):
        roles_vi = ", ".join(str(r.label) for r in roles)
    with translation.override("en"):
        roles_en = ", ".join(str(r.label) for r in roles)
    holds_district = (
        actor is not None and actor.is_authenticated and actor.roles.filter(role=Role.DISTRICT_OFFICE).exists()
    )
    if holds_district and "district" not in procedure.levels:
        return (
            f"Từ {procedure.valid_from:%d/%m/%Y} không còn cấp huyện (chính quyền địa phương hai cấp): hồ sơ đi theo "
            f"quy trình {steps}, bước tiếp theo ({actions_vi}) do {roles_vi} thực hiện. Vai trò văn phòng điều phối "
            "cấp huyện của tài khoản này không có thao tác trên hồ sơ và không chuyển được sang danh mục mới (không "
            "còn đơn vị cấp huyện); để tiếp tục, tài khoản cần được giao một vai trò mới.",
            f"From {procedure.valid_from:%d/%m/%Y} there are no districts (two-level local government): dossiers "
            f"follow the procedure {steps_en}, and the next step ({actions_en}) is taken by the {roles_en}. This "
            "account's district office role has no action on dossiers and cannot be carried over to the new list "
            "(it has no districts); to go on, the account needs a new role.",
        )
    return (
        f"Hồ sơ đang ở trạng thái «{state_vi}»; bước tiếp theo ({actions_vi}) do {roles_vi} phụ trách "
        f"{dossier.commune.title} thực hiện, tài khoản này không giữ vai trò đó ngày {on:%d/%m/%Y}.",
        f"The dossier is “{state_en}”; the next step ({actions_en}) is taken by the {roles_en} in charge of "
        f"{dossier.commune.title}, a role this account does not hold on {on:%d/%m/%Y}.",
    )
