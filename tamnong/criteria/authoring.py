"""Offices author criteria versions: fill or override thresholds, check, review with four eyes, apply.

A national office drafts a version of an edition's national texts; a provincial office drafts its
province's overlay (which may only tighten national thresholds). A draft is filled from the
thresholds table, as an XLSX file (one row per indicator, one column per place and year, plus the
legal reference) or as JSON through the API: both become the same `rules.authoring.Change`s.
Nothing takes effect before a second officer approves; an approved version never changes.

Each write is an act of tamnong.accounts.authority (`criteria.version.create`, `.change`, `.submit`,
`.approve`, `.return`) on the version's province (no province: the national level), dated today.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.db.models import Max
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tamnong import rules
from tamnong.accounts import authority
from tamnong.accounts.history import official_number
from tamnong.core import clock, imports
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.i18n import Bilingual
from tamnong.core.imports import ImportReport, Problem
from tamnong.criteria import communes
from tamnong.criteria.editions import edition_get, edition_texts, edition_version_record
from tamnong.criteria.models import CriteriaVersion, VersionStatus
from tamnong.criteria.version_workflow import VERSION
from tamnong.places import territory
from tamnong.places.models import AdminUnit, Level
from tamnong.places.schemes import schemes
from tamnong.places.selectors import unit_full_name, unit_place
from tamnong.rules import authoring
from tamnong.rules.cases import boundary_cases
from tamnong.rules.explain import STATUS_EN, STATUS_VI
from tamnong.rules.formatting import format_number
from tamnong.rules.loader import PROVINCES_DIR
from tamnong.rules.validation import parse_number

EDITABLE = VERSION.sources("change")  # the states a version's thresholds may change in
REFERENCE = "reference"
SOURCE = "source"


# --------------------------------------------------------------------------- permissions


CREATE, CHANGE, SUBMIT = "criteria.version.create", "criteria.version.change", "criteria.version.submit"
APPROVE, RETURN = "criteria.version.approve", "criteria.version.return"


def _authorize(actor, action: str, province: AdminUnit | None) -> authority.Grant:
    """The grant for an act on the criteria of a province (None: the national criteria), today."""
    return authority.authorize(actor, action, unit=province, on=clock.today())


def _may_author(actor, province: AdminUnit | None) -> bool:
    """Whether the actor authors the criteria of the province (or the national ones) today: who may
    see and open their versions."""
    return authority.may(actor, CREATE, unit=province, on=clock.today())


def may_author_national(actor) -> bool:
    return _may_author(actor, None)


def author_provinces(actor) -> list[AdminUnit]:
    """The provinces whose overlays the actor may draft today, for the page's picker (by name, on each
    list): those on which the authority table grants it `criteria.version.create`."""
    if actor is None:
        return []
    where = authority.where(actor, CREATE, on=clock.today())
    return list(where.filter(AdminUnit.objects.filter(level=Level.PROVINCE)).order_by("-scheme", "name_folded"))


def criteria_versions_visible(actor):
    """The versions an actor may see: all for offices that author; none for others."""
    versions = CriteriaVersion.objects.select_related("province", "created_by", "reviewed_by").order_by("-pk")
    if actor is None or not actor.is_authenticated:
        return versions.none()
    return [v for v in versions if _may_author(actor, v.province)]


def criteria_version_get(*, pk: int, actor, to_write: str | None = None) -> CriteriaVersion:
    """A version the actor may read: those of the criteria it authors (the table's `criteria.version.create`
    on the version's province, or the national level, today); another's is refused with a 403 naming the
    province and who authors it. `to_write`: the action a page or an endpoint is about to perform on it;
    an actor the table does not grant it is refused as that action's service would refuse it (naming
    the action, the province and the reason), before anything of the request is read."""
    version = CriteriaVersion.objects.select_related("province").filter(pk=pk).first()
    if version is None:
        raise NotFoundError(gettext_lazy("No criteria version %(pk)s."), {"pk": pk})
    if to_write is not None and (refused := authority.refusal(actor, to_write, unit=version.province, on=clock.today())):
        raise refused
    if not _may_author(actor, version.province):
        where = f"tỉnh {version.province.name}" if version.province else "toàn quốc"
        where_en = f"province {version.province.name}" if version.province else "the nation"
        raise PermissionDeniedError(
            gettext_lazy(
                "This account may not author or review the criteria of %(where_en)s: that needs the "
                "province's coordination office or the national office."
            ),
            {"where_en": Bilingual(where, where_en)},
        )
    return version


# --------------------------------------------------------------------------- drafts


def _part(texts: dict[str, str], province: AdminUnit | None) -> dict[str, str]:
    """The files a version holds: the national ones, or the province's overlay."""
    if province is None:
        return {k: v for k, v in texts.items() if not k.startswith(f"{PROVINCES_DIR}/")}
    name = f"{PROVINCES_DIR}/{province.code}.yaml"
    return {name: texts[name]} if name in texts else {}


