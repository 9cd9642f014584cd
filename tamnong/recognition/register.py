"""The recognition register kept by the offices: the decisions already issued, read within one's
territory, recorded one by one or imported from a workbook (all or nothing).

Who records a decision is the level that decides it on the decision's date: the role the workflow
table (tamnong/recognition/workflow.py) names for the «recognise» step — the provincial office, on
either map — checked by tamnong.accounts.authority with the action `recognition.register.record`;
every recording is audited with the unit and the table's row. The commune is picked by name, as
people write it (tones, tone-mark style and i/y aside: tamnong.places.selectors.unit_list), or by its
official code, on the list in force on the decision's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from tamnong.accounts import authority
from tamnong.accounts.models import RoleAssignment
from tamnong.accounts.selectors import actor_scope
from tamnong.core import clock, imports
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError
from tamnong.core.i18n import Bilingual
from tamnong.core.imports import ImportReport, Problem, template_workbook, workbook_bytes
from tamnong.core.text import fold_name
from tamnong.ntm.models import Recognition, Tier
from tamnong.places import territory
from tamnong.places.models import AdminUnit, Level
from tamnong.places.selectors import unit_full_name, unit_get_by_key, unit_list
from tamnong.recognition import workflow

ACTION = "recognition.register.record"
TIER_NAMES = {
    Tier.STANDARD: ("xã đạt chuẩn nông thôn mới", "NTM commune"),
    Tier.ADVANCED: ("xã đạt chuẩn nông thôn mới nâng cao", "advanced NTM commune"),
    Tier.MODEL: ("xã nông thôn mới kiểu mẫu", "model NTM commune"),
    Tier.MODERN_PILOT: ("xã nông thôn mới hiện đại (thí điểm)", "modern NTM commune (pilot)"),
}


# -- who records -------------------------------------------------------------------------------------


def deciding_role(on: dt.date) -> str | None:
    """The role the workflow table names for recognising on the decision's date (None before the
    table's first procedure: the authority table then says who records)."""
    try:
        return workflow.transition_for("appraised", "recognise", on).role
    except DomainError:
        return None


def recorder_roles() -> set[str]:
    """The roles that record decisions on some date (to show the office pages' buttons)."""
    return {p.transitions[("appraised", "recognise")][1] for p in workflow.PROCEDURES}


def may_record(actor) -> bool:
    """Whether the actor holds a role that records decisions somewhere (pages show the forms)."""
    if actor is None or not actor.is_authenticated:
        return False
    return RoleAssignment.objects.filter(user=actor, role__in=recorder_roles()).exists()


def record_authorize(*, actor, commune: AdminUnit, decision_date: dt.date) -> authority.Grant:
    """The grant to record a decision for the commune, or NotAuthorised naming who may."""
    return authority.authorize(actor, ACTION, unit=commune, on=decision_date, step_role=deciding_role(decision_date))


# -- picking the commune -----------------------------------------------------------------------------


def _rank(unit: AdminUnit, on: dt.date | None) -> tuple[int, str]:
    """In force on the date first; then a list that began after the date (an older decision is kept
    on the earliest list); a unit that had ended by then last."""
    if on is None:
        return (0, unit.scheme)
    if unit.valid_to is not None and unit.valid_to < on:
        return (2, unit.scheme)
    if unit.valid_from > on:
        return (1, unit.scheme)
    return (0, "")


