"""Writes of recognition dossiers: create (freeze the commune's latest evaluated self-assessment),
change the items the state opens, record documents and conditions, and move the dossier through the
workflow table. Each write is one act of tamnong.accounts.authority: the unit acted on is the
dossier's commune, the date the act's; a transition is authorised for the role the workflow table
names for the step on that date (`recognition.<action>`, `step_role`). Each write raises the version
(a stale write is refused) and records a DossierEvent and an AuditEvent (who, when, the unit, the
table's row, before → after).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy

from tamnong import rules
from tamnong.accounts import authority
from tamnong.accounts.models import Role, RoleAssignment
from tamnong.accounts.selectors import assignment_scope
from tamnong.core.actors import user_of
from tamnong.core.errors import DomainError, StaleError
from tamnong.core.i18n import Bilingual
from tamnong.core.outbox import email_queue
from tamnong.criteria.editions import edition_get, edition_in_force
from tamnong.criteria.selectors import evaluation_compute
from tamnong.ntm.models import Recognition, SelfAssessment
from tamnong.ntm.selectors import self_assessment_facts
from tamnong.places.models import AdminUnit, Level
from tamnong.places.selectors import unit_full_name
from tamnong.recognition import workflow
from tamnong.recognition.models import (
    OPEN_STATES,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierItem,
    ItemKind,
    Notice,
    ReturnReason,
    State,
)
from tamnong.rules.validation import check_value, measures, parse_value

# The authority table's action for each action of the workflow table (tamnong/rules/data/authority/actions.yaml).
ACTIONS = {action: f"recognition.{action}" for action in workflow.ACTION_NAMES}
CREATE, EDIT = "recognition.dossier.create", "recognition.dossier.edit"


# -- who may act -------------------------------------------------------------------------------------


def transition_authorize(actor, dossier: Dossier, action: str, on: dt.date) -> authority.Grant:
    """The grant for the workflow's `action` on the dossier's commune on the act's date: the role the
    table names for the step (on the procedure in force that day), over the commune; or NotAuthorised."""
    row = workflow.transition_for(dossier.state, action, on)
    return authority.authorize(actor, row.authority_action, unit=dossier.commune, on=on, step_role=row.role)


def role_holders(role: str, unit: AdminUnit) -> list:
    """The users who hold a role over the unit (for notifications)."""
    users = {}
    for assignment in RoleAssignment.objects.filter(role=role).select_related("unit", "user"):
        if assignment_scope(assignment).covers(unit):
            users[assignment.user_id] = assignment.user
    return list(users.values())


# -- the dossier's content ---------------------------------------------------------------------------


def criterion_keys(edition: rules.Edition) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each criterion's key as direct assessments name it ("10", "advanced/4") → (tier, its indicator codes)."""
    out = {}
    for index, tier in enumerate(edition.tiers):
        for criterion in tier.criteria:
            key = criterion.number if index == 0 else f"{tier.id}/{criterion.number}"
            out[key] = (tier.id, tuple(i.code for i in criterion.indicators))
    return out


def dossier_facts(dossier: Dossier) -> dict[str, Any]:
    values, assessments = {}, {}
    for item in dossier.items.all():
        if item.kind == ItemKind.INDICATOR:
            if item.value is not None:
                values[item.key] = item.value
        elif item.value is not None:
            key = item.key.removeprefix("criterion:")
            assessments[key] = {"met": bool(item.value), "evidence": item.evidence, "by": item.assessed_by or None}
    return {"values": values, "assessments": assessments}


def _evaluation_store(dossier: Dossier) -> None:
    evaluation = evaluation_compute(
        edition=edition_get(dossier.edition_id), unit=dossier.commune, on=dossier.on, facts=dossier_facts(dossier)
    )
    dossier.evaluation = {
        "content_hash": evaluation.trace.content_hash,
        "tier_reached": evaluation.tier_reached,
        "tiers": {
            t.id: {"reached": t.reached, "criteria_met": t.criteria_met, "criteria_total": t.criteria_total,
                   "criteria": {c.number: c.status for c in t.criteria}}
            for t in evaluation.tiers
        },
    }  # fmt: skip