def _repository_hash(edition_id: str, province: AdminUnit | None) -> str:
    """The hash of the texts this installation's release ships for the part a version replaces."""
    part = _part(rules.edition_files(edition_id), province)
    digest = hashlib.sha256()
    for name in sorted(part):
        digest.update(f"{name}\0{part[name]}\0".encode())
    return "sha256:" + digest.hexdigest()


def release_changes(versions) -> list[tuple[CriteriaVersion, str, str]]:
    """Approved versions in force whose part the installed release has changed since they were
    drafted: the version still applies, and an office should review what the release brought."""
    latest: dict[tuple[str, int | None], CriteriaVersion] = {}
    for v in sorted(versions, key=lambda v: v.pk):
        if v.status == VersionStatus.APPROVED:
            latest[(v.edition_id, v.province_id)] = v
    out = []
    for v in latest.values():
        if v.repository_hash and v.repository_hash != _repository_hash(v.edition_id, v.province):
            where = v.province.title if v.province else "bộ quốc gia"
            out.append((
                v,
                f"Bản cài đặt Tamnông mới đã thay đổi các tệp của {v.edition_id} ({where}) sau khi phiên bản {v.number} "
                "được soạn. Phiên bản đó vẫn được áp dụng; hãy đối chiếu thay đổi của bản cài đặt và tạo phiên bản mới "
                "nếu cần.",
                f"The installed Tamnông release changed the files of {v.edition_id} ({where}) after version {v.number} "
                "was drafted. That version still applies; compare what the release changed and create a new version "
                "if needed.",
            ))  # fmt: skip
    return out


def _overlay_header(province: AdminUnit) -> dict[str, Any]:
    """An overlay applies on every list where the province has the same code and name."""
    same = AdminUnit.objects.filter(level=Level.PROVINCE, code=province.code, name=province.name)
    listed = set(same.values_list("scheme", flat=True))
    return {
        "province_code": province.code,
        "schemes": [s.scheme for s in schemes() if s.scheme in listed],
        "name_vi": f"Bộ tiêu chí của {province.title}",
        "name_en": f"Criteria of {province.title}",
    }