def commune_candidates(*, actor, text: str, on: dt.date | None = None, write: bool = True) -> list[AdminUnit]:
    """The communes of the actor's territory that `text` names: an official key ("2020:05068"), a code
    ("05068"), or a name regardless of tones and i/y, optionally followed by its district or province
    after commas ("Nam Thượng, Kim Bôi"). With a date, only the units of the best list for that date."""
    text = (text or "").strip()
    if not text:
        return []
    scope = actor_scope(actor, write=write)
    if ":" in text and text.split(":", 1)[0].strip() and text.split(":", 1)[1].strip().isdigit():
        try:
            unit = unit_get_by_key(text.replace(" ", ""))
        except DomainError:
            return []
        return [unit] if unit.level == Level.COMMUNE and scope.covers(unit) else []
    name, *parents = [part.strip() for part in text.split(",")]
    units = scope.filter(unit_list(q=name, level=Level.COMMUNE))
    found = []
    for unit in units[:300]:
        ancestors = [fold_name(u.name) for u in (unit.parent, unit.parent.parent if unit.parent else None) if u]
        ancestors += [fold_name(u.title) for u in (unit.parent, unit.parent.parent if unit.parent else None) if u]
        if all(any(fold_name(p) in a for a in ancestors) for p in parents if p):
            found.append(unit)
    exact = [u for u in found if u.name_folded == fold_name(name) or fold_name(u.title) == fold_name(name)]
    if exact and not name.isdigit():
        found = exact
    if not found or on is None:
        return found
    best = min(_rank(u, on) for u in found)
    return [u for u in found if _rank(u, on) == best]


def unit_pick(*, actor, text: str) -> list[AdminUnit]:
    """The unit of the actor's territory that filters the register: its key ("2020:153"), or its name with
    or without the kind ("kim boi", "huyện Kim Bôi"). A name borne by one unit on each list (Huyện Kim
    Bôi of 2020 and of 2025-01) is that place on every list; two units of one list sharing it are
    refused with their keys."""
    text = (text or "").strip()
    if ":" in text:
        return [unit_get_by_key(text.replace(" ", ""))]
    found = list(actor_scope(actor).filter(unit_list(q=text))[:50])
    exact = [u for u in found if u.name_folded == fold_name(text) or fold_name(u.title) == fold_name(text)]
    found = exact or found
    if not found:
        raise DomainError(
            gettext_lazy("No unit “%(text)s” in this account's territory."),
            {"text": text},
            field="unit",
        )  # fmt: skip
    schemes = [u.scheme for u in found]
    if len(set(schemes)) != len(schemes) or len({u.level for u in found}) > 1:
        names = "; ".join(f"{commune_label(u)} — {u.scheme}:{u.code}" for u in found[:6])
        raise DomainError(
            gettext_lazy("%(found_count)s units named “%(text)s”: %(names)s. Write the key (list:code)."),
            {"found_count": len(found), "text": text, "names": names},
            field="unit",
        )  # fmt: skip
    return found


def commune_label(unit: AdminUnit) -> str:
    """How a picker shows a commune: its full name and the list it is on."""
    return f"{unit_full_name(unit)} ({unit.get_scheme_display()})"


class CommuneNotFound(DomainError):
    pass


class CommuneAmbiguous(DomainError):
    def __init__(self, text: str, candidates: list[AdminUnit]):
        names = "; ".join(commune_label(u) for u in candidates[:6])
        super().__init__(
            gettext_lazy(
                "%(candidates_count)s communes named “%(text)s” in your territory: %(names)s. Choose one "
                "(or add the district or province after a comma, or the commune's code)."
            ),
            {"candidates_count": len(candidates), "text": text, "names": names},
            field="commune",
        )
        self.candidates = candidates


def commune_pick(*, actor, text: str, on: dt.date | None) -> AdminUnit:
    """The one commune `text` names in the actor's territory, or a refusal saying why."""
    found = commune_candidates(actor=actor, text=text, on=on)
    if not found:
        raise CommuneNotFound(
            gettext_lazy("No commune “%(text)s” in the territory this account may record for."),
            {"text": text},
            field="commune",
        )
    if len(found) > 1:
        raise CommuneAmbiguous(text, found)
    return found[0]


# -- checking and recording --------------------------------------------------------------------------


