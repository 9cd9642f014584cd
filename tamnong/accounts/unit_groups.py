"""The provincial office sets the commune group (Decision 51/2025) of its communes on the July 2025 list,
and the region (Decision 318/2022) of its old-map communes where the sources disagree: in bulk (a form,
or the XLSX it downloaded, filled and uploaded back, all or nothing), as a proposal that a second
officer of the province approves. Each row holds from its own date once approved; nothing is
overwritten, so the history stays (tamnong.places.groups reads it).

Actions (tamnong/rules/data/authority/actions.yaml): places.commune_group.propose / .approve,
places.region.propose / .approve, for the province office on its own province. These writes live in
accounts because the authority does (places sits below accounts), like the places' admins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from tamnong.accounts import authority
from tamnong.accounts.proposal_workflow import PROPOSAL
from tamnong.accounts.selectors import actor_scope
from tamnong.core import clock, imports
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.i18n import Bilingual
from tamnong.core.imports import ImportReport, Problem, Progress
from tamnong.core.jobs import services as jobs
from tamnong.core.text import fold_name
from tamnong.places import groups
from tamnong.places.models import (
    KIND_PREFIX,
    AdminUnit,
    AttributeAssignment,
    AttributeProposal,
    EthnicArea,
    EthnicAreaCommune,
    EthnicAreaList,
    Level,
    ProposalStatus,
    Scheme,
    UnitAttribute,
)
from tamnong.places.selectors import unit_full_name

ACTIONS = {
    UnitAttribute.COMMUNE_GROUP: ("places.commune_group.propose", "places.commune_group.approve"),
    UnitAttribute.REGION: ("places.region.propose", "places.region.approve"),
}
NAMES_VI = {UnitAttribute.COMMUNE_GROUP: "nhóm xã", UnitAttribute.REGION: "vùng"}
NAMES_EN = {UnitAttribute.COMMUNE_GROUP: "commune group", UnitAttribute.REGION: "region"}


@dataclass(frozen=True)
class Row:
    """One commune's proposed value, from its date, with the basis the office gives."""

    unit: AdminUnit
    value: str
    effective_from: dt.date
    basis: str = ""


# --------------------------------------------------------------------------- reads for the pages


def province_get(*, actor, attribute: str, scheme: str, code: str) -> AdminUnit:
    """The province whose communes' groups (or regions) the actor may see, or NotFoundError."""
    if attribute not in ACTIONS:
        raise NotFoundError(gettext_lazy("There is no such attribute."))
    province = AdminUnit.objects.filter(scheme=scheme, code=code, level=Level.PROVINCE).first()
    if province is None or scheme not in groups.ATTRIBUTE_SCHEMES[attribute]:
        raise NotFoundError(
            gettext_lazy("There is no province %(code)s on the %(scheme)s list to set the %(names_en)s of."),
            {"code": code, "scheme": scheme, "names_en": Bilingual(NAMES_VI[attribute], NAMES_EN[attribute])},
        )
    if not actor_scope(actor).covers(province):
        raise PermissionDeniedError(
            gettext_lazy("%(province_title)s is outside this account's territory."),
            {"province_title": Bilingual(unit_full_name(province), province.title)},
        )
    return province


def provinces_of(actor, attribute: str) -> list[AdminUnit]:
    """The provinces of the attribute's lists that the actor's roles reach (for the regions: those whose
    region the official data leave unset, because the sources disagree)."""
    provinces = AdminUnit.objects.filter(level=Level.PROVINCE, scheme__in=groups.ATTRIBUTE_SCHEMES[attribute])
    if attribute == UnitAttribute.REGION:
        provinces = provinces.filter(region="")
    return list(actor_scope(actor).filter(provinces).order_by("scheme", "name_folded"))


def proposal_get(*, actor, pk: int) -> AttributeProposal:
    proposal = AttributeProposal.objects.filter(pk=pk).select_related("province", "proposed_by", "reviewed_by").first()
    if proposal is None or not actor_scope(actor).covers(proposal.province):
        raise NotFoundError(gettext_lazy("There is no proposal number %(pk)s."), {"pk": pk})
    return proposal


