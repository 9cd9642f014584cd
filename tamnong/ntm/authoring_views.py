"""Pages of criteria authoring: the versions, a version's thresholds, diff, checks and impact,
and its actions (XLSX round trip, submit, approve or return, YAML export)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.i18n import active_lang
from tamnong.core.tabular import FileUnreadable, upload_content
from tamnong.ntm import authoring
from tamnong.ntm.editions import edition_list
from tamnong.ntm.models import VersionStatus
from tamnong.places.selectors import unit_get_by_key
from tamnong.rules import authoring as thresholds
from tamnong.rules import format_number

INDICATOR_FIELDS = ("code", "name_vi", "name_en", "kind", "unit", "comparator", "reference")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(request, exc: DomainError):
    status = 404 if isinstance(exc, NotFoundError) else 403
    return render(request, "ntm/import_forbidden.html", {"message": exc.message()}, status=status)


@login_required
def version_list(request):
    versions = authoring.criteria_versions_visible(request.user)
    lang = active_lang()
    context = {
        "versions": versions,
        "editions": edition_list(),
        "errors": [],
        "release_changes": [en if lang == "en" else vi for _, vi, en in authoring.release_changes(versions)],
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
            return redirect("criteria-version", pk=version.pk)
    return render(request, "ntm/criteria_versions.html", context)


@login_required
def version_detail(request, pk: int):
    """The version's page; a POST writes into the draft, from the XLSX file or the form of one indicator."""
    try:
        version = authoring.criteria_version_get(pk=pk, actor=request.user)
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
                    problems = [p.as_dict() for p in exc.problems]
                else:
                    result = authoring.thresholds_import(version=version, actor=request.user, content=content)
                    problems = [p.as_dict() for p in result.problems]
            elif request.POST.get("add_indicator"):
                tier, _, criterion = request.POST.get("criterion_key", "").partition("/")
                fields = {f: request.POST.get(f, "").strip() for f in INDICATOR_FIELDS}
                spec = thresholds.IndicatorSpec(tier=tier, criterion=criterion, **fields)
                authoring.criteria_version_add_indicator(version=version, actor=request.user, spec=spec)
                return redirect(f"{request.path}?row={spec.tier}/{spec.code}")
            elif row_key:
                authoring.grid_save(version=version, actor=request.user, key=row_key, posted=request.POST)
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
    context = {
        "version": version,
        "lang_en": lang == "en",
        "errors": list(errors),
        "problems": list(problems),
        "rows": thresholds.rows(review.edition) if review.edition else [],
        "criteria": [
            (t.id, c.number, c.name_en if lang == "en" else c.name_vi) for t in review.edition.tiers for c in t.criteria
        ]
        if review.edition
        else [],
        "units": list(review.edition.units) if review.edition else [],
        "kinds": thresholds.NUMERIC_KINDS,
        "row_key": row_key,
        "grid": grid,
        "grid_lines": _grid_lines(grid, posted, lang),
        "posted": posted,
        "review": review,
        "tier_names": {t.id: t.name_en if lang == "en" else t.name_vi for t in review.edition.tiers}
        if review.edition
        else {},
        "editable": version.status in authoring.EDITABLE,
        "submitted": version.status == VersionStatus.SUBMITTED,
        "reviewer": request.user.pk not in (version.created_by_id, version.submitted_by_id),
    }
    return render(request, "ntm/criteria_version.html", context, status=status)


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
    try:
        version = authoring.criteria_version_get(pk=pk, actor=request.user)
        if action == "submit":
            authoring.criteria_version_submit(version=version, actor=request.user)
        elif action in ("approve", "return"):
            authoring.criteria_version_review(
                version=version, actor=request.user, approve=action == "approve", note=request.POST.get("note", "")
            )
        else:
            raise NotFoundError("Không có thao tác này.", "No such action.")
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