def tier_parse(text: str) -> str:
    """A tier by its code or its name in either language ("nâng cao", "advanced NTM commune")."""
    folded = fold_name(text)
    for tier in Tier:
        vi, en = TIER_NAMES[tier]
        if folded in {fold_name(tier.value), fold_name(vi), fold_name(en), fold_name(str(tier.label))}:
            return tier.value
    short = {
        "chuan": Tier.STANDARD, "dat chuan": Tier.STANDARD, "nong thon moi": Tier.STANDARD, "ntm": Tier.STANDARD,
        "nang cao": Tier.ADVANCED, "ntm nang cao": Tier.ADVANCED, "kieu mau": Tier.MODEL,
        "ntm kieu mau": Tier.MODEL, "hien dai": Tier.MODERN_PILOT, "ntm hien dai": Tier.MODERN_PILOT,
    }  # fmt: skip
    if folded in short:
        return short[folded].value
    raise DomainError(
        gettext_lazy("No recognition tier “%(text)s”: write standard, advanced, model or modern (pilot)."),
        {"text": text},
        field="tier",
    )


@dataclass(frozen=True)
class DecisionInput:
    commune: AdminUnit
    tier: str
    decision_number: str
    decision_date: dt.date
    revoked_on: dt.date | None = None
    revocation_decision: str = ""


def decision_check(decision: DecisionInput) -> None:
    """Refuse a decision that cannot be right, naming the field: the tier, the number, dates not in the
    future, the commune still on its list on the decision's date, a revocation after the decision and
    with its number, and no second entry of the same decision."""
    today = clock.today()
    commune = decision.commune
    if commune.level != Level.COMMUNE:
        raise DomainError(
            gettext_lazy("%(commune)s is not a commune."),
            {"commune": unit_full_name(commune)},
            field="commune",
        )  # fmt: skip
    if decision.tier not in Tier.values:
        tier_parse(decision.tier)
    number = decision.decision_number.strip()
    if not number:
        raise DomainError(gettext_lazy("The decision's number is needed."), field="decision_number")
    if len(number) > 64:
        raise DomainError(gettext_lazy("The decision number is over 64 characters."), field="decision_number")  # fmt: skip
    if decision.decision_date > today:
        raise DomainError(
            gettext_lazy("The decision date %(decision_decision_date)s is in the future (today %(today)s)."),
            {"decision_decision_date": format(decision.decision_date, '%d/%m/%Y'), "today": format(today, '%d/%m/%Y')},
            field="decision_date",
        )
    if commune.valid_to is not None and decision.decision_date > commune.valid_to:
        raise DomainError(
            gettext_lazy(
                "%(commune)s existed until %(commune_valid_to)s; a decision of %(decision_decision_date)s "
                "is recorded for the commune on the list in force that day."
            ),
            {
                "commune": commune_label(commune),
                "commune_valid_to": format(commune.valid_to, '%d/%m/%Y'),
                "decision_decision_date": format(decision.decision_date, '%d/%m/%Y'),
            },
            field="commune",
        )
    if decision.revoked_on is not None:
        if decision.revoked_on < decision.decision_date or decision.revoked_on > today:
            raise DomainError(
                gettext_lazy(
                    "The revocation date %(decision_revoked_on)s must fall between the decision "
                    "(%(decision_decision_date)s) and today."
                ),
                {
                    "decision_revoked_on": format(decision.revoked_on, '%d/%m/%Y'),
                    "decision_decision_date": format(decision.decision_date, '%d/%m/%Y'),
                },
                field="revoked_on",
            )
        if not decision.revocation_decision.strip():
            raise DomainError(
                gettext_lazy("The revocation decision's number is needed."),
                field="revocation_decision",
            )  # fmt: skip
    elif decision.revocation_decision.strip():
        raise DomainError(gettext_lazy("A revocation decision needs its date."), field="revoked_on")  # fmt: skip
    if Recognition.objects.filter(commune=commune, tier=decision.tier, decision_number=number).exists():
        raise DomainError(
            gettext_lazy(
                "Decision %(number)s recognising %(commune_title)s (%(tier_names)s) is already in the "
                "register."
            ),
            {
                "number": number,
                "commune_title": commune.title,
                "tier_names": Bilingual(TIER_NAMES[Tier(decision.tier)][0], TIER_NAMES[Tier(decision.tier)][1]),
            },
            field="decision_number",
        )