def may(actor, attribute: str, which: str, province: AdminUnit) -> bool:
    action = ACTIONS[attribute][0 if which == "propose" else 1]
    return authority.may(actor, action, unit=province, on=clock.today())


# --------------------------------------------------------------------------- checks


def _value_clean(attribute: str, text: str) -> str | None:
    text = (text or "").strip()
    if attribute == UnitAttribute.COMMUNE_GROUP:
        text = text.removeprefix("Nhóm").removeprefix("nhóm").strip()
    else:
        text = text.upper().replace("Đ", "D")
    allowed = [v for v, _ in groups.values_of(attribute)]
    return text if text in allowed else None


def _value_reason(attribute: str) -> tuple[str, str]:
    allowed = ", ".join(v for v, _ in groups.values_of(attribute))
    return (f"{NAMES_VI[attribute]} phải là một trong {allowed}", f"the {NAMES_EN[attribute]} must be one of {allowed}")


def _row_problem(attribute: str, province: AdminUnit, row: Row, waiting: set[int]) -> tuple[str, str] | None:
    """Why a row cannot be proposed, or None."""
    unit = row.unit
    if unit.scheme != province.scheme or not unit.path.startswith(f"{province.path}/") or unit.level != Level.COMMUNE:
        return (f"{unit.title} không thuộc {province.title}", f"{unit.title} is not in {province.title}")
    if not groups.applicable(unit):
        kind_vi = KIND_PREFIX[unit.kind].lower()
        return (
            f"{unit.title} là {kind_vi}, không phải xã: không xếp {NAMES_VI[attribute]}",
            f"{unit.title} is a {unit.get_kind_display()}, not a commune: it takes no {NAMES_EN[attribute]}",
        )
    if _value_clean(attribute, row.value) is None:
        return _value_reason(attribute)
    if row.effective_from < unit.valid_from or (unit.valid_to and row.effective_from > unit.valid_to):
        until_vi = f"{unit.valid_to:%d/%m/%Y}" if unit.valid_to else "nay"
        until_en = f"{unit.valid_to:%d/%m/%Y}" if unit.valid_to else "now"
        return (
            f"ngày áp dụng {row.effective_from:%d/%m/%Y} ngoài thời gian {unit.title} tồn tại "
            f"({unit.valid_from:%d/%m/%Y}–{until_vi})",
            f"the date {row.effective_from:%d/%m/%Y} is outside the time {unit.title} exists "
            f"({unit.valid_from:%d/%m/%Y}–{until_en})",
        )
    if unit.pk in waiting:
        return (
            f"{unit.title} đang có một đề xuất {NAMES_VI[attribute]} chờ duyệt: hãy duyệt hoặc trả lại đề xuất đó trước",
            f"{unit.title} already has a {NAMES_EN[attribute]} awaiting approval: approve or return it first",
        )
    return None


def _waiting(attribute: str, units: list[AdminUnit]) -> set[int]:
    return set(
        AttributeAssignment.objects.filter(
            unit__in=units, proposal__attribute=attribute, proposal__status=ProposalStatus.PROPOSED
        ).values_list("unit_id", flat=True)
    )


def _unchanged(attribute: str, row: Row) -> bool:
    current = groups.assignment_on(row.unit, attribute, row.effective_from)
    return current is not None and current.value == row.value and current.effective_from <= row.effective_from


# --------------------------------------------------------------------------- writes


