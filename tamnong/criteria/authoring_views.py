"""Pages of criteria authoring: the versions, a version's thresholds, diff, checks and impact,
and its actions (XLSX round trip, submit, approve or return, YAML export)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.i18n import active_lang, bilingual
from tamnong.core.imports import FileUnreadable, ImportReport, upload_content
from tamnong.criteria import authoring
from tamnong.criteria.editions import edition_list
from tamnong.criteria.legal_cases import version_case_outcomes
from tamnong.criteria.models import VersionStatus
from tamnong.criteria.version_workflow import is_second_officer
from tamnong.places.selectors import unit_get_by_key
from tamnong.rules import authoring as thresholds
from tamnong.rules import format_number
from tamnong.rules.formatting import COMPARATOR_SYMBOLS

INDICATOR_FIELDS = ("code", "name_vi", "name_en", "kind", "unit", "comparator", "reference")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(request, exc: DomainError):
    status = 404 if isinstance(exc, NotFoundError) else 403
    return render(request, "imports/forbidden.html", {"message": exc.message()}, status=status)


@login_required
def version_list(request):
    versions = authoring.criteria_versions_visible(request.user)
    lang = active_lang()
    editions = edition_list()
    names = {e.id: (bilingual(e.name_vi, e.name_en)) for e in editions}
    context = {
        "versions": [(v, names.get(v.edition_id, v.edition_id)) for v in versions],
        "editions": [(e.id, names[e.id], e.valid_from) for e in editions],
        "provinces": [(u.key, _province_label(u, lang)) for u in authoring.author_provinces(request.user)],
        "may_author_national": authoring.may_author_national(request.user),
        "posted": request.POST,
        "errors": [],
        "release_changes": [bilingual(vi, en) for _, vi, en in authoring.release_changes(versions)],
    }
    if request.method == "POST":
        province_key = request.POST.get("province", "").strip()
        try:
            province = unit_get_by_key(province_key) if province_key else None
            version = authoring.criteria_version_create(
                actor=request.user,
                edition_id=request.POST.get("edition", ""),
                province=province,
                title=request.POST.get("title", ""),
            )
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except DomainError as exc:
            context["errors"].append(exc.message())
        else:
            messages.success(request, _said("Đã tạo bản nháp. Hãy nhập ngưỡng rồi trình duyệt.",
                                            "The draft is created. Fill its thresholds, then submit it."))
            return redirect("criteria-version", pk=version.pk)
    return render(request, "criteria/criteria_versions.html", context, status=400 if context["errors"] else 200)


def _said(vi: str, en: str) -> str:
    return bilingual(vi, en)


def _province_label(unit, lang: str) -> str:
    """ "Tỉnh Hoà Bình (danh mục 2008–2025)": the name, and the list when provinces of two lists are offered."""
    return f"{unit.title} ({unit.get_scheme_display()})"


KIND_NAMES = {"number": ("số", "number"), "percent": ("tỷ lệ phần trăm", "percentage"), "count": ("số đếm", "count")}

COMPARATOR_WORDS = {
    ">=": ("từ ngưỡng trở lên", "at least the threshold"),
    ">": ("trên ngưỡng", "above the threshold"),
    "<=": ("không quá ngưỡng", "at most the threshold"),
    "<": ("dưới ngưỡng", "below the threshold"),
}


def comparator_text(comparator: str, lang: str) -> str:
    """ "≥ (từ ngưỡng trở lên)" — the comparison by its sign and its words, never ">=" in brackets."""
    words = COMPARATOR_WORDS.get(comparator)
    sign = COMPARATOR_SYMBOLS.get(comparator, comparator)
    return f"{sign} ({words[1] if lang == 'en' else words[0]})" if words else sign


@login_required
def version_detail(request, pk: int):
    """The version's page; a POST writes into the draft, from the XLSX file or the form of one indicator."""
    try:
        to_write = authoring.CHANGE if request.method == "POST" else None
        version = authoring.criteria_version_get(pk=pk, actor=request.user, to_write=to_write)
    except DomainError as exc:
        return _refused(request, exc)
    errors, problems = [], []
    row_key = request.POST.get("row") or request.GET.get("row") or ""
    if request.method == "POST":
        try:
            if request.FILES.get("file"):
                try:
                    content = upload_content(request.FILES["file"])
                except FileUnreadable as exc:
                    problems = exc.problems
                else:
                    result = authoring.thresholds_import(version=version, actor=request.user, content=content)
                    problems = result.problems
                    if result.ok:
                        messages.success(request, _said(
                            f"Đã đọc tệp và ghi {len(result.changes)} thay đổi ngưỡng vào bản nháp. Ngưỡng của một năm "
                            "áp dụng cho các năm sau để trống trong tệp, đến năm có ngưỡng riêng: bảng «Thay đổi so với bản "
                            "đang có hiệu lực» bên dưới liệt kê từng năm.",
                            f"The file is read: {len(result.changes)} threshold changes written into the draft. A year's "
                            "thresholds apply to the following years left empty in the file, up to a year with its own: "
                            "the table of changes below lists each year."))
            elif request.POST.get("add_indicator"):
                tier, _, criterion = request.POST.get("criterion_key", "").partition("/")
                fields = {f: request.POST.get(f, "").strip() for f in INDICATOR_FIELDS}
                spec = thresholds.IndicatorSpec(tier=tier, criterion=criterion, **fields)
                authoring.criteria_version_add_indicator(version=version, actor=request.user, spec=spec)
                messages.success(request, _said(
                    f"Đã thêm chỉ tiêu «{spec.name_vi}»; ngưỡng của nó còn chưa biết, hãy nhập bên dưới.",
                    f"The indicator “{spec.name_en}” is added; its thresholds are still unknown, fill them below."))
                return redirect(f"{request.path}?row={spec.tier}/{spec.code}")
            elif row_key:
                saved = authoring.grid_save(version=version, actor=request.user, key=row_key, posted=request.POST)
                messages.success(request, saved.message(active_lang()))
                return redirect(f"{request.path}?row={row_key}")
        except DomainError as exc:
            errors.append(exc.message())
        version.refresh_from_db()
    return _version_page(request, version, row_key=row_key, errors=errors, problems=problems)