@authority.acts(CREATE)
def criteria_version_create(*, actor, edition_id: str, province: AdminUnit | None, title: str) -> CriteriaVersion:
    """A new draft that starts from the version in force."""
    if province is not None and province.level != Level.PROVINCE:
        raise DomainError(
            gettext_lazy("%(province_title)s is not a province."),
            {"province_title": Bilingual(unit_full_name(province), province.title)},
            field="province",
        )
    grant = _authorize(actor, CREATE, province)
    if not title.strip():
        raise DomainError(gettext_lazy("Say what this version changes."), field="title")
    edition = edition_get(edition_id)
    number = (
        CriteriaVersion.objects.filter(edition_id=edition.id, province=province).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    version = CriteriaVersion.objects.create(
        edition_id=edition.id,
        province=province,
        number=number,
        title=title.strip(),
        files=_part(edition_texts(edition.id), province),
        base_hash=edition.content_hash,
        repository_hash=_repository_hash(edition.id, province),
        created_by=actor,
    )
    authority.audit(
        grant, target=version, after={"edition": version.edition_id, "number": version.number, "title": version.title,
                                      "status": version.status},
    )  # fmt: skip
    return version


def _require_editable(version: CriteriaVersion, grant: authority.Grant | None = None) -> None:
    VERSION.transition(version.status, "change", grant=grant)


def draft_edition(version: CriteriaVersion) -> tuple[rules.Edition | None, list[authoring.Finding]]:
    """The edition as it would be with this version in force, or the findings that stop it."""
    return authoring.load(edition_texts(version.edition_id, replacing=version))


@authority.acts(CHANGE)
def criteria_version_change(*, version: CriteriaVersion, actor, changes: list[authoring.Change]) -> CriteriaVersion:
    """Write thresholds into a draft. The draft must still load: a schema error (a value out of
    range, an overlay that loosens a national threshold…) refuses the whole change."""
    version = CriteriaVersion.objects.select_for_update().get(pk=version.pk)
    grant = _authorize(actor, CHANGE, version.province)
    _require_editable(version, grant)
    current = edition_texts(version.edition_id, replacing=version)
    edition, findings = authoring.load(current)
    if edition is None:
        raise DomainError.of(findings[0])
    overlay = _overlay_header(version.province) if version.province else None
    texts = authoring.apply_changes(current, edition, changes, overlay=overlay)
    _, findings = authoring.load(texts)
    if findings:
        raise DomainError(
            gettext_lazy("The version is not valid: %(where)s: %(message_en)s"),
            {"where": findings[0].where, "message_en": Bilingual(findings[0].message_vi, findings[0].message_en)},
        )
    before = version.files
    version.files = _part(texts, version.province)
    version.save(update_fields=["files"])
    authority.audit(grant, target=version, before=before, after=version.files)
    return version


def changes_from_input(*, version: CriteriaVersion, items: list[dict[str, Any]]) -> list[authoring.Change]:
    """Changes sent as data (the API, the form of one indicator): each item names its tier, indicator,
    year, the thresholds by place and the legal reference. A wrong item refuses them all, naming it."""
    edition, findings = draft_edition(version)
    if edition is None:
        raise DomainError.of(findings[0])
    rows_by_key = {r.key: r for r in authoring.rows(edition)}
    places = {place for place, _ in _columns(edition, version.province)}
    years = authoring.years(edition)
    out = []
    for n, item in enumerate(items):
        where = f"changes[{n}]"
        key = f"{item.get('tier', '')}/{item.get('code', '')}"
        if key not in rows_by_key:
            raise DomainError(
                gettext_lazy(
                    "Item %(value)s: no indicator “%(value2)s” with a numeric threshold in tier "
                    "“%(value3)s”."
                ),
                {"value": n + 1, "value2": item.get('code'), "value3": item.get('tier')},
                field=f"{where}.code",
            )
        if item.get("year") not in years:
            raise DomainError(
                gettext_lazy("Item %(value)s: the year must be one of %(years)s–%(years2)s."),
                {"value": n + 1, "years": years[0], "years2": years[-1]},
                field=f"{where}.year",
            )
        values = {}
        for place, raw in (item.get("values") or {}).items():
            if place not in places:
                raise DomainError(
                    gettext_lazy("Item %(value)s: “%(place)s” is not a place of this version (%(places)s)."),
                    {"value": n + 1, "place": place, "places": ', '.join(sorted(places))},
                    field=f"{where}.values.{place}",
                )
            try:
                values[place] = _cell_number(raw)
            except ValueError:
                values[place] = None
            if values[place] is None:
                raise DomainError(
                    gettext_lazy(
                        "Item %(value)s, %(place)s: a threshold must be a number (e.g. 45 or 45.5), not "
                        "“%(raw)s”."
                    ),
                    {"value": n + 1, "place": place, "raw": raw},
                    field=f"{where}.values.{place}",
                )
        missing = sorted(places - set(values))
        if missing:
            raise DomainError(
                gettext_lazy("Item %(value)s: the thresholds of %(missing)s are missing (a year needs every place)."),
                {"value": n + 1, "missing": ', '.join(missing)},
                field=f"{where}.values",
            )
        reference = str(item.get("reference") or "").strip()
        if not reference:
            raise DomainError(
                gettext_lazy(
                    "Item %(value)s: the legal reference (document number, date, article or appendix) is "
                    "missing."
                ),
                {"value": n + 1},
                field=f"{where}.reference",
            )
        row = rows_by_key[key]
        out.append(
            authoring.Change(
                row.tier, row.code, item["year"], values, reference, str(item.get("source") or "").strip() or None
            )
        )
    return out


@dataclass
class Grid:
    """The form of one indicator: its thresholds by place (rows) and year (columns), as in force in the draft."""

    row: authoring.Row
    years: list[int]
    places: list[tuple[str, str]]  # (code, name)
    cells: dict[str, dict[int, Any]]  # place → year → threshold (None when unknown)


def indicator_grid(*, version: CriteriaVersion, key: str, lang: str = "vi") -> Grid | None:
    edition, _ = draft_edition(version)
    if edition is None:
        return None
    row = next((r for r in authoring.rows(edition) if r.key == key), None)
    if row is None:
        return None
    province_code = version.province.code if version.province else None
    cells = authoring.table(edition, province_code)
    columns = _columns(edition, version.province)
    places = list(dict.fromkeys(place for place, _ in columns))
    years = authoring.years(edition)
    names = {p: (edition.places[p].name_en if lang == "en" else edition.places[p].name_vi) for p in places}
    return Grid(
        row=row,
        years=years,
        places=[(p, names[p]) for p in places],
        cells={p: {y: cells[(key, p, y)] for y in years} for p in places},
    )


FILL_FORWARD, FILL_ONLY = "forward", "only"


@dataclass
class GridSaved:
    """What a save of the form wrote: each year typed → the years its thresholds now apply to."""

    version: CriteriaVersion
    years: dict[int, list[int]]

    def message(self, lang: str = "vi") -> str:
        parts = []
        for year, applies in self.years.items():
            span = f"{applies[0]}–{applies[-1]}" if len(applies) > 1 else str(applies[0])
            if lang == "en":
                parts.append(f"the thresholds typed for {year} apply to {span}")
            else:
                parts.append(f"ngưỡng nhập cho năm {year} áp dụng cho {span}")
        head = "Written into the draft: " if lang == "en" else "Đã ghi vào bản nháp: "
        return head + "; ".join(parts) + "."


@authority.acts(CHANGE)
def grid_save(*, version: CriteriaVersion, actor, key: str, posted: dict[str, str]) -> GridSaved:
    """Save the form of one indicator: every year whose thresholds differ from the draft becomes a
    change, with the reference given once for the form; through the same checks as the API.

    A threshold written for a year stays in force in the following years until a later one (the
    rules' dated values). The form says which: `fill` = "forward" lets the years after a typed year
    that were left empty follow it; "only" keeps their thresholds as they were (a dated entry for the
    first year left empty restores them), and refuses when such a year had none to keep."""
    _authorize(actor, CHANGE, version.province)
    grid = indicator_grid(version=version, key=key)
    if grid is None:
        raise DomainError(gettext_lazy("No indicator “%(key)s”."), {"key": key}, field="row")
    fill = (posted.get("fill") or FILL_FORWARD).strip()
    if fill not in (FILL_FORWARD, FILL_ONLY):
        raise DomainError(
            gettext_lazy(
                "Choose whether a year's thresholds apply to the following years or to the typed year "
                "only."
            ),
            field="fill",
        )
    typed: dict[int, dict[str, str]] = {}
    for year in grid.years:
        values = {p: (posted.get(f"{p}:{year}") or "").strip() for p, _ in grid.places}
        if any(v != "" for v in values.values()):
            typed[year] = values
    items, written = [], []
    for year, values in typed.items():
        current = {p: grid.cells[p][year] for p, _ in grid.places}
        try:
            same = all(_cell_number(values[p]) == current[p] for p in values)
        except ValueError:
            same = False
        if not same:
            written.append(year)
            items.append({"tier": grid.row.tier, "code": grid.row.code, "year": year, "values": values,
                          "reference": posted.get("reference", ""), "source": posted.get("source", "")})  # fmt: skip
    if not items:
        raise DomainError(gettext_lazy("No threshold was changed."), field="row")
    if fill == FILL_ONLY:
        for year in written:
            following = year + 1
            if following not in grid.years or following in typed:
                continue
            kept = {p: grid.cells[p][following] for p, _ in grid.places}
            if any(v is None for v in kept.values()):
                raise DomainError(
                    gettext_lazy(
                        "%(following)s has no threshold to keep: type its thresholds, or let the typed "
                        "ones apply to the following years."
                    ),
                    {"following": following},
                    field=f"{grid.places[0][0]}:{following}",
                )
            items.append({"tier": grid.row.tier, "code": grid.row.code, "year": following,
                          "values": {p: format_number(v, "vi") for p, v in kept.items()},
                          "reference": posted.get("reference", ""), "source": posted.get("source", "")})  # fmt: skip
    version = criteria_version_change(
        version=version, actor=actor, changes=changes_from_input(version=version, items=items)
    )
    after = indicator_grid(version=version, key=key)
    applies = {}
    for year in written:
        values = {p: after.cells[p][year] for p, _ in after.places}
        span = [year]
        for later in grid.years:
            if later > year and later not in typed and {p: after.cells[p][later] for p, _ in after.places} == values:
                span.append(later)
            elif later > year:
                break
        applies[year] = span
    return GridSaved(version=version, years=applies)


@authority.acts(CHANGE)
def criteria_version_add_indicator(
    *, version: CriteriaVersion, actor, spec: authoring.IndicatorSpec
) -> CriteriaVersion:
    """Add an indicator to a criterion of a national draft (its thresholds start unknown). A province
    overlay only tightens the national indicators."""
    version = CriteriaVersion.objects.select_for_update().get(pk=version.pk)
    grant = _authorize(actor, CHANGE, version.province)
    _require_editable(version, grant)
    if version.province_id is not None:
        raise DomainError(
            gettext_lazy("Only the national set gains indicators; a province only tightens national thresholds."),
            field="code",
        )
    for name, label_vi, label_en in (
        ("code", "mã chỉ tiêu", "the indicator code"), ("name_vi", "tên chỉ tiêu", "the indicator's name"),
        ("name_en", "tên tiếng Anh", "the English name"), ("reference", "căn cứ pháp lý", "the legal reference"),
    ):  # fmt: skip
        if not str(getattr(spec, name)).strip():
            raise DomainError(
                gettext_lazy("%(label_en_capitalize)s is missing."),
                {"label_en_capitalize": Bilingual(label_vi, label_en.capitalize())},
                field=name,
            )
    current = edition_texts(version.edition_id, replacing=version)
    edition, findings = authoring.load(current)
    if edition is None:
        raise DomainError.of(findings[0])
    if spec.code in edition.indicator_codes():
        raise DomainError(
            gettext_lazy("Indicator code “%(spec_code)s” already exists."),
            {"spec_code": spec.code},
            field="code",
        )
    try:
        texts = authoring.add_indicator(current, edition, spec)
    except rules.RulesDataError as exc:
        raise DomainError(Bilingual(exc.reason_vi, exc.reason_en), field="criterion") from None
    _, findings = authoring.load(texts)
    if findings:
        raise DomainError(
            gettext_lazy("The indicator is not valid: %(message_en)s"),
            {"message_en": Bilingual(findings[0].message_vi, findings[0].message_en)},
        )
    before = version.files
    version.files = _part(texts, None)
    version.save(update_fields=["files"])
    authority.audit(grant, target=version, before=before, after={**version.files, "added_indicator": spec.code})
    return version


# --------------------------------------------------------------------------- the review


@dataclass
class Impact:
    """A commune whose results would change under the draft, on its latest data."""

    commune: AdminUnit
    name: str
    on: dt.date
    criteria_met_old: int
    criteria_met_new: int
    changed: list[tuple[str, str, str]]  # (indicator or criterion, old status, new status)


@dataclass
class Review:
    version: CriteriaVersion
    edition: rules.Edition | None
    diff: list[authoring.DiffItem] = field(default_factory=list)
    findings: list[authoring.Finding] = field(default_factory=list)
    impact: list[Impact] = field(default_factory=list)

    @property
    def errors(self) -> list[authoring.Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def effective_from(self) -> dt.date | None:
        if not self.diff or self.edition is None:
            return None
        return authoring.year_start(self.edition, min(d.year for d in self.diff))


def _statuses(evaluation: rules.Evaluation, lang: str) -> dict[str, str]:
    """Each criterion's and indicator's status, keyed by what a reader sees ("Xã đạt chuẩn… · tiêu chí 10")."""
    out = {}
    for tier in evaluation.tiers:
        name = tier.name_en if lang == "en" else tier.name_vi
        for c in tier.criteria:
            out[f"{name} · {'criterion' if lang == 'en' else 'tiêu chí'} {c.number}"] = c.status
            for i in c.indicators:
                label = official_number(i.code) or (i.name_en if lang == "en" else i.name_vi)
                out[f"{name} · {label}"] = i.status
    return out


def impact(
    version: CriteriaVersion, old: rules.Edition, new: rules.Edition, codes: set[str], lang: str = "vi"
) -> list[Impact]:
    """The communes (of the province, or all) whose latest data would be judged otherwise, by name."""
    inside = None
    if version.province is not None:
        overlay = _overlay_header(version.province)
        same = AdminUnit.objects.filter(level=Level.PROVINCE, code=version.province.code, scheme__in=overlay["schemes"])
        inside = territory.inside_any(same)
    out = []
    for data in communes.latest_data(edition_id=version.edition_id, communes=inside):
        facts = data.facts
        if not codes & set(facts["values"]):
            continue
        place = unit_place(data.commune, on=data.on)
        before = rules.evaluate(old, rules.Facts.from_mapping(facts), on=data.on, place=place)
        after = rules.evaluate(new, rules.Facts.from_mapping(facts), on=data.on, place=place)
        a, b = _statuses(before, lang), _statuses(after, lang)
        words = STATUS_EN if lang == "en" else STATUS_VI
        changed = [(k, words.get(a.get(k), ""), words.get(b.get(k), "")) for k in b if a.get(k) != b.get(k)]
        if changed:
            out.append(
                Impact(data.commune, unit_full_name(data.commune), data.on, before.tiers[0].criteria_met,
                       after.tiers[0].criteria_met, changed)
            )  # fmt: skip
    return sorted(out, key=lambda i: i.commune.name_folded)


def criteria_version_review_data(version: CriteriaVersion, lang: str = "vi") -> Review:
    """What a reviewer sees: the diff against the version in force, the checks, the impact."""
    if version.status == VersionStatus.APPROVED:
        # What it changed when approved: the edition before it against the edition with it.
        old, _ = authoring.load(edition_texts(version.edition_id, approved_before=version.pk))
        new, findings = authoring.load(edition_texts(version.edition_id, approved_before=version.pk, replacing=version))
        old = old or edition_get(version.edition_id)
    else:
        old = edition_get(version.edition_id)
        new, findings = draft_edition(version)
    review = Review(version=version, edition=new, findings=findings)
    if new is None:
        return review
    province_code = version.province.code if version.province else None
    shown = {place for place, _ in _columns(new, version.province)}
    review.diff = [d for d in authoring.diff(old, new, province_code, lang) if d.place in shown]
    review.findings = authoring.checks(new, province_code)
    review.impact = impact(version, old, new, {d.code for d in review.diff}, lang)
    return review


@authority.acts(SUBMIT)
def criteria_version_submit(*, version: CriteriaVersion, actor) -> CriteriaVersion:
    version = CriteriaVersion.objects.select_for_update().get(pk=version.pk)
    grant = _authorize(actor, SUBMIT, version.province)
    row = VERSION.transition(version.status, "submit", grant=grant)
    review = criteria_version_review_data(version)
    if review.errors:
        raise DomainError.of(review.errors[0])
    if not review.diff:
        raise DomainError(gettext_lazy("The version changes no threshold from the one in force."))
    before = {"status": version.status}
    version.status = row.target
    version.submitted_by = actor
    version.submitted_at = clock.now()
    version.effective_from = review.effective_from
    version.save(update_fields=["status", "submitted_by", "submitted_at", "effective_from"])
    authority.audit(
        grant, target=version, before=before,
        after={"status": version.status, "effective_from": version.effective_from.isoformat()
               if version.effective_from else None},
    )  # fmt: skip
    return version


@authority.acts(APPROVE, RETURN)
def criteria_version_review(*, version: CriteriaVersion, actor, approve: bool, note: str = "") -> CriteriaVersion:
    """Approve (it takes effect from its date and the communes it changes are re-evaluated on their
    latest data) or return to the author with a note. Never by the officer who drafted or submitted it."""
    version = CriteriaVersion.objects.select_for_update().get(pk=version.pk)
    grant = _authorize(actor, APPROVE if approve else RETURN, version.province)
    row = VERSION.transition(version.status, "approve" if approve else "return", record=version, grant=grant)
    if not approve and not note.strip():
        raise DomainError(gettext_lazy("Say why the version is returned."), field="note")
    review = criteria_version_review_data(version)
    before = {"status": version.status}
    version.reviewed_by = actor
    version.reviewed_at = clock.now()
    version.review_note = note.strip()
    if not approve:
        version.status = row.target
        version.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        authority.audit(grant, target=version, before=before, after={"status": version.status, "note": note.strip()})
        return version
    if review.errors:
        raise DomainError.of(review.errors[0])
    old = edition_get(version.edition_id)  # the edition in force before this version
    places = {place for place, _ in _columns(review.edition, version.province)}
    version.cases = boundary_cases(old, review.edition, version.province.code if version.province else None, places)
    version.status = row.target
    version.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "cases"])
    edition = edition_get(version.edition_id)  # now with this version
    version.content_hash = edition.content_hash
    version.save(update_fields=["content_hash"])
    edition_version_record(edition)
    refreshed = []
    for item in review.impact:
        communes.re_evaluate(commune=item.commune, edition_id=version.edition_id, on=item.on)
        refreshed.append(item.commune.key)
    authority.audit(
        grant, target=version, before=before,
        after={"status": version.status, "content_hash": version.content_hash, "re_evaluated": refreshed},
    )  # fmt: skip
    return version