def _json_number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def dossier_content(dossier: Dossier) -> dict[str, Any]:
    """What the content hash covers: the frozen values with their evidence references, the documents
    and the declared conditions."""
    return {
        "commune": f"{dossier.commune.scheme}:{dossier.commune.code}",
        "tier": dossier.tier,
        "edition_id": dossier.edition_id,
        "on": dossier.on.isoformat(),
        "items": [
            [i.key, i.kind, i.value, i.evidence, i.evidence_file, i.assessed_by]
            for i in sorted(dossier.items.all(), key=lambda i: i.key)
        ],
        "documents": [
            [d.code, d.reference, d.file.name if d.file else ""]
            for d in sorted(dossier.documents.all(), key=lambda d: d.code)
        ],
        "conditions": dossier.conditions,
    }


def dossier_content_hash(dossier: Dossier) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of `dossier_content`."""
    text = json.dumps(dossier_content(dossier), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class HashCheck:
    approved: str
    current: str

    @property
    def unchanged(self) -> bool:
        return bool(self.approved) and self.approved == self.current


def dossier_hash_check(dossier: Dossier) -> HashCheck:
    """The hash recorded at recognition against the hash of the content now."""
    return HashCheck(dossier.approved_hash, dossier_content_hash(dossier))


# -- events, audit, notices --------------------------------------------------------------------------


def _event(dossier, *, grant: authority.Grant, on, action, before=None, after=None, item="", from_state="",
           to_state="", note=""):  # fmt: skip
    DossierEvent.objects.create(
        dossier=dossier, actor=user_of(grant.actor), on=on, action=action, item=item, before=before, after=after,
        from_state=from_state, to_state=to_state, note=note,
    )  # fmt: skip
    authority.audit(
        grant,
        target=dossier,
        before={"state": from_state or dossier.state, **({"item": item, "value": before} if item else {})},
        after={"state": to_state or dossier.state, **({"item": item, "value": after} if item else after or {})},
    )


def _notify(dossier: Dossier, users, kind: str, message_vi: str, message_en: str, on: dt.date) -> int:
    count = 0
    for user in users:
        Notice.objects.create(
            user=user, dossier=dossier, kind=kind, message_vi=message_vi, message_en=message_en, on=on
        )
        if user.email:
            email_queue(user.email, message_vi[:200], f"{message_vi}\n\n{message_en}", about=dossier)
        count += 1
    return count


def _title(dossier: Dossier) -> tuple[str, str]:
    tier = dossier.get_tier_display()
    return (
        f"Hồ sơ #{dossier.pk} — {dossier.commune.title} ({tier})",
        f"Dossier #{dossier.pk} — {dossier.commune.title} ({tier})",
    )


def _holders(state: str, on: dt.date) -> set[str]:
    return {role for action, role in workflow.actions_from(state, on) if action not in ("revoke",)}


# -- writes ------------------------------------------------------------------------------------------


def _locked(dossier: Dossier, expected_version: int | None) -> Dossier:
    """The dossier read again under a lock, refused if someone changed it since `expected_version`."""
    current = Dossier.objects.select_for_update().select_related("commune").get(pk=dossier.pk)
    if expected_version is not None and current.version != expected_version:
        last = current.events.order_by("-at", "-pk").select_related("actor").first()
        who = (last.actor.username if last and last.actor else None) or "người khác"
        raise StaleError(
            gettext_lazy(
                "Dossier #%(current_pk)s was just changed by %(value)s (version %(current_version)s, "
                "state “%(workflow_state_names)s”); your action was not carried out. Reload the page to "
                "see the latest dossier."
            ),
            {
                "current_pk": current.pk,
                "value": Bilingual(who, who if who != 'người khác' else 'someone else'),
                "current_version": current.version,
                "workflow_state_names": Bilingual(workflow.STATE_NAMES[current.state][0], workflow.STATE_NAMES[current.state][1]),
            },
            field="version",
        )
    return current


def _bump(dossier: Dossier, **fields) -> None:
    updated = Dossier.objects.filter(pk=dossier.pk, version=dossier.version).update(version=F("version") + 1, **fields)
    if not updated:
        raise StaleError(
            gettext_lazy("The dossier was just changed by someone else. Reload the page."),
            field="version",
        )
    dossier.version += 1
    for name, value in fields.items():
        setattr(dossier, name, value)


@authority.acts(CREATE)
def dossier_create(*, commune: AdminUnit, tier: str, on: dt.date, actor, is_demo: bool = False) -> Dossier:
    """Open a dossier for a commune and a tier, freezing a copy of the commune's latest evaluated
    self-assessment on or before `on` (its values, direct assessments and evidence references)."""
    if commune.level != Level.COMMUNE:
        raise DomainError(
            gettext_lazy("%(commune)s is not a commune."),
            {"commune": unit_full_name(commune)},
            field="unit",
        )  # fmt: skip
    grant = authority.authorize(actor, CREATE, unit=commune, on=on)
    edition = edition_in_force(on)
    tiers = [t.id for t in edition.tiers]
    if tier not in tiers:
        raise DomainError(
            gettext_lazy(
                "Tier “%(tier)s” is not in the criteria set %(edition_id)s in force on %(on)s (tiers: "
                "%(tiers)s)."
            ),
            {"tier": tier, "edition_id": edition.id, "on": format(on, '%d/%m/%Y'), "tiers": ', '.join(tiers)},
            field="tier",
        )
    source = (
        SelfAssessment.objects.filter(commune=commune, edition_id=edition.id, on__lte=on, evaluation__isnull=False)
        .select_related("evaluation")
        .prefetch_related("values", "assessments")
        .order_by("-on")
        .first()
    )
    if source is None:
        raise DomainError(
            gettext_lazy(
                "%(commune_title)s has no self-assessment against %(edition_id)s up to %(on)s: enter its "
                "data first."
            ),
            {"commune_title": commune.title, "edition_id": edition.id, "on": format(on, '%d/%m/%Y')},
            field="on",
        )
    if Dossier.objects.filter(commune=commune, tier=tier, state__in=OPEN_STATES).exists():
        raise DomainError(
            gettext_lazy("%(commune_title)s already has an open dossier for tier “%(tier)s”."),
            {"commune_title": commune.title, "tier": tier},
            field="tier",
        )
    dossier = Dossier.objects.create(
        commune=commune, tier=tier, edition_id=edition.id, on=source.on, source=source,
        source_hash=source.evaluation.content_hash, state=State.DRAFT, state_since=on, created_by=user_of(actor),
        is_demo=is_demo,
    )  # fmt: skip
    for value in source.values.all():
        DossierItem.objects.create(
            dossier=dossier, key=value.code, kind=ItemKind.INDICATOR, value=value.value, evidence=value.comment,
            evidence_file=value.evidence.name or "",
        )  # fmt: skip
    for assessment in source.assessments.all():
        DossierItem.objects.create(
            dossier=dossier, key=f"criterion:{assessment.criterion}", kind=ItemKind.CRITERION, value=assessment.met,
            evidence=assessment.evidence, evidence_file=assessment.evidence_file.name or "",
            assessed_by=assessment.assessed_by,
        )  # fmt: skip
    _evaluation_store(dossier)
    dossier.save(update_fields=["evaluation"])
    _event(
        dossier, grant=grant, on=on, action="create", to_state=State.DRAFT,
        after={"copied_from": source.pk, "as_of": source.on.isoformat(), "facts": self_assessment_facts(source)},
    )  # fmt: skip
    return dossier


def editable_keys(dossier: Dossier) -> set[str] | None:
    """The items the commune may change now: every item in a draft (None), those reopened by the last
    return when returned, none otherwise."""
    if dossier.state == State.DRAFT:
        return None
    if dossier.state != State.RETURNED:
        return set()
    edition = edition_get(dossier.edition_id)
    criteria = criterion_keys(edition)
    keys = set()
    for target in dossier.reopened:
        keys.add(target)
        if target.startswith("criterion:"):
            keys.update(criteria.get(target.removeprefix("criterion:"), ("", ()))[1])
    return keys


def _require_editable(dossier: Dossier, key: str) -> None:
    keys = editable_keys(dossier)
    if keys is None or key in keys:
        return
    state_vi, state_en = workflow.STATE_NAMES[dossier.state]
    if dossier.state == State.RETURNED:
        raise workflow.ItemNotReopened(
            gettext_lazy(
                "“%(key)s” is not among the items returned (%(dossier_reopened)s); only those may be "
                "changed."
            ),
            {"key": key, "dossier_reopened": ', '.join(sorted(dossier.reopened))},
            field=key,
        )
    raise workflow.ItemNotReopened(
        gettext_lazy("The dossier is “%(state_en)s”: “%(key)s” cannot be changed."),
        {"state_en": Bilingual(state_vi, state_en), "key": key},
        field=key,
    )


@dataclass(frozen=True)
class ItemChange:
    """A new value of an item: `value` as typed for an indicator ("76,5", "có"), `met` for a criterion;
    `evidence` the comment or evidence text (None keeps it)."""

    value: Any = None
    met: bool | None = None
    evidence: str | None = None


@authority.acts(EDIT)
def dossier_items_update(
    *, dossier: Dossier, changes: Mapping[str, ItemChange], actor, on: dt.date, expected_version: int | None
) -> Dossier:
    """Change items of the dossier (indicator values, direct assessments, their evidence), as the state allows."""
    dossier = _locked(dossier, expected_version)
    grant = authority.authorize(actor, EDIT, unit=dossier.commune, on=on)
    edition = edition_get(dossier.edition_id)
    indicators = measures(edition)
    criteria = criterion_keys(edition)
    for key, change in changes.items():
        _require_editable(dossier, key)
        item = DossierItem.objects.filter(dossier=dossier, key=key).first()
        before = None if item is None else {"value": item.value, "evidence": item.evidence}
        if key.startswith("criterion:"):
            if key.removeprefix("criterion:") not in criteria:
                raise DomainError(gettext_lazy("No criterion “%(key)s”."), {"key": key}, field=key)
            evidence = change.evidence if change.evidence is not None else (item.evidence if item else "")
            if change.met is None or not (evidence or "").strip():
                raise DomainError(
                    gettext_lazy("Criterion %(value)s: give met / not met and its evidence."),
                    {"value": key.removeprefix('criterion:')},
                    field=key,
                )
            fields = {"kind": ItemKind.CRITERION, "value": change.met, "evidence": evidence.strip()}
        else:
            indicator = indicators.get(key)
            if indicator is None:
                raise DomainError(
                    gettext_lazy("Indicator “%(key)s” is not in the criteria set %(edition_id)s."),
                    {"key": key, "edition_id": edition.id},
                    field=key,
                )
            try:
                value = parse_value(indicator, change.value)
            except ValueError as exc:
                raise DomainError(gettext_lazy("Indicator %(key)s: %(exc)s"), {"key": key, "exc": exc}, field=key) from None
            if value is not None and (problem := check_value(indicator, value)):
                raise DomainError(
                    gettext_lazy("Indicator %(key)s: %(problem_reason_en)s (value %(change_value)s)."),
                    {
                        "key": key,
                        "problem_reason_en": Bilingual(problem.reason_vi, problem.reason_en),
                        "change_value": change.value,
                    },
                    field=key,
                )
            evidence = change.evidence if change.evidence is not None else (item.evidence if item else "")
            fields = {"kind": ItemKind.INDICATOR, "value": _json_number(value), "evidence": evidence}
        after = {"value": fields["value"], "evidence": fields["evidence"]}
        if before == after:
            continue
        DossierItem.objects.update_or_create(dossier=dossier, key=key, defaults=fields)
        _event(dossier, grant=grant, on=on, action="item_change", item=key, before=before, after=after)
    _evaluation_store(dossier)
    _bump(dossier, evaluation=dossier.evaluation)
    return dossier


@authority.acts(EDIT)
def dossier_document_record(
    *, dossier: Dossier, code: str, reference: str, actor, on: dt.date, expected_version: int | None, file=None
) -> Dossier:
    """Record a document of the dossier's list by its reference (and file)."""
    dossier = _locked(dossier, expected_version)
    grant = authority.authorize(actor, EDIT, unit=dossier.commune, on=on)
    _require_editable(dossier, f"document:{code}")
    _, documents = workflow.documents_for(dossier.edition_id, dossier.tier)
    if code not in {d["code"] for d in documents}:
        raise DomainError(gettext_lazy("No document “%(code)s” in the list."), {"code": code}, field="code")
    if not reference.strip():
        raise DomainError(gettext_lazy("Give the document's number and date."), field=f"document:{code}")
    current = DossierDocument.objects.filter(dossier=dossier, code=code).first()
    before = None if current is None else {"reference": current.reference, "file": current.file.name or ""}
    document, _ = DossierDocument.objects.update_or_create(
        dossier=dossier, code=code, defaults={"reference": reference.strip(), **({"file": file} if file else {})}
    )
    after = {"reference": document.reference, "file": document.file.name or ""}
    _event(dossier, grant=grant, on=on, action="document", item=f"document:{code}", before=before, after=after)
    _bump(dossier)
    return dossier


