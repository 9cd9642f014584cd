"""A dossier's history as sentences (the dossier page, its export and the audit log):
"Ngày 05/04/2024, cán bộ huyen.kimboi (huyện Kim Bôi) thẩm tra hồ sơ và chuyển lên tỉnh." — states,
tiers, levels, items and documents by their names; the words of tamnong.accounts.history."""

from __future__ import annotations

from typing import Any

from tamnong.accounts import history as words
from tamnong.criteria.editions import edition_get
from tamnong.recognition import workflow
from tamnong.recognition.models import Dossier, DossierEvent

# What each act did, by the procedure's levels: the commune submits to the next level of the procedure.
_NEXT_LEVEL = {"commune-district-province": ("huyện", "district"), "commune-province": ("tỉnh", "province")}


def state_name(state: str, lang: str = "vi") -> str:
    return words.pick(workflow.STATE_NAMES.get(state, (state, state)), lang)


def tier_name(dossier: Dossier, lang: str = "vi") -> str:
    return words.value_text(dossier.tier, lang)


def item_name(dossier: Dossier, key: str, lang: str = "vi") -> str:
    """ "chỉ tiêu 3.1 (Tỷ lệ …)", "tiêu chí 4 (Điện) của mức xã NTM nâng cao", "tài liệu «Báo cáo …»"."""
    en = words.en(lang)
    if key.startswith("document:"):
        code = key.removeprefix("document:")
        _, documents = workflow.documents_for(dossier.edition_id, dossier.tier)
        doc = next((d for d in documents if d["code"] == code), None)
        name = (doc["name_en"] if en else doc["name_vi"]) if doc else code
        return f"the document “{name}”" if en else f"tài liệu «{name}»"
    if key.startswith("condition:"):
        code = key.removeprefix("condition:")
        row = next((c for c in workflow.CONDITIONS if c[0] == code), None)
        name = (row[2] if en else row[1]) if row else code
        return f"the condition “{name}”" if en else f"điều kiện «{name}»"
    try:
        edition = edition_get(dossier.edition_id)
    except Exception:  # an edition no longer shipped: the key is still the official numbering
        edition = None
    if key.startswith("criterion:"):
        ref = key.removeprefix("criterion:")
        tier_id, _, number = ref.rpartition("/")
        tier = None
        if edition is not None:
            tier = edition.tier(tier_id) if tier_id else edition.tiers[0]
        criterion = next((c for c in tier.criteria if c.number == number), None) if tier else None
        name = f" ({criterion.name_en if en else criterion.name_vi})" if criterion else ""
        tier_label = (tier.name_en if en else words.lower_first(tier.name_vi)) if tier else ""
        tier_text = f" {'of the tier' if en else 'của mức'} {tier_label}" if tier_id and tier else ""
        return f"criterion {number}{name}{tier_text}" if en else f"tiêu chí {number}{name}{tier_text}"
    indicator = None
    if edition is not None:
        indicator = next((i for t in edition.tiers for c in t.criteria for i in c.indicators if i.code == key), None)
    number = words.official_number(key)
    name = (indicator.name_en if en else indicator.name_vi) if indicator else ""
    if number:
        return (f"indicator {number}" if en else f"chỉ tiêu {number}") + (f" ({name})" if name else "")
    return (
        (f"the indicator “{name}”" if en else f"chỉ tiêu «{name}»")
        if name
        else ("an indicator" if en else "một chỉ tiêu")
    )


def _item_value(dossier: Dossier, key: str, record: Any, lang: str) -> str:
    if not isinstance(record, dict):
        return words.value_text(record, lang)
    value = record.get("value", record.get("met"))
    if key.startswith(("criterion:", "condition:")) and isinstance(value, bool):
        text = ("met" if value else "not met") if words.en(lang) else ("đạt" if value else "chưa đạt")
    elif "reference" in record:
        text = record["reference"]
    else:
        text = words.value_text(value, lang)
    return text