@authority.acts(ACTION)
def recognition_register_add(*, actor, decision: DecisionInput, via: str = "form") -> Recognition:
    """Record a decision already issued in the register, by the level that decides it on its date;
    audited with the commune and the authority table's row."""
    grant = record_authorize(actor=actor, commune=decision.commune, decision_date=decision.decision_date)
    decision_check(decision)
    recognition = Recognition.objects.create(
        commune=decision.commune, tier=decision.tier, decision_number=decision.decision_number.strip(),
        decision_date=decision.decision_date, revoked_on=decision.revoked_on,
        revocation_decision=decision.revocation_decision.strip(),
    )  # fmt: skip
    authority.audit(
        grant, target=recognition, before=None,
        after={
            "commune": f"{decision.commune.scheme}:{decision.commune.code}", "tier": recognition.tier,
            "decision_number": recognition.decision_number, "decision_date": recognition.decision_date.isoformat(),
            "revoked_on": recognition.revoked_on.isoformat() if recognition.revoked_on else None,
            "revocation_decision": recognition.revocation_decision, "via": via,
        },
    )  # fmt: skip
    return recognition


# -- reading -----------------------------------------------------------------------------------------


def register_rows(
    *, actor, tier: str = "", year: int | None = None, unit: list[AdminUnit] | None = None
) -> QuerySet[Recognition]:
    """The recognitions of the communes the actor may read, by tier, year of decision and unit (one
    place, possibly on several lists)."""
    rows = Recognition.objects.filter(commune__in=actor_scope(actor).filter(AdminUnit.objects.all()))
    if tier:
        rows = rows.filter(tier=tier)
    if year:
        rows = rows.filter(decision_date__year=year)
    if unit:
        rows = rows.filter(commune__in=territory.inside_any(unit))
    return rows.select_related("commune__parent__parent").order_by("-decision_date", "commune__name_folded", "pk")


EXPORT_HEADERS = ["Xã", "Huyện", "Tỉnh", "Mã xã", "Danh mục đơn vị", "Mức công nhận", "Số quyết định",
                  "Ngày quyết định", "Ngày thu hồi", "Quyết định thu hồi"]  # fmt: skip


def export_rows(rows) -> list[list[str]]:
    out = []
    for r in rows:
        commune = r.commune
        district = commune.parent if commune.parent and commune.parent.level == Level.DISTRICT else None
        province = (district.parent if district else commune.parent) if commune.parent else None
        out.append([
            commune.title, district.title if district else "", province.title if province else "", commune.code,
            commune.get_scheme_display(), TIER_NAMES[Tier(r.tier)][0], r.decision_number,
            r.decision_date.strftime("%d/%m/%Y"), r.revoked_on.strftime("%d/%m/%Y") if r.revoked_on else "",
            r.revocation_decision,
        ])  # fmt: skip
    return out


# -- import ------------------------------------------------------------------------------------------

# (code, Vietnamese header, required)
COLUMNS = [
    ("commune", "Xã (tên, có thể ghi thêm «, huyện, tỉnh»; hoặc mã xã)", True),
    ("tier", "Mức công nhận (đạt chuẩn, nâng cao, kiểu mẫu)", True),
    ("decision_number", "Số quyết định", True),
    ("decision_date", "Ngày quyết định (dd/mm/yyyy)", True),
    ("revoked_on", "Ngày thu hồi (dd/mm/yyyy, nếu có)", False),
    ("revocation_decision", "Số quyết định thu hồi (nếu có)", False),
]
HEADERS = {code: header for code, header, _ in COLUMNS}
REQUIRED = [code for code, _, required in COLUMNS if required]