@authority.acts(EDIT)
def dossier_condition_record(
    *, dossier: Dossier, key: str, met: bool, evidence: str, actor, on: dt.date, expected_version: int | None
) -> Dossier:
    """Declare one of the conditions of 18/2022 that are not computed, with its evidence."""
    dossier = _locked(dossier, expected_version)
    grant = authority.authorize(actor, EDIT, unit=dossier.commune, on=on)
    _require_editable(dossier, f"condition:{key}")
    declared = {k for k, *_rest, how in workflow.CONDITIONS if how == "declared"}
    if key not in declared:
        raise DomainError(gettext_lazy("No declarable condition “%(key)s”."), {"key": key}, field="condition")
    if not evidence.strip():
        raise DomainError(gettext_lazy("Give the condition's evidence."), field=f"condition:{key}")
    before = dossier.conditions.get(key)
    conditions = {**dossier.conditions, key: {"met": bool(met), "evidence": evidence.strip()}}
    _event(
        dossier, grant=grant, on=on, action="condition", item=f"condition:{key}", before=before, after=conditions[key]
    )
    _bump(dossier, conditions=conditions)
    return dossier


def dossier_completeness(dossier: Dossier) -> dict[str, Any]:
    """What submission needs: the documents required at submission, and the four conditions of 18/2022."""
    listing, documents = workflow.documents_for(dossier.edition_id, dossier.tier)
    have = {d.code for d in dossier.documents.all()}
    missing = [d for d in documents if d.get("required_at") == "submit" and d["code"] not in have]
    tier = dossier.evaluation.get("tiers", {}).get(dossier.tier, {})
    conditions = []
    for key, name_vi, name_en, how in workflow.CONDITIONS:
        if how == "computed":
            ok = bool(tier.get("reached"))
            not_met = [n for n, s in tier.get("criteria", {}).items() if s != "met"]
            detail = "" if ok else ", ".join(not_met)
        else:
            declared = dossier.conditions.get(key)
            ok = bool(declared and declared.get("met") and declared.get("evidence"))
            detail = (declared or {}).get("evidence", "")
        conditions.append({"key": key, "name_vi": name_vi, "name_en": name_en, "how": how, "ok": ok, "detail": detail})
    failed = [c for c in conditions if not c["ok"]]
    return {
        "complete": not missing and not failed,
        "documents": documents,
        "documents_have": sorted(have),
        "missing_documents": missing,
        "conditions": conditions,
        "failed_conditions": failed,
        "list_status": listing.get("status"),
        "list_reason_vi": listing.get("reason_vi", ""),
        "list_reason_en": listing.get("reason_en", ""),
    }


