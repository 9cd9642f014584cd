"""Pages of the commune groups and regions (tamnong.accounts.unit_groups; reads: tamnong.places.groups):
the national coverage, a province's communes with the bulk form and the XLSX round-trip, a proposal
to approve or return."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tamnong.accounts import unit_groups
from tamnong.accounts.proposal_workflow import is_second_officer
from tamnong.accounts.selectors import actor_scope
from tamnong.core import clock
from tamnong.core.dates import parse_date
from tamnong.core.downloads import XLSX
from tamnong.core.errors import DomainError
from tamnong.core.i18n import active_lang
from tamnong.core.imports import template_workbook, workbook_bytes
from tamnong.core.jobs import services as jobs
from tamnong.core.jobs.models import BackgroundImport
from tamnong.core.refusals import refusals
from tamnong.places import groups
from tamnong.places.models import AdminUnit, Level, ProposalStatus, Scheme, UnitAttribute


def _province(request, attribute, scheme, code) -> AdminUnit:
    return unit_groups.province_get(actor=request.user, attribute=attribute, scheme=scheme, code=code)


@login_required
def coverage_page(request):
    """Per province of today's list: communes with and without an approved group (the national office
    sees every province; an office, those of its roles)."""
    today = clock.today()
    provinces = actor_scope(request.user).filter(AdminUnit.objects.filter(scheme=Scheme.Y2025_07, level=Level.PROVINCE))
    rows = groups.coverage(today, provinces)
    totals = {
        "communes": sum(r.communes for r in rows), "approved": sum(r.approved for r in rows),
        "pending": sum(r.pending for r in rows), "not_applicable": sum(r.not_applicable for r in rows),
    }  # fmt: skip
    totals["without"] = totals["communes"] - totals["approved"]
    totals["share_pct"] = 100 * totals["approved"] / totals["communes"] if totals["communes"] else None
    regions = unit_groups.provinces_of(request.user, UnitAttribute.REGION)
    return render(request, "accounts/unit_groups/coverage.html",
                  {"rows": rows, "totals": totals, "today": today, "region_provinces": regions})  # fmt: skip


def coverage_figure(request):
    """The national figure, for the dashboard of the nation (a fragment it loads): communes of today's
    list with an approved group, and a link to the coverage by province."""
    rows = groups.coverage(clock.today())
    communes, approved = sum(r.communes for r in rows), sum(r.approved for r in rows)
    return render(request, "accounts/unit_groups/_figure.html", {"communes": communes, "approved": approved})


def _context(request, province, attribute, *, report=None, errors=None):
    today = clock.today()
    rows = groups.commune_rows(province, attribute, today)
    value = request.GET.get("group", "")
    q = request.GET.get("q", "").strip()[:100]
    shown = groups.rows_filter(rows, value=value, q=q)
    lang = active_lang()
    return {
        "province": province, "attribute": attribute, "attribute_label": UnitAttribute(attribute).label,
        "is_group": attribute == UnitAttribute.COMMUNE_GROUP, "today": today,
        "rows": [(r, groups.value_label(attribute, r.current_value),
                  groups.value_label(attribute, r.pending.value) if r.pending else "") for r in shown],
        "counts": {"all": len(rows), "shown": len(shown), "applicable": sum(r.applicable for r in rows),
                   "approved": sum(1 for r in rows if r.current), "pending": sum(1 for r in rows if r.pending)},
        "values": groups.values_of(attribute), "filter": value, "q": q,
        "may_propose": unit_groups.may(request.user, attribute, "propose", province),
        "proposals": groups.proposals_of(province, attribute).filter(status=ProposalStatus.PROPOSED),
        "recent": groups.proposals_of(province, attribute).exclude(status=ProposalStatus.PROPOSED)[:10],
        "area_list": groups.area_list_latest(province) if attribute == UnitAttribute.COMMUNE_GROUP else None,
        "report": report, "errors": errors or [], "lang_en": lang == "en",
        "default_from": request.POST.get("effective_from", ""),
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def province_page(request, attribute: str, scheme: str, code: str):
    """GET: the province's communes, filtered; POST: propose one value for the ticked communes."""
    province = _province(request, attribute, scheme, code)
    errors = []
    if request.method == "POST":
        effective_from = parse_date(request.POST.get("effective_from", ""))
        ids = [i for i in request.POST.getlist("units") if i.isdigit()]
        units = {u.pk: u for u in AdminUnit.objects.filter(pk__in=ids)}
        with refusals() as refused:
            if effective_from is None:
                raise DomainError(
                    gettext_lazy("The date it applies from is needed, as dd/mm/yyyy."),
                    field="effective_from",
                )  # fmt: skip
            rows = [unit_groups.Row(units[int(i)], request.POST.get("value", ""), effective_from,
                                    request.POST.get("basis", "")) for i in ids if int(i) in units]  # fmt: skip
            proposal = unit_groups.attribute_propose(province=province, attribute=attribute, rows=rows,
                                                     actor=request.user)  # fmt: skip
        if not refused:
            messages.success(request, _("Proposal saved for %(n)d communes: a second officer of the province "
                                        "approves it before it applies.") % {"n": proposal.rows.count()})  # fmt: skip
            return redirect("unit-groups-proposal", pk=proposal.pk)
        errors = refused.errors
    context = _context(request, province, attribute, errors=errors)
    return render(request, "accounts/unit_groups/province.html", context, status=400 if errors else 200)