def _version_page(request, version, *, row_key: str = "", errors=(), problems=(), status: int = 200):
    lang = active_lang()
    review = authoring.criteria_version_review_data(version, lang)
    grid = authoring.indicator_grid(version=version, key=row_key, lang=lang) if row_key else None
    posted = request.POST if request.method == "POST" else {}
    edition = review.edition
    places = {p: (bilingual(label.name_vi, label.name_en)) for p, label in edition.places.items()} if edition else {}
    tier_names = {t.id: bilingual(t.name_vi, t.name_en) for t in edition.tiers} if edition else {}
    context = {
        "version": version,
        "edition_name": (bilingual(edition.name_vi, edition.name_en)) if edition else version.edition_id,
        "row_choices": [
            (r.key, f"{tier_names.get(r.tier, '')} · {_indicator_label(r, lang)}") for r in thresholds.rows(edition)
        ] if edition else [],
        "grid_title": (f"{_indicator_label(grid.row, lang)} — {comparator_text(grid.row.comparator, lang)}"
                       if grid else ""),
        "diff": [
            {"tier": tier_names.get(d.tier, ""), "indicator": _indicator_label(d, lang),
             "place": places.get(d.place, d.place), "year": d.year, "old": d.old, "new": d.new}
            for d in review.diff
        ],
        "findings": [(f.severity, bilingual(f.message_vi, f.message_en)) for f in review.findings],
        "cases": [(o.case.title(lang), o.passed, o.lines(lang)[1:]) for o in version_case_outcomes(version, edition)],
        "approved": version.status == VersionStatus.APPROVED,
        "lang_en": lang == "en",
        "errors": list(errors),
        "report": ImportReport(problems=list(problems), dry_run=False) if problems else None,
        "rows": thresholds.rows(review.edition) if review.edition else [],
        "criteria": [
            (t.id, c.number, f"{tier_names[t.id]} · {c.number}. {bilingual(c.name_vi, c.name_en)}")
            for t in review.edition.tiers for c in t.criteria
        ]
        if review.edition
        else [],
        "units": [(code, (bilingual(u.label_vi, u.label_en)) or ("yes/no" if lang == "en" else "có/không")) for code, u in edition.units.items()]
        if edition
        else [],
        "kinds": [(k, KIND_NAMES.get(k, (k, k))[1 if lang == "en" else 0]) for k in thresholds.NUMERIC_KINDS],
        "row_key": row_key,
        "grid": grid,
        "grid_lines": _grid_lines(grid, posted, lang),
        "posted": posted,
        "review": review,
        "tier_names": tier_names,
        "editable": version.status in authoring.EDITABLE,
        "submitted": version.status == VersionStatus.SUBMITTED,
        "reviewer": is_second_officer(version, request.user),
    }
    return render(request, "criteria/criteria_version.html", context, status=status)