def _require_complete(dossier: Dossier) -> None:
    check = dossier_completeness(dossier)
    if check["complete"]:
        return
    parts_vi, parts_en = [], []
    if check["missing_documents"]:
        parts_vi.append("thiếu tài liệu: " + "; ".join(d["name_vi"] for d in check["missing_documents"]))
        parts_en.append("missing documents: " + "; ".join(d["name_en"] for d in check["missing_documents"]))
    for c in check["failed_conditions"]:
        extra = f" (tiêu chí chưa đạt: {c['detail']})" if c["how"] == "computed" and c["detail"] else ""
        parts_vi.append(f"chưa đạt điều kiện: {c['name_vi']}{extra}")
        parts_en.append(f"condition not met: {c['name_en']}{extra.replace('tiêu chí chưa đạt', 'criteria not met')}")
    raise workflow.DossierIncomplete(
        gettext_lazy("The dossier is not complete — %(parts)s."),
        {"parts": Bilingual("; ".join(parts_vi), "; ".join(parts_en))},
        field="dossier",
    )


def _targets(dossier: Dossier) -> set[str]:
    edition = edition_get(dossier.edition_id)
    _, documents = workflow.documents_for(dossier.edition_id, dossier.tier)
    return (
        set(measures(edition))
        | {f"criterion:{k}" for k in criterion_keys(edition)}
        | {f"condition:{k}" for k, *_ in workflow.CONDITIONS if k != "all_criteria_met"}
        | {f"document:{d['code']}" for d in documents}
    )