@login_required
def rows_download(request, attribute: str, scheme: str, code: str):
    province = _province(request, attribute, scheme, code)
    response = HttpResponse(groups.rows_xlsx(province, attribute, clock.today()), content_type=XLSX)
    name = "nhom-xa" if attribute == UnitAttribute.COMMUNE_GROUP else "vung"
    response["Content-Disposition"] = f'attachment; filename="{name}-{province.scheme}-{province.code}.xlsx"'
    return response


@login_required
@require_POST
def rows_upload(request, attribute: str, scheme: str, code: str):
    """The downloaded file, filled: checked whole, then one proposal (or nothing, with the problems)."""
    province = _province(request, attribute, scheme, code)
    report = None
    with refusals() as refused:
        started = jobs.import_upload(
            kind=unit_groups.KIND, actor=request.user, unit_key=unit_groups.job_key(province, attribute),
            request=request, run=lambda content, dry_run: unit_groups.attribute_import(
                content=content, province=province, attribute=attribute, actor=request.user, dry_run=dry_run),
        )  # fmt: skip
        if isinstance(started, BackgroundImport):
            return redirect("background-import", pk=started.pk)
        report = started
    report, errors = refused.report or report, refused.errors
    if report is not None and report.saved and not report.problems:
        # proposed: on to the proposal, as the form of the page does (its link is what the second officer opens)
        proposal = groups.proposals_of(province, attribute).filter(
            status=ProposalStatus.PROPOSED, proposed_by=request.user).order_by("-pk").first()  # fmt: skip
        if proposal is not None:
            messages.success(request, _("Proposal saved for %(n)d communes: a second officer of the province "
                                        "approves it before it applies.") % {"n": report.saved})  # fmt: skip
            return redirect("unit-groups-proposal", pk=proposal.pk)
    context = _context(request, province, attribute, report=report, errors=errors)
    return render(request, "accounts/unit_groups/province.html", context,
                  status=400 if errors or (report and report.problems) else 200)  # fmt: skip


def area_list_template(request):
    """An empty list of communes by area to fill: headers in row 1, the column codes in row 2."""
    wb = template_workbook("Khu vực", unit_groups.AREA_COLUMNS, wide=("commune",))
    response = HttpResponse(workbook_bytes(wb), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-xa-theo-khu-vuc.xlsx"'
    return response


@login_required
@require_POST
def area_list_upload(request, attribute: str, scheme: str, code: str):
    """The list of the province's communes by ethnic-minority area (II and III suggest group 3)."""
    province = _province(request, UnitAttribute.COMMUNE_GROUP, scheme, code)
    report = None
    upload = request.FILES.get("file")
    with refusals() as refused:
        if upload is None:
            raise DomainError(gettext_lazy("Choose a file."), field="file")
        from tamnong.core.imports import upload_content

        report = unit_groups.ethnic_area_list_upload(content=upload_content(upload), province=province,
                                                     reference=request.POST.get("reference", ""), actor=request.user)  # fmt: skip
    report, errors = refused.report or report, refused.errors
    if report is not None and not report.problems:
        messages.success(request, _("List of areas saved: %(n)d communes. Its suggestions are not assignments.")
                         % {"n": report.saved})  # fmt: skip
        return redirect(reverse("unit-groups-province", args=[attribute, scheme, code]) + "?group=suggested")
    context = _context(request, province, UnitAttribute.COMMUNE_GROUP, report=report, errors=errors)
    context["area_report"], context["report"] = report, None
    return render(request, "accounts/unit_groups/province.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_page(request, pk: int):
    """A proposal's rows; a second officer approves it or returns it with the reason."""
    proposal = unit_groups.proposal_get(actor=request.user, pk=pk)
    error = None
    if request.method == "POST":
        with refusals() as refused:
            unit_groups.attribute_review(proposal=proposal, actor=request.user,
                                         approve=request.POST.get("decision") == "approve",
                                         note=request.POST.get("note", ""))  # fmt: skip
        error = refused.error
        if not refused:
            proposal.refresh_from_db()
            if proposal.status == ProposalStatus.APPROVED:
                messages.success(request, _("Approved: each commune takes its value from its date."))
            else:
                messages.success(request, _("Returned to the proposer with your reason."))
            return redirect("unit-groups-proposal", pk=proposal.pk)
    rows = []
    for r in proposal.rows.select_related("unit").order_by("unit__name_folded"):
        before = groups.assignment_on(r.unit, proposal.attribute, r.effective_from)
        rows.append((r, groups.value_label(proposal.attribute, r.value),
                     groups.value_label(proposal.attribute, before.value) if before and before.proposal_id != proposal.pk
                     else ""))  # fmt: skip
    context = {
        "proposal": proposal, "rows": rows, "error": error, "attribute_label": UnitAttribute(proposal.attribute).label,
        "may_review": proposal.status == ProposalStatus.PROPOSED and is_second_officer(proposal, request.user)
        and unit_groups.may(request.user, proposal.attribute, "approve", proposal.province),
        "own": not is_second_officer(proposal, request.user),
    }  # fmt: skip
    return render(request, "accounts/unit_groups/proposal.html", context, status=400 if error else 200)
