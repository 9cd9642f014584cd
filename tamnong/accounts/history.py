"""Histories as sentences: each recorded act (a dossier's event, a change of a commune's values, a row
of the audit log) told the way an officer would say it, in Vietnamese or English, never as keys or
dicts: "Ngày 12/03/2024, cán bộ xa.binhson (xã Bình Sơn) nộp hồ sơ lên huyện."

The pieces every history shares live here: who acted (`actor_text`), a value as it is written
(`value_text`), what changed (`changes_text`), the sentence itself (`sentence`). An app that writes
audit events with its own words registers a phrasing for its actions (`register`, in its
AppConfig.ready, like tamnong.accounts.files); the audit log then tells those events with it, and
tells the others generically: the action's name from the authority table, the record's fields by
their verbose names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils import timezone

from tamnong.accounts.models import Role
from tamnong.rules import authority as table
from tamnong.rules import format_number

# Words of the values the services write in the events' before/after (states, statuses, tiers…).
VALUE_NAMES: dict[str, tuple[str, str]] = {
    "draft": ("nháp", "draft"),
    "submitted": ("đã trình", "submitted"),
    "approved": ("đã duyệt", "approved"),
    "returned": ("trả lại", "returned"),
    "verified": ("huyện đã thẩm tra", "verified by the district"),
    "appraised": ("tỉnh đã thẩm định", "appraised by the province"),
    "recognised": ("đã công nhận", "recognised"),
    "refused": ("không công nhận", "refused"),
    "revoked": ("đã thu hồi", "revoked"),
    "registered": ("đã đăng ký", "registered"),
    "proposed": ("đã đề xuất lên tỉnh", "proposed to the province"),
    "withdrawn": ("đã rút", "withdrawn"),
    "evaluated": ("đã đánh giá", "evaluated"),
    "pending": ("chờ duyệt", "pending"),
    "rejected": ("từ chối", "rejected"),
    "standard": ("xã đạt chuẩn NTM", "NTM commune"),
    "advanced": ("xã NTM nâng cao", "advanced NTM commune"),
    "model": ("xã NTM kiểu mẫu", "model NTM commune"),
    "modern_pilot": ("xã NTM hiện đại (thí điểm)", "modern NTM commune (pilot)"),
    "commune": ("xã", "commune"),
    "district": ("huyện", "district"),
    "province": ("tỉnh", "province"),
    "national": ("trung ương", "national"),
    "commune-district-province": ("xã, huyện, tỉnh", "commune, district, province"),
    "commune-province": ("xã, tỉnh", "commune, province"),
}

# Words of the keys the services write in the events' before/after, when the record's model does not name them.
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "state": ("trạng thái", "state"),
    "status": ("trạng thái", "status"),
    "item": ("mục", "item"),
    "value": ("giá trị", "value"),
    "evidence": ("minh chứng", "evidence"),
    "reference": ("số, ngày văn bản", "reference"),
    "file": ("tệp", "file"),
    "met": ("đạt", "met"),
    "note": ("ghi chú", "note"),
    "reasons": ("lý do", "reasons"),
    "decision": ("quyết định", "decision"),
    "number": ("số", "number"),
    "date": ("ngày", "date"),
    "on": ("ngày", "date"),
    "as_of": ("số liệu ngày", "data as of"),
    "procedure": ("quy trình", "procedure"),
    "content_hash": ("mã kiểm tra nội dung", "content hash"),
    "re_evaluated": ("xã được đánh giá lại", "communes re-evaluated"),
    "copied_from": ("sao từ bản tự đánh giá", "copied from self-assessment"),
    "facts": ("số liệu", "values"),
    "tier": ("mức", "tier"),
    "stars": ("số sao", "stars"),
    "year": ("năm", "year"),
    "count": ("số lượng", "count"),
    "rows": ("số dòng", "rows"),
    "name": ("tên", "name"),
    "title": ("tên", "title"),
    "reason": ("lý do", "reason"),
    "items": ("các mục", "items"),
    "precheck": ("các mục sơ loại", "pre-check items"),
    "target_stars": ("số sao đề nghị", "stars asked for"),
    "criteria_met": ("số tiêu chí đạt", "criteria met"),
    "tier_reached": ("mức đạt", "tier reached"),
    "commune_group": ("nhóm xã", "commune group"),
    "region": ("vùng", "region"),
    "approved_proposal": ("theo đề xuất được duyệt số", "after the approved proposal no."),
}

# Keys a sentence never needs: technical bookkeeping of the services.
HIDDEN_KEYS = {"files", "version", "id", "pk", "content_hash", "facts", "copied_from", "procedure"}

ROLE_WORDS = {
    Role.NATIONAL_OFFICE: ("cán bộ", "officer"),
    Role.PROVINCE_OFFICE: ("cán bộ", "officer"),
    Role.DISTRICT_OFFICE: ("cán bộ", "officer"),
    Role.COMMUNE_OFFICER: ("cán bộ", "officer"),
    Role.COUNCIL_MEMBER: ("thành viên hội đồng", "council member"),
    Role.VIEWER: ("người dùng", "user"),
}
_ROLE_ORDER = [Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICE, Role.PROVINCE_OFFICE, Role.NATIONAL_OFFICE,
               Role.COUNCIL_MEMBER, Role.VIEWER]  # fmt: skip
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNIT_KEY = re.compile(r"^(\d{4}(?:-\d{2})?):(\d{2,5})$")  # a unit's key as the services record it ("2020:05068")


def _unit_title(key: str) -> str:
    """ "Xã Nam Thượng (Huyện Kim Bôi)" for a recorded unit key; the key when no unit has it."""
    from tamnong.places.models import AdminUnit

    scheme, code = _UNIT_KEY.match(key).groups()
    unit = AdminUnit.objects.filter(scheme=scheme, code=code).select_related("parent").first()
    if unit is None:
        return key
    return f"{unit.title} ({unit.parent.title})" if unit.parent_id else unit.title


_OFFICIAL_NUMBER = re.compile(r"^\d+(\.\d+)*[a-z]?$")


def official_number(code: str) -> str:
    """An indicator's code when it is the decision's numbering ("3.1"), else "" (Tamnông's own keys
    such as income_per_capita_mvnd are never shown)."""
    return code if _OFFICIAL_NUMBER.match(code or "") else ""


def en(lang: str) -> bool:
    return lang == "en"


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if en(lang) else pair[0]


def date_text(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return f"{day:%d/%m/%Y}"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def actor_text(user, lang: str = "vi", *, by_system: bool = False) -> str:
    """ "cán bộ xa.binhson (xã Bình Sơn)", "cán bộ trunguong (Văn phòng Điều phối trung ương)", "hệ thống"."""
    if by_system or user is None:
        return "the system" if en(lang) else "hệ thống"
    name = (user.get_full_name() or "").strip() or user.username
    roles = sorted(
        user.roles.all(),
        key=lambda r: _ROLE_ORDER.index(r.role) if r.role in _ROLE_ORDER else len(_ROLE_ORDER),
    )
    if not roles:
        if user.is_superuser:
            return f"administrator {name}" if en(lang) else f"quản trị viên {name}"
        return f"user {name}" if en(lang) else f"người dùng {name}"
    role = roles[0]
    word = pick(ROLE_WORDS.get(role.role, ("cán bộ", "officer")), lang)
    if role.unit is not None:
        place = role.unit.title if en(lang) else lower_first(role.unit.title)
    elif role.role == Role.NATIONAL_OFFICE:
        place = "national coordination office" if en(lang) else "Văn phòng Điều phối trung ương"
    else:
        place = "national councils" if en(lang) else "hội đồng trung ương"
    return f"{word} {name} ({place})"


def register_values(names: Mapping[str, tuple[str, str]]) -> None:
    """An app names the codes its events record (OCOP's pre-check items, …): code → (vi, en)."""
    VALUE_NAMES.update(names)


YEAR_KEYS = {"year", "years"}


def value_text(value: Any, lang: str = "vi", *, names: Mapping[str, tuple[str, str]] | None = None,
               key: str = "") -> str:  # fmt: skip
    """A recorded value as it is written: yes/no, 14,9, 31/03/2024, a state by its name, a list, a record."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return ("yes" if value else "no") if en(lang) else ("có" if value else "không")
    if key in YEAR_KEYS and isinstance(value, int):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, lang)
    if isinstance(value, (dt.date, dt.datetime)):
        return date_text(value)
    if isinstance(value, str):
        words = {**VALUE_NAMES, **(names or {})}
        if value in words:
            return pick(words[value], lang)
        if _ISO_DATE.match(value):
            return date_text(dt.date.fromisoformat(value))
        if _UNIT_KEY.match(value):
            return _unit_title(value)
        return value
    if isinstance(value, (list, tuple, set)):
        return ", ".join(value_text(v, lang, names=names) for v in value) or "—"
    if isinstance(value, Mapping):
        return fields_text(value, lang, names=names) or "—"
    return str(value)


def field_name(key: str, lang: str, model=None) -> str:
    if model is not None:
        try:
            return str(model._meta.get_field(key).verbose_name)
        except Exception:  # not a field of the model: the common words
            pass
    if key in FIELD_NAMES:
        return pick(FIELD_NAMES[key], lang)
    return key.replace("_", " ")


def _choice_text(model, key: str, value: Any) -> str | None:
    if model is None or not isinstance(value, str):
        return None
    try:
        choices = dict(model._meta.get_field(key).flatchoices)
    except Exception:  # not a field with choices
        return None
    return str(choices[value]) if value in choices else None


def fields_text(record: Mapping[str, Any], lang: str = "vi", *, model=None, names=None) -> str:
    """ "trạng thái: đã trình; ghi chú: …" — the keys a reader needs, by their names."""
    parts = []
    for key, value in record.items():
        if key in HIDDEN_KEYS or value in (None, "", [], {}):
            continue
        shown = _choice_text(model, key, value) or value_text(value, lang, names=names, key=key)
        parts.append(f"{field_name(key, lang, model)}: {shown}")
    return "; ".join(parts)


def changes_text(before: Any, after: Any, lang: str = "vi", *, model=None, names=None) -> str:
    """What changed between two records: "trạng thái từ «nháp» thành «đã trình»"; a new record's fields."""
    if not isinstance(before, Mapping) or not isinstance(after, Mapping):
        if before in (None, {}, "") and after in (None, {}, ""):
            return ""
        if before in (None, {}, ""):
            return value_text(after, lang, names=names)
        if after in (None, {}, ""):
            return ("removed: " if en(lang) else "xóa: ") + value_text(before, lang, names=names)
        return _from_to(value_text(before, lang, names=names), value_text(after, lang, names=names), lang)
    parts = []
    for key in list(dict.fromkeys([*before, *after])):
        if key in HIDDEN_KEYS:
            continue
        old, new = before.get(key), after.get(key)
        if old == new or (old in (None, "", [], {}) and new in (None, "", [], {})):
            continue
        label = field_name(key, lang, model)
        old_text = _choice_text(model, key, old) or value_text(old, lang, names=names, key=key)
        new_text = _choice_text(model, key, new) or value_text(new, lang, names=names, key=key)
        parts.append(f"{label} {_from_to(old_text, new_text, lang)}" if key in before else f"{label}: {new_text}")
    return "; ".join(parts)


def _from_to(old: str, new: str, lang: str) -> str:
    if en(lang):
        return f"from “{old}” to “{new}”"
    return f"từ «{old}» thành «{new}»"


def sentence(on: dt.date | dt.datetime | None, who: str, what: str, lang: str = "vi", detail: str = "") -> str:
    """ "Ngày 12/03/2024, cán bộ … nộp hồ sơ lên huyện: chi tiết." """
    head = (f"On {date_text(on)}, " if en(lang) else f"Ngày {date_text(on)}, ") if on else ""
    text = f"{head}{who} {what}".strip()
    if head == "":
        text = text[:1].upper() + text[1:]
    if detail:
        text = f"{text}: {detail}"
    return text if text.endswith((".", "!", "?")) else f"{text}."


# --------------------------------------------------------------------------- the audit log

AuditPhrasing = Callable[[Any, str], str | None]  # (event, lang) → what was done, or None for the generic words
_PHRASINGS: list[tuple[str, AuditPhrasing]] = []

# Actions written before the authority table named them (their events keep these codes).
LEGACY_ACTIONS: dict[str, tuple[str, str]] = {
    "self_assessment_save": ("ghi số liệu tự đánh giá", "saved a self-assessment"),
    "ntm_import": ("nhập số liệu tiêu chí từ bảng tính", "imported criteria values from a workbook"),
    "criteria_version_create": ("soạn phiên bản bộ tiêu chí", "drafted a criteria version"),
    "criteria_version_change": ("sửa ngưỡng trong phiên bản bộ tiêu chí", "changed thresholds of a criteria version"),
    "criteria_version_add_indicator": (
        "thêm chỉ tiêu vào phiên bản bộ tiêu chí",
        "added an indicator to a criteria version",
    ),
    "criteria_version_submit": ("trình phiên bản bộ tiêu chí", "submitted a criteria version"),
    "criteria_version_return": ("trả lại phiên bản bộ tiêu chí", "returned a criteria version"),
    "criteria_version_approve": ("duyệt phiên bản bộ tiêu chí", "approved a criteria version"),
    "api_token_create": ("tạo khóa truy cập API", "created an API token"),
    "api_token_revoke": ("thu hồi khóa truy cập API", "revoked an API token"),
    "second_factor_enrol": ("đăng ký xác thực hai bước", "enrolled a second factor"),
    "second_factor_remove": ("gỡ xác thực hai bước", "removed a second factor"),
    "second_factor_policy": ("đổi quy định xác thực hai bước", "changed the second-factor policy"),
    "boundary_set_upload": ("tải lên bản đồ ranh giới", "uploaded a boundary map"),
    "village_create": ("thêm thôn", "added a village"),
    "village_rename": ("đổi tên thôn", "renamed a village"),
    "village_merge": ("gộp thôn", "merged villages"),
    "order_status_change": ("đổi trạng thái đơn hàng", "changed an order's status"),
    "orders_bank_account_save": ("lưu tài khoản nhận tiền", "saved the bank account for payments"),
    "trace_lot_create": ("tạo lô hàng", "created a lot"),
    "trace_event_record": ("ghi sự kiện truy xuất", "recorded a traceability event"),
    "trace_event_void": ("khai báo sự kiện ghi sai", "declared an event recorded in error"),
    "trace_epcis_capture": ("nhận tài liệu EPCIS", "captured an EPCIS document"),
    "trace_stamps_issue": ("phát hành tem truy xuất", "issued traceability stamps"),
    "trace_stamps_void": ("hủy tem truy xuất", "voided traceability stamps"),
    "resources_work_create": ("thêm công trình", "added a work"),
    "resources_work_update": ("sửa công trình", "changed a work"),
    "resources_work_delete": ("xóa công trình", "deleted a work"),
    "resources_work_photo_add": ("thêm ảnh công trình", "added a photo of a work"),
    "resources_work_photo_delete": ("xóa ảnh công trình", "deleted a photo of a work"),
    "resources_works_import": ("nhập công trình từ bảng tính", "imported works from a workbook"),
    "resources_disbursement_record": ("ghi giải ngân", "recorded a disbursement"),
    "resources_disbursement_delete": ("xóa giải ngân", "deleted a disbursement"),
    "resources_contribution_create": ("ghi nguồn lực huy động", "recorded capital mobilised"),
    "resources_contribution_update": ("sửa nguồn lực huy động", "changed capital mobilised"),
    "resources_contribution_delete": ("xóa nguồn lực huy động", "deleted capital mobilised"),
    "resources_certified_area_record": ("ghi diện tích được chứng nhận", "recorded a certified area"),
    "resources_establishment_create": ("thêm hợp tác xã, trang trại", "added a cooperative or farm"),
}


def register(prefix: str, phrasing: AuditPhrasing) -> None:
    """An app tells its own audit events (those whose action starts with `prefix`)."""
    _PHRASINGS.append((prefix, phrasing))


def action_name(code: str, lang: str = "vi") -> str:
    """The action by its name (the authority table, or the older codes' names); never the code."""
    try:
        action = table.action_get(code)
    except table.UnknownAction:
        pass
    else:
        return action.name_en if en(lang) else action.name_vi
    if code in LEGACY_ACTIONS:
        return pick(LEGACY_ACTIONS[code], lang)
    for prefix, _ in _PHRASINGS:
        if code.startswith(prefix):
            return ("act on " if en(lang) else "thao tác với ") + _target_word(code.removeprefix(prefix), lang)
    return code.replace("_", " ").replace(".", " ")


def _target_word(rest: str, lang: str) -> str:
    return rest.strip("_.").replace("_", " ") or ("a record" if en(lang) else "bản ghi")


def _model(event):
    try:
        return apps.get_model(event.target_type)
    except (LookupError, ValueError):
        return _moved_model(event.target_type)


def _moved_model(label: str):
    """The model of a record type written before the model moved to another app: a move keeps the
    table's name (`ntm.criteriaversion` is `criteria.CriteriaVersion`, table `ntm_criteriaversion`)."""
    table = label.replace(".", "_")
    return next((m for m in apps.get_models() if m._meta.db_table == table), None)


def record_name(event, lang: str = "vi") -> str:
    """ "hồ sơ xét công nhận số 12" — the record by its kind and number."""
    model = _model(event)
    kind = str(model._meta.verbose_name) if model is not None else ("record" if en(lang) else "bản ghi")
    return f"{kind} {'no.' if en(lang) else 'số'} {event.target_id}"


def _registered(event, lang: str) -> str | None:
    for prefix, phrasing in _PHRASINGS:
        if event.action.startswith(prefix):
            phrase = phrasing(event, lang)
            if phrase:
                return phrase
    return None


def audit_what(event, lang: str = "vi") -> str:
    """What the event did, as the verb phrase of its sentence."""
    phrase = _registered(event, lang)
    if phrase:
        return phrase
    name = action_name(event.action, lang)
    return f"{name if en(lang) else lower_first(name)} ({record_name(event, lang)})"


def audit_detail(event, lang: str = "vi") -> str:
    """What changed, by the record's field names (nothing technical)."""
    model = _model(event)
    before, after = event.before, event.after
    if isinstance(before, Mapping) and isinstance(after, Mapping) and before:
        return changes_text(before, after, lang, model=model)
    if isinstance(after, Mapping):
        return fields_text(after, lang, model=model)
    return changes_text(before, after, lang, model=model)


def audit_sentence(event, lang: str = "vi") -> str:
    """ "Ngày 12/03/2024, cán bộ xa.binhson (xã Bình Sơn) nộp hồ sơ lên huyện (hồ sơ Xã Nam Thượng, …): …" """
    who = actor_text(event.actor, lang, by_system=event.by_system)
    phrase = _registered(event, lang)
    if phrase:
        return sentence(event.at, who, phrase, lang)
    return sentence(event.at, who, audit_what(event, lang), lang, audit_detail(event, lang))


# --------------------------------------------------------------------------- legal references

_PROJECT_NOTE = re.compile(r"[;,]?\s*\bregulations\s*§[\d.,§\s]*(?:và\s*§[\d.]+)?", re.IGNORECASE)
_NEWS = re.compile(r"\b[\w-]+\.(?:com|net|org|vn)(?:\.vn)?\b|\blangngheviet\b|\bbaomoi\b")
_DECISION = re.compile(r"^(?:QĐ\s+)?(\d+/(?:\d{4}/)?QĐ-[A-Za-zĐ]+)\s+(?:ngày\s+)?(\d{2}/\d{2}/\d{4})")
_OFFICIAL_SITES = re.compile(r"^https?://([\w-]+\.)*(gov\.vn|chinhphu\.vn)(/|$)")


def _internal_piece(piece: str) -> bool:
    piece = piece.strip()
    return bool(_NEWS.search(piece)) or "regulations" in piece.lower() or bool(re.fullmatch(r"(§[\d.]+\s*)+", piece))


def _clean_group(inner: str) -> str:
    """The parts of a parenthesised note a reader needs: not the news sites nor the project's notes."""
    kept = []
    for part in inner.split(";"):
        if _NEWS.search(part.split(",")[0]):  # a news article and its description
            continue
        pieces = [p for p in part.split(",") if p.strip() and not _internal_piece(p)]
        if pieces:
            kept.append(",".join(pieces).strip())
    return "; ".join(kept)


def _strip_groups(text: str) -> str:
    """Clean each parenthesised part (nesting allowed) that cites a news site or the project's notes."""
    out, stack = [], []
    for ch in text:
        if ch == "(":
            stack.append(len(out))
        out.append(ch)
        if ch == ")" and stack:
            start = stack.pop()
            inner = "".join(out[start + 1 : -1])
            if _NEWS.search(inner) or "regulations" in inner.lower() or "§" in inner:
                kept = _clean_group(inner)
                out[start:] = list(f"({kept})") if kept else []
    return "".join(out)


def legal_text(reference: str, lang: str = "vi") -> str:
    """A legal reference as a reader names it: "Quyết định 1489/QĐ-TTg ngày 06/07/2025 …", without the
    news sites and the project's notes it was checked against (they stay in the data)."""
    text = _strip_groups(reference or "")
    text = _PROJECT_NOTE.sub("", text)
    text = re.sub(r"\(\s*[;,]?\s*\)", "", text)
    text = re.sub(r"\s+([;,)])", r"\1", " ".join(text.split())).strip(" ;,")
    if m := _DECISION.match(text):
        head = (f"Decision {m.group(1)} of {m.group(2)}" if en(lang)
                else f"Quyết định {m.group(1)} ngày {m.group(2)}")  # fmt: skip
        text = head + text[m.end() :]
    return text


def official_link(url: str | None) -> str:
    """The address of a source when it is an official one (a .gov.vn site), else nothing to link."""
    return url if url and _OFFICIAL_SITES.match(url) else ""


BASIS_NAMES = {
    "sourced": ("", ""),
    "inferred": (
        "Tamnông suy ra từ các bước nguồn nêu, chưa có văn bản nêu trực tiếp",
        "Tamnông's reading of the steps the sources name; no document states it directly",
    ),
    "tamnong": ("lựa chọn của Tamnông", "Tamnông's choice"),
}


def basis_text(basis: str, lang: str = "vi") -> str:
    return pick(BASIS_NAMES.get(basis, ("", "")), lang)


# --------------------------------------------------------------------------- units on a date


def unit_on(unit, on: dt.date, lang: str = "vi") -> str:
    """A unit as a reader of that date knows it: its title while in force; once dissolved, "Xã Nam
    Thượng cũ, nay thuộc Xã Kim Bôi (Tỉnh Phú Thọ)" — the successors in force on the date."""
    from tamnong.places.selectors import unit_successors

    if unit.valid_to is None or unit.valid_to >= on:
        return unit.title
    def in_force(u) -> bool:
        return u.valid_from <= on and (u.valid_to is None or u.valid_to >= on)

    # follow the successions (2020 list → 2025-01 list → July 2025 map) to the units in force on the date
    successors, frontier, seen = [], list(unit_successors(unit)), {unit.pk}
    while frontier:
        nxt = frontier.pop(0)
        if nxt.pk in seen:
            continue
        seen.add(nxt.pk)
        if in_force(nxt):
            successors.append(nxt)
        elif nxt.valid_to is not None and nxt.valid_to < on:
            frontier.extend(unit_successors(nxt))
    if not successors:
        return f"{unit.title} (dissolved)" if en(lang) else f"{unit.title} cũ"
    now = ", ".join(f"{s.title} ({s.parent.title})" if s.parent_id else s.title for s in successors)
    return f"former {unit.title}, now part of {now}" if en(lang) else f"{unit.title} cũ, nay thuộc {now}"