# --------------------------------------------------------------------------- XLSX and YAML


def _columns(edition: rules.Edition, province: AdminUnit | None) -> list[tuple[str, int]]:
    """(place, year) columns: every place nationally; for a province, the places of its units (a
    region set on the province holds for the units that set none; commune groups are the communes')."""
    places = list(edition.places)
    if province is not None:
        inside = territory.below(province)
        if edition.place_key == "region":
            own = {r for r in inside.values_list("region", flat=True) if r} | {province.region} - {""}
        else:
            own = {str(g) for g in inside.values_list("commune_group", flat=True) if g}
        places = [p for p in places if p in own] or places
    return [(p, y) for p in places for y in authoring.years(edition)]


def thresholds_xlsx(*, version: CriteriaVersion) -> bytes:
    """The thresholds table of a version as XLSX: row 1 for people, row 2 the codes the import reads."""
    edition, findings = draft_edition(version)
    if edition is None:
        raise DomainError.of(findings[0])
    province_code = version.province.code if version.province else None
    cells = authoring.table(edition, province_code)
    columns = _columns(edition, version.province)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ngưỡng"
    heads = ["Bậc", "Tiêu chí", "Mã chỉ tiêu", "Chỉ tiêu", "So sánh", "Đơn vị"]
    codes = ["tier", "criterion", "code", "name", "comparator", "unit"]
    for place, year in columns:
        heads.append(f"{edition.places[place].name_vi} {year}")
        codes.append(f"{place}:{year}")
    heads += ["Căn cứ pháp lý (số, ngày văn bản, điều/phụ lục)", "Nguồn (đường dẫn)"]
    codes += [REFERENCE, SOURCE]
    ws.append(heads)
    ws.append(codes)
    for row in authoring.rows(edition):
        unit = edition.units[row.unit].label_vi if row.unit in edition.units else row.unit
        values = [cells[(row.key, place, year)] for place, year in columns]
        ws.append([row.tier, row.criterion, row.code, row.name_vi, row.comparator, unit, *values, "", ""])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[2]:
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
    ws.freeze_panes = "G3"
    ws.column_dimensions["D"].width = 60
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell_number(value: Any) -> float | int | None:
    """A threshold cell: None when empty, else a number as people write it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_number(value)


class ThresholdsImporter(imports.Importer):
    """A filled thresholds table of a draft: one row per indicator (tier, code), one column per place and
    year, with the legal reference of the changed thresholds. `report.changes` lists the changes."""

    marker = "code"

    def __init__(self, *, version: CriteriaVersion, actor):
        self.version, self.actor = version, actor

    def header(self, rows, report) -> int | None:
        edition, findings = draft_edition(self.version)
        if edition is None:
            raise DomainError.of(findings[0])
        self.edition = edition
        self.cells = authoring.table(edition, self.version.province.code if self.version.province else None)
        self.rows_by_key = {r.key: r for r in authoring.rows(edition)}
        header_at = next((i for i, r in enumerate(rows) if r and "code" in [str(c).strip() for c in r if c]), None)
        if header_at is None:
            report.add(Problem(None, "", "", "", "không tìm thấy dòng mã cột (tier, code, …)",
                               "no row of column codes found"))  # fmt: skip
            return None
        header = [str(c).strip() if c is not None else "" for c in rows[header_at]]
        self.at = {name: i for i, name in enumerate(header) if name}
        allowed = set(edition.places)
        self.places = [(i, place, int(year)) for i, name in enumerate(header) if ":" in name
                       for place, year in [name.split(":")[:2]] if place in allowed and year.isdigit()]  # fmt: skip
        return header_at

    def _text(self, line: imports.Line, name: str) -> str:
        return str(line.raw.get(name) or "").strip()

    def skip(self, line) -> bool:
        return not self._text(line, "tier") and not self._text(line, "code")

    def check(self, line: imports.Line):
        report, n, at = line.report, line.number, self.at
        tier, code = self._text(line, "tier"), self._text(line, "code")
        key = f"{tier}/{code}"
        row = self.rows_by_key.get(key)
        if row is None:
            report.add(Problem(
                n, get_column_letter(at["code"] + 1), "", code,
                f"không có chỉ tiêu mã «{code}» ở bậc «{tier}» trong bộ tiêu chí {self.edition.id}",
                f"no indicator “{code}” in tier “{tier}” of {self.edition.id}",
            ))  # fmt: skip
            return None
        in_file: dict[int, dict[str, Any]] = {}
        bad = False
        for i, place, year in self.places:
            raw = line.cells[i] if i < len(line.cells) else None
            try:
                in_file.setdefault(year, {})[place] = _cell_number(raw)
            except ValueError:
                bad = True
                report.add(Problem(
                    n, get_column_letter(i + 1), row.name_vi, str(raw),
                    f"ngưỡng phải là một số (ví dụ 45 hoặc 45,5), không phải «{raw}»",
                    f"a threshold must be a number (e.g. 45 or 45.5), not “{raw}”",
                ))  # fmt: skip
        if bad:
            return None
        changed_years = sorted(
            year for year, values in in_file.items()
            if any(v is not None and v != self.cells.get((key, p, year)) for p, v in values.items())
        )  # fmt: skip
        if not changed_years:
            return None
        reference = self._text(line, REFERENCE)
        if not reference:
            report.add(Problem(
                n, get_column_letter(at[REFERENCE] + 1) if REFERENCE in at else "", row.name_vi, "",
                "thiếu căn cứ pháp lý (số, ngày văn bản, điều hoặc phụ lục) cho ngưỡng đã sửa",
                "the legal reference (document number, date, article or appendix) of the changed thresholds is missing",
            ))  # fmt: skip
            return None
        for year in changed_years:
            missing = [p for p, v in in_file[year].items() if v is None]
            if missing:
                report.add(Problem(
                    n, "", row.name_vi, str(year),
                    f"năm {year}: thiếu ngưỡng của {', '.join(missing)} (một năm đã sửa cần đủ ngưỡng mọi cột)",
                    f"{year}: the thresholds of {', '.join(missing)} are missing (a changed year needs every column)",
                ))  # fmt: skip
                break
            report.changes.append(
                authoring.Change(row.tier, row.code, year, in_file[year], reference, self._text(line, SOURCE) or None)
            )
        return None  # the changes are the report's

    def apply(self, plans, report, progress) -> None:
        if report.changes:
            try:
                criteria_version_change(version=self.version, actor=self.actor, changes=report.changes)
            except DomainError as exc:
                raise imports.Refused(Problem(None, "", "", "", exc.message_vi, exc.message_en)) from None


@authority.acts(CHANGE)
def thresholds_import(*, version: CriteriaVersion, actor, content: bytes) -> ImportReport:
    """Read a filled thresholds table; if every row is right, write the changed cells into the draft.
    Any bad row refuses the whole file, and each problem names its row, column, value and reason."""
    _authorize(actor, CHANGE, version.province)
    _require_editable(version)
    return imports.run(ThresholdsImporter(version=version, actor=actor), content, dry_run=False)


def criteria_version_yaml_zip(version: CriteriaVersion) -> bytes:
    """The edition folder as it is with this version: the repository's file layout, ready to load
    with `rules.load_edition_dir` on another installation or to contribute back."""
    texts = edition_texts(version.edition_id, replacing=version)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in sorted(texts.items()):
            zf.writestr(f"{version.edition_id}/{name}", text)
    return out.getvalue()


# --------------------------------------------------------------------------- the audit log's words


def audit_phrasing(event, lang: str = "vi") -> str | None:
    """The audit log's words for a criteria version's event (criteria.version.<act>, formerly
    criteria_version_<act>): the version by
    its number, scope and set; no YAML, no unit keys."""
    from tamnong.accounts import history as words

    version = CriteriaVersion.objects.filter(pk=event.target_id).select_related("province").first()
    if version is None:
        return None
    en = lang == "en"
    try:
        edition = edition_get(version.edition_id)
        set_name = edition.name_en if en else edition.name_vi
    except Exception:  # an edition no longer shipped keeps its identifier
        set_name = version.edition_id
    scope = version.province.title if version.province else ("national" if en else "quốc gia")
    what = (f"version {version.number} ({scope}) of “{set_name}”" if en
            else f"phiên bản {version.number} ({scope}) của «{set_name}»")  # fmt: skip
    act = event.action.removeprefix("criteria_version_").removeprefix("criteria.version.")  # older and today's codes
    after = event.after if isinstance(event.after, dict) else {}
    if act == "change" and after.get("added_indicator"):
        act = "add_indicator"
    verbs = {
        "create": ("drafted", "soạn"), "change": ("changed thresholds in", "sửa ngưỡng trong"),
        "add_indicator": ("added an indicator to", "thêm chỉ tiêu vào"), "submit": ("submitted", "trình"),
        "return": ("returned", "trả lại"), "approve": ("approved", "duyệt"),
    }  # fmt: skip
    verb = verbs.get(act)
    if verb is None:
        return None
    text = f"{verb[0] if en else verb[1]} {what}"
    details = []
    if act == "create" and after.get("title"):
        details.append(f"“{after['title']}”" if en else f"«{after['title']}»")
    if act == "return" and after.get("note"):
        details.append(f"reason: {after['note']}" if en else f"lý do: {after['note']}")
    if act == "approve":
        n = len(after.get("re_evaluated") or [])
        details.append(f"{n} communes re-evaluated" if en else f"{words.value_text(n, lang)} xã được đánh giá lại")
    return f"{text}: {'; '.join(details)}" if details else text