@authority.acts("places.commune_group.propose", "places.region.propose")
def attribute_propose(*, province: AdminUnit, attribute: str, rows: list[Row], actor) -> AttributeProposal:
    """Propose the group (or region) of many communes of the province at once. Every row is checked
    first; one wrong row and nothing is saved. A row that repeats the value already in force is left out."""
    if attribute not in ACTIONS:
        raise DomainError(gettext_lazy("There is no such attribute."), field="attribute")
    grant = authority.authorize(actor, ACTIONS[attribute][0], unit=province, on=clock.today())
    if province.scheme not in groups.ATTRIBUTE_SCHEMES[attribute]:
        raise DomainError(
            gettext_lazy("The %(names_en)s is not set on the %(province_scheme)s list."),
            {
                "names_en": Bilingual(NAMES_VI[attribute].capitalize(), NAMES_EN[attribute]),
                "province_scheme": province.scheme,
            },
            field="province",
        )
    rows = [Row(r.unit, _value_clean(attribute, r.value) or r.value, r.effective_from, r.basis.strip()[:300])
            for r in rows]  # fmt: skip
    if not rows:
        raise DomainError(gettext_lazy("Choose at least one commune."), field="units")
    waiting = _waiting(attribute, [r.unit for r in rows])
    seen: set[int] = set()
    for row in rows:
        problem = _row_problem(attribute, province, row, waiting)
        if problem is None and row.unit.pk in seen:
            problem = (f"{row.unit.title} có hai lần", f"{row.unit.title} appears twice")
        if problem:
            vi, en = (text[:1].upper() + text[1:] + "." for text in problem)
            raise DomainError(Bilingual(vi, en), field="units")
        seen.add(row.unit.pk)
    changed = [r for r in rows if not _unchanged(attribute, r)]
    if not changed:
        raise DomainError(
            gettext_lazy("The chosen communes already have this %(names_en)s from that date: nothing to propose."),
            {"names_en": Bilingual(NAMES_VI[attribute], NAMES_EN[attribute])},
            field="units",
        )
    proposal = AttributeProposal.objects.create(
        attribute=attribute, province=province, proposed_by=actor, proposed_at=clock.now()
    )
    AttributeAssignment.objects.bulk_create(
        AttributeAssignment(proposal=proposal, unit=r.unit, value=r.value, effective_from=r.effective_from,
                            basis=r.basis)
        for r in changed
    )  # fmt: skip
    authority.audit(grant, target=proposal, after={
        "status": proposal.status,
        "rows": {r.unit.key: {"value": r.value, "from": r.effective_from.isoformat()} for r in changed},
    })  # fmt: skip
    return proposal


@authority.acts("places.commune_group.approve", "places.region.approve")
def attribute_review(*, proposal: AttributeProposal, actor, approve: bool, note: str = "") -> AttributeProposal:
    """Approve a proposal (each row then holds from its date) or return it with the reason. Never by the
    officer who proposed it. On approval, the evaluations stored for the communes on or after a row's
    date with another value are re-evaluated by the system (`groups.proposal_approved`, tamnong.ntm)."""
    proposal = AttributeProposal.objects.select_for_update().select_related("province").get(pk=proposal.pk)
    grant = authority.authorize(actor, ACTIONS[proposal.attribute][1], unit=proposal.province, on=clock.today())
    row = PROPOSAL[proposal.attribute].transition(
        proposal.status, "approve" if approve else "return", record=proposal, grant=grant
    )
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError(gettext_lazy("Say why the proposal is returned."), field="note")
    before = {"status": proposal.status}
    proposal.status = row.target
    proposal.reviewed_by = actor
    proposal.reviewed_at = clock.now()
    proposal.review_note = note[:500]
    proposal.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    authority.audit(grant, target=proposal, before=before, after={"status": proposal.status, "note": note})
    if approve:  # the results stored with another group (or region) are re-evaluated, in this transaction
        groups.proposal_approved.send(sender=AttributeProposal, proposal=proposal)
    return proposal


# --------------------------------------------------------------------------- the XLSX round-trip