@authority.acts(*ACTIONS.values())
def dossier_transition(
    *,
    dossier: Dossier,
    action: str,
    actor,
    on: dt.date,
    expected_version: int | None,
    reasons: Mapping[str, str] | None = None,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
) -> Dossier:
    """Apply one action of the workflow table on the date of the act. `reasons` (return): target →
    reason, a target being an indicator code, "criterion:<key>", "condition:<key>" or "document:<code>";
    only those reopen. `decision_number`/`decision_date`: the decision recognising (or revoking)."""
    dossier = _locked(dossier, expected_version)
    row = workflow.transition_for(dossier.state, action, on)
    grant = transition_authorize(actor, dossier, action, on)
    action_vi, action_en = workflow.ACTION_NAMES[action]
    if on < dossier.state_since:
        raise DomainError(
            gettext_lazy("The date %(on)s is before the previous step's (%(dossier_state_since)s)."),
            {"on": format(on, '%d/%m/%Y'), "dossier_state_since": format(dossier.state_since, '%d/%m/%Y')},
            field="on",
        )
    from_state = dossier.state
    extra: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    title_vi, title_en = _title(dossier)
    if action == "submit":
        _require_complete(dossier)
        fields["reopened"] = []
    elif action == "return":
        reasons = {k: v.strip() for k, v in (reasons or {}).items() if v and v.strip()}
        if not reasons:
            raise workflow.ReasonsRequired(
                gettext_lazy("A return needs a reason for each criterion or indicator to correct."),
                field="reasons",
            )
        unknown = sorted(set(reasons) - _targets(dossier))
        if unknown:
            raise DomainError(
                gettext_lazy("No item “%(unknown)s” in the dossier."),
                {"unknown": ', '.join(unknown)},
                field="reasons",
            )  # fmt: skip
        round_ = (dossier.reasons.order_by("-round").values_list("round", flat=True).first() or 0) + 1
        for target, reason in sorted(reasons.items()):
            ReturnReason.objects.create(
                dossier=dossier, round=round_, target=target, reason=reason, by=user_of(actor), on=on
            )
        fields["reopened"] = sorted(reasons)
        extra["reasons"] = reasons
    elif action in ("refuse", "revoke") and not note.strip():
        raise workflow.ReasonsRequired(
            gettext_lazy("Give the reason to “%(action_en)s”."),
            {"action_en": Bilingual(action_vi, action_en)},
            field="note",
        )
    if action in ("recognise", "revoke"):
        if not decision_number.strip() or decision_date is None:
            raise workflow.DecisionRequired(
                gettext_lazy("The decision's number and date are needed to “%(action_en)s”."),
                {"action_en": Bilingual(action_vi, action_en)},
                field="decision_number" if not decision_number.strip() else "decision_date",
            )
        extra["decision"] = {"number": decision_number.strip(), "date": decision_date.isoformat()}
    if action == "recognise":
        if Recognition.objects.filter(
            commune=dossier.commune, tier=dossier.tier, decision_number=decision_number.strip()
        ).exists():
            raise DomainError(
                gettext_lazy("Decision %(decision_number)s is already recorded for %(commune_title)s at this tier."),
                {"decision_number": decision_number, "commune_title": dossier.commune.title},
                field="decision_number",
            )
        recognition = Recognition.objects.create(
            commune=dossier.commune, tier=dossier.tier, decision_number=decision_number.strip(),
            decision_date=decision_date, is_demo=dossier.is_demo,
        )  # fmt: skip
        fields.update(
            recognition=recognition, decision_number=decision_number.strip(), decision_date=decision_date,
            approved_hash=dossier_content_hash(dossier),
        )  # fmt: skip
        extra["content_hash"] = fields["approved_hash"]
    if action == "revoke":
        recognition = dossier.recognition
        if recognition is None or decision_date < recognition.decision_date:
            raise DomainError(
                gettext_lazy("The revocation must be dated after the recognition decision."),
                field="decision_date",
            )
        recognition.revoked_on = decision_date
        recognition.revocation_decision = decision_number.strip()
        recognition.save(update_fields=["revoked_on", "revocation_decision"])
    fields.update(state=row.to, state_since=on, due_on=workflow.due_on(row.to, on))
    _bump(dossier, **fields)
    _event(
        dossier, grant=grant, on=on, action=action, from_state=from_state, to_state=row.to, note=note.strip(),
        after={"procedure": row.procedure.id, **extra},
    )  # fmt: skip
    _transition_notify(dossier, action, on, title_vi, title_en, extra)
    return dossier