def _what(event: DossierEvent, dossier: Dossier, lang: str) -> tuple[str, str]:
    """(the verb phrase, the detail) of one event."""
    en = words.en(lang)
    after = event.after if isinstance(event.after, dict) else {}
    if event.action == "create":
        as_of = words.value_text(after.get("as_of"), lang)
        return (
            (f"opened the dossier for “{tier_name(dossier, lang)}”, from the self-assessment of {as_of}" if en
             else f"lập hồ sơ đề nghị công nhận «{tier_name(dossier, lang)}» từ số liệu tự đánh giá ngày {as_of}"),
            "",
        )  # fmt: skip
    if event.action in ("item_change", "document", "condition"):
        item = item_name(dossier, event.item, lang)
        old = _item_value(dossier, event.item, event.before, lang)
        new = _item_value(dossier, event.item, event.after, lang)
        verb = {"item_change": ("changed", "sửa"), "document": ("recorded", "ghi"), "condition": ("declared", "khai")}
        if event.action == "item_change" and event.before in (None, {}):
            verb["item_change"] = ("recorded", "ghi")
        phrase = f"{verb[event.action][0 if en else 1]} {item}"
        if event.before in (None, {}):
            detail = new
        else:
            detail = f"from “{old}” to “{new}”" if en else f"từ «{old}» thành «{new}»"
        evidence = (after.get("evidence") or "") if event.action != "document" else ""
        if evidence and (not isinstance(event.before, dict) or event.before.get("evidence") != evidence):
            detail += f"; evidence: {evidence}" if en else f"; minh chứng: {evidence}"
        return phrase, detail
    procedure = after.get("procedure", "")
    action_vi, action_en = workflow.ACTION_NAMES.get(event.action, (event.action, event.action))
    if event.action == "submit":
        level = _NEXT_LEVEL.get(procedure)
        phrase = (
            (f"submitted the dossier to the {level[1]}" if en else f"nộp hồ sơ lên {level[0]}")
            if level
            else ("submitted the dossier" if en else "nộp hồ sơ")
        )
    elif event.action == "verify":
        phrase = "verified the dossier and sent it to the province" if en else "thẩm tra hồ sơ và chuyển lên tỉnh"
    elif event.action == "appraise":
        phrase = "appraised the dossier" if en else "thẩm định hồ sơ"
    elif event.action == "return":
        phrase = "returned the dossier for corrections" if en else "trả lại hồ sơ để hoàn thiện"
    elif event.action == "recognise":
        phrase = (
            f"recognised the commune as “{tier_name(dossier, lang)}”"
            if en
            else (f"công nhận xã đạt «{tier_name(dossier, lang)}»")
        )
    elif event.action == "refuse":
        phrase = "refused the recognition" if en else "không công nhận"
    elif event.action == "revoke":
        phrase = "revoked the recognition" if en else "thu hồi quyết định công nhận"
    else:
        phrase = action_en if en else action_vi
    details = []
    if event.to_state:
        details.append(
            f"the dossier is now “{state_name(event.to_state, lang)}”" if en
            else f"hồ sơ chuyển sang «{state_name(event.to_state, lang)}»"
        )  # fmt: skip
    if reasons := after.get("reasons"):
        listed = "; ".join(f"{item_name(dossier, k, lang)}: {v}" for k, v in reasons.items())
        details.append(f"reasons — {listed}" if en else f"lý do — {listed}")
    if decision := after.get("decision"):
        day = words.value_text(decision.get("date"), lang)
        details.append(f"decision {decision.get('number')} of {day}" if en
                       else f"Quyết định số {decision.get('number')} ngày {day}")  # fmt: skip
    if event.note:
        details.append(f"note: {event.note}" if en else f"ghi chú: {event.note}")
    return phrase, "; ".join(details)


def event_sentence(event: DossierEvent, dossier: Dossier, lang: str = "vi") -> str:
    phrase, detail = _what(event, dossier, lang)
    return words.sentence(event.on, words.actor_text(event.actor, lang), phrase, lang, detail)


def history_lines(dossier: Dossier, events, lang: str = "vi") -> list[dict[str, Any]]:
    """The dossier's events for the page: when recorded, the sentence, and the keys the page's tests read."""
    return [
        {"at": e.at, "on": e.on, "text": event_sentence(e, dossier, lang), "action": e.action,
         "to_state": e.to_state, "item": e.item}
        for e in events
    ]  # fmt: skip


def _dossier_act(action: str, item: str) -> str:
    """The dossier event's own name (DossierEvent.action) of an audit event's action."""
    if action.startswith("recognition_dossier_"):
        return action.removeprefix("recognition_dossier_")
    if action == "recognition.dossier.create":
        return "create"
    if action == "recognition.dossier.edit":
        return "document" if item.startswith("document:") else "condition" if item.startswith("condition:") else "item_change"
    return action.removeprefix("recognition.")


def audit_phrasing(event, lang: str = "vi") -> str | None:
    """The audit log's words for a dossier's event: the authority table's action (recognition.<step>,
    recognition.dossier.create / .edit) or, for events recorded before it, recognition_dossier_<act>."""
    if event.target_type != Dossier._meta.label_lower:  # the register's and the reminders' events are not a dossier's
        return None
    dossier = Dossier.objects.filter(pk=event.target_id).select_related("commune").first()
    if dossier is None:
        return None
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    act = _dossier_act(event.action, after.get("item") or before.get("item") or "")
    fake = DossierEvent(
        dossier=dossier, on=event.at.date(), action=act, item=after.get("item") or before.get("item") or "",
        before={"value": before.get("value")} if "value" in before else None,
        after={"value": after.get("value"), **{k: v for k, v in after.items() if k not in ("state", "item", "value")}},
        to_state=after.get("state", "") if after.get("state") != before.get("state") else "",
    )  # fmt: skip
    if isinstance(before.get("value"), dict):
        fake.before = before["value"]
    elif before.get("value") is None:
        fake.before = None
    if isinstance(after.get("value"), dict):
        fake.after = {**after["value"], **{k: v for k, v in after.items() if k not in ("state", "item", "value")}}
    phrase, detail = _what(fake, dossier, lang)
    where = f"{dossier.commune.title}, {tier_name(dossier, lang)}"
    text = f"{phrase} ({'dossier' if words.en(lang) else 'hồ sơ'} {where})"
    return f"{text}: {detail}" if detail else text