class AttributeImporter(imports.Importer):
    """The file of `groups.rows_xlsx`, filled: each row with a value becomes a row of one proposal."""

    marker, needs = "code", ("value",)
    no_header = ("không tìm thấy dòng mã cột (code, value, effective_from)",
                 "no row of column codes (code, value, effective_from) found")  # fmt: skip
    empty = ("tệp không có dòng nào điền cột đề xuất", "no row of the file fills the proposed value")
    required_codes = ()  # each row says what it lacks

    def __init__(self, *, province: AdminUnit, attribute: str, actor):
        self.province, self.attribute, self.actor = province, attribute, actor
        self.columns = groups.columns(attribute)
        self.seen: dict[str, int] = {}

    def skip(self, line) -> bool:
        return not line.values.get("value")  # a commune left as it is

    def prepare(self, lines) -> None:
        self.communes = {u.code: u for u in groups.communes_of(self.province)}
        self.waiting = _waiting(self.attribute, list(self.communes.values()))

    def check(self, line: imports.Line):
        values, raw, problem, province, attribute, seen = (line.values, line.raw, line.problem, self.province,
                                                           self.attribute, self.seen)  # fmt: skip
        before, plan = line.report.problems_total, None
        code = values.get("code", "").split(":")[-1]
        code = code.zfill(5) if code.isdigit() else code
        unit = self.communes.get(code)
        if not code:
            problem("code", *imports.REQUIRED_EMPTY)
        elif unit is None:
            problem("code", f"không có xã mã {values.get('code')} trong {province.title} (danh mục {province.scheme})",
                    f"no commune {values.get('code')} in {province.title} (list {province.scheme})")  # fmt: skip
        elif code in seen:
            problem("code", f"xã này đã có ở dòng {seen[code]}", f"this commune is already on row {seen[code]}")
        value = _value_clean(attribute, values["value"])
        if value is None:
            problem("value", *_value_reason(attribute))
        effective_from = parse_date(raw.get("effective_from")) if values.get("effective_from") else None
        if not values.get("effective_from"):
            problem(
                "effective_from", "cần ngày áp dụng (dd/mm/yyyy)", "the date it applies from is needed (dd/mm/yyyy)"
            )
        elif effective_from is None:
            problem("effective_from", *imports.BAD_DATE)
        if unit is not None and code not in seen and value is not None and effective_from is not None:
            row = Row(unit, value, effective_from, values.get("basis", ""))
            reason = _row_problem(attribute, province, row, self.waiting)
            if reason:
                problem("value" if not groups.applicable(unit) else "code" if unit.pk in self.waiting
                        else "effective_from", *reason)  # fmt: skip
            elif line.report.problems_total == before:
                plan = row
        if code:
            seen.setdefault(code, line.number)
        return plan

    def review(self, plans, report, progress) -> list:
        changed = [r for r in plans if not _unchanged(self.attribute, r)]
        if not changed:
            report.add(Problem(None, "", "", "", "mọi dòng đều trùng giá trị đang áp dụng: không có gì để đề xuất",
                               "every row repeats the value in force: nothing to propose"))  # fmt: skip
        return changed

    def apply(self, plans, report, progress) -> None:
        try:  # attribute_propose is atomic itself
            attribute_propose(province=self.province, attribute=self.attribute, rows=plans, actor=self.actor)
        except DomainError as exc:  # changed under us between the check and the save: nothing is kept
            raise imports.Refused(Problem(None, "", "", "", exc.message_vi, exc.message_en)) from None
        report.saved = len(plans)


@authority.acts("places.commune_group.propose", "places.region.propose", atomic=False)
def attribute_import(*, content: bytes, province: AdminUnit, attribute: str, actor, dry_run: bool,
                     progress: Progress | None = None) -> ImportReport:  # fmt: skip
    """The file of `groups.rows_xlsx`, filled: each row with a value becomes a row of one proposal. All or
    nothing: every problem names its row, column, value and reason, and then nothing is saved."""
    authority.authorize(actor, ACTIONS[attribute][0], unit=province, on=clock.today())
    importer = AttributeImporter(province=province, attribute=attribute, actor=actor)
    return imports.run(importer, content, dry_run=dry_run, progress=progress)


def _background_run(job, content: bytes, progress) -> ImportReport:
    attribute, _, key = job.unit_key.partition("@")
    scheme, _, code = key.partition(":")
    province = AdminUnit.objects.get(scheme=scheme, code=code, level=Level.PROVINCE)
    return attribute_import(content=content, province=province, attribute=attribute, actor=job.actor,
                            dry_run=job.dry_run, progress=progress)  # fmt: skip


# Files too large for a request are imported by the worker (core.jobs), with the progress on a page.
KIND = "places.attributes"
jobs.kind_register(jobs.Kind(KIND, "Nhập nhóm xã hoặc vùng", "Import commune groups or regions", "unit-groups",
                             _background_run))  # fmt: skip


def job_key(province: AdminUnit, attribute: str) -> str:
    """What a background job keeps of the import: the attribute and the province."""
    return f"{attribute}@{province.key}"