def _indicator_label(row, lang: str) -> str:
    """ "3.1 Tỷ lệ …" for an official number; the name alone for Tamnông's own keys."""
    from tamnong.accounts.history import official_number

    name = row.name_en if lang == "en" else row.name_vi
    number = official_number(row.code)
    return f"{number} {name}" if number else name


def _grid_lines(grid, posted, lang: str) -> list:
    """Rows of the form of one indicator: (place name, [(field, label, value shown)]); what was
    posted is shown again when the save was refused."""
    if grid is None:
        return []
    lines = []
    for code, name in grid.places:
        cells = []
        for year in grid.years:
            field = f"{code}:{year}"
            value = grid.cells[code][year]
            shown = posted.get(field) if field in posted else ("" if value is None else format_number(value, lang))
            cells.append((field, f"{name} {year}", shown))
        lines.append((name, cells))
    return lines


@require_POST
@login_required
def version_action(request, pk: int, action: str):
    acts = {"submit": authoring.SUBMIT, "approve": authoring.APPROVE, "return": authoring.RETURN}
    try:
        if action not in acts:
            raise NotFoundError(gettext_lazy("No such action."))
        version = authoring.criteria_version_get(pk=pk, actor=request.user, to_write=acts[action])
        if action == "submit":
            authoring.criteria_version_submit(version=version, actor=request.user)
            messages.success(request, _said("Đã trình phiên bản: chờ một cán bộ thứ hai duyệt.",
                                            "The version is submitted: a second officer reviews it."))
        elif action in ("approve", "return"):
            version = authoring.criteria_version_review(
                version=version, actor=request.user, approve=action == "approve", note=request.POST.get("note", "")
            )
            if action == "approve":
                day = f"{version.effective_from:%d/%m/%Y}" if version.effective_from else ""
                messages.success(request, _said(
                    f"Đã duyệt phiên bản: có hiệu lực từ {day}; các xã bị ảnh hưởng đã được đánh giá lại.",
                    f"The version is approved: in force from {day}; the communes it affects were re-evaluated."))
            else:
                messages.success(request, _said("Đã trả lại phiên bản cho người soạn kèm lý do.",
                                                "The version is returned to its author with the reason."))
    except (PermissionDeniedError, NotFoundError) as exc:
        return _refused(request, exc)
    except DomainError as exc:
        version.refresh_from_db()
        return _version_page(request, version, errors=[exc.message()], status=400)
    return redirect("criteria-version", pk=pk)


@login_required
def version_xlsx(request, pk: int):
    try:
        version = authoring.criteria_version_get(pk=pk, actor=request.user)
        content = authoring.thresholds_xlsx(version=version)
    except DomainError as exc:
        return _refused(request, exc)
    response = HttpResponse(content, content_type=XLSX)
    name = version.edition_id.replace("/", "-") + (f"-{version.province.code}" if version.province else "")
    response["Content-Disposition"] = f'attachment; filename="nguong-{name}-ban-{version.number}.xlsx"'
    return response


@login_required
def version_yaml(request, pk: int):
    try:
        version = authoring.criteria_version_get(pk=pk, actor=request.user)
    except DomainError as exc:
        return _refused(request, exc)
    response = HttpResponse(authoring.criteria_version_yaml_zip(version), content_type="application/zip")
    name = version.edition_id.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}-ban-{version.number}.zip"'
    return response