def _transition_notify(dossier: Dossier, action: str, on: dt.date, title_vi: str, title_en: str, extra) -> None:
    commune_officers = role_holders(Role.COMMUNE_OFFICER, dossier.commune)
    if action in ("submit", "verify"):
        users = [u for role in _holders(dossier.state, on) for u in role_holders(role, dossier.commune)]
        verb_vi, verb_en = (
            ("đã được nộp", "was submitted") if action == "submit" else ("đã được huyện thẩm tra", "was verified")
        )
        _notify(dossier, users, "submitted" if action == "submit" else "verified",
                f"{title_vi} {verb_vi} ngày {on:%d/%m/%Y}, chờ bạn xử lý.",
                f"{title_en} {verb_en} on {on:%d/%m/%Y} and awaits you.", on)  # fmt: skip
    elif action == "return":
        items = ", ".join(f"{k}: {v}" for k, v in extra["reasons"].items())
        _notify(dossier, commune_officers, "returned",
                f"{title_vi} bị trả lại ngày {on:%d/%m/%Y} — {items}",
                f"{title_en} was returned on {on:%d/%m/%Y} — {items}", on)  # fmt: skip
    elif action in ("recognise", "refuse", "revoke"):
        users = commune_officers + role_holders(Role.DISTRICT_OFFICE, dossier.commune)
        words = {"recognise": ("đã được công nhận", "was recognised"), "refuse": ("không được công nhận", "was refused"),
                 "revoke": ("bị thu hồi quyết định công nhận", "had its recognition revoked")}[action]  # fmt: skip
        decision = extra.get("decision")
        tail_vi = f" (Quyết định {decision['number']} ngày {dossier.decision_date or on:%d/%m/%Y})" if decision else ""
        tail_en = f" (decision {decision['number']})" if decision else ""
        kind = {"recognise": "recognised", "refuse": "refused", "revoke": "revoked"}[action]
        _notify(dossier, users, kind, f"{title_vi} {words[0]}{tail_vi}.", f"{title_en} {words[1]}{tail_en}.", on)