# --------------------------------------------------------------------------- the list of ethnic-minority areas

AREA_COLUMNS = [("commune", "Tên xã (hoặc mã xã)", True), ("area", "Khu vực (I, II, III)", True)]
_AREA_WORDS = {"I": EthnicArea.I, "1": EthnicArea.I, "II": EthnicArea.II, "2": EthnicArea.II,
               "III": EthnicArea.III, "3": EthnicArea.III}  # fmt: skip


def _commune_by_name(communes: list[AdminUnit], text: str) -> list[AdminUnit]:
    folded = fold_name(text)
    if folded.startswith("xa "):
        folded = folded[3:]
    return [u for u in communes if u.name_folded == folded or u.code == text.strip().zfill(5)]


class AreaListImporter(imports.Importer):
    """The list of a province's communes by ethnic-minority and mountainous area (I, II, III)."""

    columns, marker, needs = AREA_COLUMNS, "commune", ("area",)
    no_header = ("không tìm thấy dòng mã cột (commune, area)", "no row of column codes (commune, area) found")
    empty = ("tệp không có dòng nào", "the file has no rows")

    def __init__(self, *, province: AdminUnit, reference: str, actor, grant: authority.Grant):
        self.province, self.reference, self.actor, self.grant = province, reference, actor, grant
        self.plans: dict[int, tuple[AdminUnit, str]] = {}

    def prepare(self, lines) -> None:
        self.communes = [u for u in groups.communes_of(self.province) if groups.applicable(u)]

    def check(self, line: imports.Line):
        values, problem, province = line.values, line.problem, self.province
        matches = _commune_by_name(self.communes, values.get("commune", "")) if values.get("commune") else []
        if not values.get("commune"):
            problem("commune", *imports.REQUIRED_EMPTY)
        elif not matches:
            problem("commune", f"không có xã tên này trong {province.title} (danh mục {province.scheme})",
                    f"no commune of this name in {province.title} (list {province.scheme})")  # fmt: skip
        elif len(matches) > 1:
            problem("commune", "có nhiều xã trùng tên này: hãy ghi mã xã",
                    "several communes have this name: write the commune's code")  # fmt: skip
        area = _AREA_WORDS.get(values.get("area", "").strip().upper().removeprefix("KHU VỰC").strip())
        if area is None:
            problem("area", "khu vực phải là I, II hoặc III", "the area must be I, II or III")
        if len(matches) == 1 and area is not None:
            if matches[0].pk in self.plans:
                problem("commune", "xã này có hai lần trong tệp", "this commune appears twice in the file")
            self.plans[matches[0].pk] = (matches[0], area)
        return None  # kept in self.plans, one per commune

    def apply(self, plans, report, progress) -> None:
        area_list = EthnicAreaList.objects.create(province=self.province, reference=self.reference[:300],
                                                  uploaded_by=self.actor, uploaded_at=clock.now())  # fmt: skip
        EthnicAreaCommune.objects.bulk_create(
            EthnicAreaCommune(area_list=area_list, unit=unit, area=area) for unit, area in self.plans.values()
        )
        report.saved = len(self.plans)
        authority.audit(self.grant, target=area_list, after={"ethnic_area_list": self.reference,
                                                             "communes": report.saved})  # fmt: skip


@authority.acts("places.commune_group.propose")
def ethnic_area_list_upload(*, content: bytes, province: AdminUnit, reference: str, actor) -> ImportReport:
    """The list of the province's communes by ethnic-minority and mountainous area (from the decision
    that classifies them, named in `reference`), all or nothing: it feeds the group-3 suggestions only."""
    grant = authority.authorize(actor, "places.commune_group.propose", unit=province, on=clock.today())
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(
            gettext_lazy("Name the decision that classifies the areas (number, date, issuer)."),
            field="reference",
        )
    importer = AreaListImporter(province=province, reference=reference, actor=actor, grant=grant)
    return imports.run(importer, content, dry_run=False)


def scheme_default(attribute: str) -> str:
    return Scheme.Y2025_07 if attribute == UnitAttribute.COMMUNE_GROUP else Scheme.Y2020