def template_xlsx() -> bytes:
    """The import template: Vietnamese headers, the column codes under them, and one example sheet."""
    wb = template_workbook("Quyết định công nhận", COLUMNS, wide=("commune", "tier"))
    example = wb.create_sheet("Ví dụ")
    example.append([header for _, header, _ in COLUMNS])
    example.append(["Nam Thượng, Kim Bôi, Hòa Bình", "nâng cao", "1234/QĐ-UBND", "15/12/2023", "", ""])
    return workbook_bytes(wb)


class DecisionsImporter(imports.Importer):
    """One row per decision, with the same checks and authority as one decision."""

    columns, marker, by_headers, fallback = COLUMNS, "commune", True, "commune"
    no_header_row = 1
    no_header = (f"không tìm thấy dòng tiêu đề với các cột bắt buộc: {', '.join(HEADERS[c] for c in REQUIRED)}",
                 "no header row with the required columns found")  # fmt: skip
    empty = ("tệp không có dòng quyết định nào", "the file has no decision rows")

    def __init__(self, *, actor):
        self.actor = actor
        self.seen: dict[tuple, int] = {}

    def unreadable(self, exc):
        return [Problem(None, "", "", "", exc.reason_vi, exc.reason_en)]

    def check(self, line: imports.Line):
        values, raw, problem, actor = line.values, line.raw, line.problem, self.actor
        before = line.report.problems_total
        line.required(REQUIRED)
        dates = {}
        for code in ("decision_date", "revoked_on"):
            dates[code] = (
                parse_date(raw.get(code) if not isinstance(raw.get(code), str) else values[code])
                if values.get(code)
                else None
            )
            if values.get(code) and dates[code] is None:
                problem(code, *imports.BAD_DATE)
        tier = None
        if values.get("tier"):
            try:
                tier = tier_parse(values["tier"])
            except DomainError as exc:
                problem("tier", exc.message_vi, exc.message_en)
        commune = None
        if values.get("commune") and dates["decision_date"] is not None:  # the list depends on the date
            try:
                commune = commune_pick(actor=actor, text=values["commune"], on=dates["decision_date"])
            except DomainError as exc:
                problem("commune", exc.message_vi, exc.message_en)
        if line.report.problems_total > before or commune is None or tier is None or dates["decision_date"] is None:
            return None
        decision = DecisionInput(
            commune=commune, tier=tier, decision_number=values["decision_number"],
            decision_date=dates["decision_date"], revoked_on=dates["revoked_on"],
            revocation_decision=values.get("revocation_decision", ""),
        )  # fmt: skip
        try:
            record_authorize(actor=actor, commune=commune, decision_date=decision.decision_date)
            decision_check(decision)
        except DomainError as exc:
            problem(exc.field if exc.field in HEADERS else "commune", exc.message_vi, exc.message_en)
            return None
        key = (commune.pk, tier, decision.decision_number.strip())
        if key in self.seen:
            problem("decision_number", f"trùng với dòng {self.seen[key]} (cùng xã, cùng mức, cùng số quyết định)",
                    f"repeats row {self.seen[key]} (same commune, tier and decision number)")  # fmt: skip
            return None
        self.seen[key] = line.number
        return decision

    def apply(self, plans, report, progress) -> None:
        for decision in plans:
            recognition_register_add(actor=self.actor, decision=decision, via="import")
            report.saved += 1


def recognitions_import(*, content: bytes, actor, dry_run: bool) -> ImportReport:
    """Check every row (the same checks and authority as one decision); unless it is a dry run and if
    nothing is wrong, record them all in one transaction. Nothing is saved when one row is wrong."""
    return imports.run(DecisionsImporter(actor=actor), content, dry_run=dry_run)