def reminders_queue(*, today: dt.date, dry_run: bool = False) -> list[tuple[Dossier, int]]:
    """Remind the holders of every open dossier whose working deadline has passed (once per step)."""
    out = []
    overdue = Dossier.objects.filter(state__in=OPEN_STATES, due_on__lt=today).select_related("commune")
    for dossier in overdue.order_by("due_on", "pk"):
        if Notice.objects.filter(dossier=dossier, kind="reminder", on__gte=dossier.state_since).exists():
            continue
        users = [u for role in _holders(dossier.state, today) for u in role_holders(role, dossier.commune)]
        if dry_run:
            out.append((dossier, len(users)))
            continue
        title_vi, title_en = _title(dossier)
        state_vi, state_en = workflow.STATE_NAMES[dossier.state]
        with transaction.atomic():
            count = _notify(
                dossier, users, "reminder",
                f"Nhắc việc: {title_vi} ở bước «{state_vi}» từ {dossier.state_since:%d/%m/%Y}, quá hạn làm việc "
                f"{dossier.due_on:%d/%m/%Y}.",
                f"Reminder: {title_en} has been “{state_en}” since {dossier.state_since:%d/%m/%Y}, past its working "
                f"deadline of {dossier.due_on:%d/%m/%Y}.",
                today,
            )  # fmt: skip
        out.append((dossier, count))
    return out


def notices_read(*, actor) -> None:
    """The actor has read its recognition notices (its own inbox: no act of the table)."""
    actor.recognition_notices.filter(read=False).update(read=True)
