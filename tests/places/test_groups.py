"""Commune groups (Decision 51/2025) and old-map regions, set by the provincial offices: a proposal, a
second officer's approval, the dated group the evaluation reads, the XLSX round-trip, the suggestions
and the national coverage."""

import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from tamnong.accounts import authority, unit_groups
from tamnong.accounts.models import Role, RoleAssignment
from tamnong.core.errors import DomainError, PermissionDeniedError
from tamnong.core.models import AuditEvent
from tamnong.criteria.editions import edition_get
from tamnong.criteria.selectors import evaluation_compute
from tamnong.places import groups
from tamnong.places.models import AdminUnit, AttributeAssignment, AttributeProposal, ProposalStatus, UnitAttribute

G = UnitAttribute.COMMUNE_GROUP
FROM = dt.date(2026, 3, 1)


def _user(username, key):
    scheme, code = key.split(":")
    user, _ = get_user_model().objects.get_or_create(username=username)
    RoleAssignment.objects.get_or_create(user=user, role=Role.PROVINCE_OFFICE,
                                         unit=AdminUnit.objects.get(scheme=scheme, code=code))  # fmt: skip
    return user


@pytest.fixture
def qn(demo):
    """Quảng Ninh on today's list, two officers of its own, and one of its communes, a ward, a special zone."""
    province = AdminUnit.objects.get(scheme="2025-07", code="22")
    return {
        "province": province,
        "a": _user("tinh.quangninh", "2025-07:22"),
        "b": _user("duyet.quangninh", "2025-07:22"),
        "commune": AdminUnit.objects.get(scheme="2025-07", code="06724"),  # Xã Hải Sơn
        "ward": AdminUnit.objects.get(scheme="2025-07", code="06652"),  # Phường Hà Tu
        "zone": AdminUnit.objects.get(scheme="2025-07", code="06994"),  # Đặc khu Vân Đồn
    }


def _propose(qn, *, value="2", on=FROM, actor=None, unit=None):
    return unit_groups.attribute_propose(
        province=qn["province"], attribute=G, actor=actor or qn["a"],
        rows=[unit_groups.Row(unit or qn["commune"], value, on, "Quyết định của UBND tỉnh (thử)")],
    )  # fmt: skip


def test_an_approved_group_holds_from_its_date_and_not_before(qn):
    proposal = _propose(qn)
    assert groups.group_on(qn["commune"], FROM) is None  # proposed is not assigned
    unit_groups.attribute_review(proposal=proposal, actor=qn["b"], approve=True)
    assert groups.group_on(qn["commune"], FROM - dt.timedelta(days=1)) is None
    assert groups.group_on(qn["commune"], FROM) == 2
    (row,) = groups.history(qn["commune"], G)
    assert (row.proposal.proposed_by, row.proposal.reviewed_by, row.effective_from) == (qn["a"], qn["b"], FROM)
    actions = list(
        AuditEvent.objects.filter(target_type="places.attributeproposal", target_id=str(proposal.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["places.commune_group.propose", "places.commune_group.approve"]
    # a later change keeps the history
    later = _propose(qn, value="3", on=dt.date(2027, 1, 1))
    unit_groups.attribute_review(proposal=later, actor=qn["b"], approve=True)
    assert [groups.group_on(qn["commune"], d) for d in (FROM, dt.date(2027, 1, 1))] == [2, 3]
    assert [r.value for r in groups.history(qn["commune"], G)] == ["3", "2"]


def test_the_evaluation_reads_the_approved_group_on_the_assessments_date(qn):
    edition = edition_get("ntm/commune-2026-2030")
    with pytest.raises(DomainError) as refused:
        evaluation_compute(edition=edition, unit=qn["commune"], on=FROM, facts={})
    assert "commune_group" in refused.value.message_vi or "nhóm xã" in refused.value.message_vi
    unit_groups.attribute_review(proposal=_propose(qn), actor=qn["b"], approve=True)
    with pytest.raises(DomainError):
        evaluation_compute(edition=edition, unit=qn["commune"], on=FROM - dt.timedelta(days=1), facts={})
    evaluation = evaluation_compute(edition=edition, unit=qn["commune"], on=FROM, facts={})
    assert evaluation.place.commune_group == "2"


def test_the_proposer_cannot_approve_their_own_proposal(qn):
    proposal = _propose(qn)
    with pytest.raises(PermissionDeniedError) as refused:
        unit_groups.attribute_review(proposal=proposal, actor=qn["a"], approve=True)
    assert "cán bộ thứ hai" in refused.value.message_vi
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED and groups.group_on(qn["commune"], FROM) is None


def test_an_officer_of_another_province_can_neither_propose_nor_approve(qn):
    other = get_user_model().objects.get(username="tinh.phutho")
    before = AttributeProposal.objects.count()
    with pytest.raises(authority.NotAuthorised) as refused:
        _propose(qn, actor=other)
    assert "Quảng Ninh" in refused.value.message_vi and "đề xuất nhóm xã" in refused.value.message_vi
    assert AttributeProposal.objects.count() == before
    proposal = _propose(qn)
    with pytest.raises(authority.NotAuthorised):
        unit_groups.attribute_review(proposal=proposal, actor=other, approve=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_a_ward_takes_no_group_and_nothing_is_saved_but_a_special_zone_does(qn):
    """A ward is urban; a special zone is assessed like a commune (the 2025 rural census counts the
    special zones among the 2,634 rural communes), so it takes a group."""
    before = AttributeAssignment.objects.count()
    with pytest.raises(DomainError) as refused:
        unit_groups.attribute_propose(province=qn["province"], attribute=G, actor=qn["a"], rows=[
            unit_groups.Row(qn["commune"], "2", FROM), unit_groups.Row(qn["ward"], "2", FROM)])  # fmt: skip
    assert "không phải xã" in refused.value.message_vi
    assert AttributeAssignment.objects.count() == before
    rows = {r.unit.pk: r for r in groups.commune_rows(qn["province"], G, FROM)}
    assert not rows[qn["ward"].pk].applicable
    assert rows[qn["zone"].pk].applicable and rows[qn["commune"].pk].applicable
    proposal = _propose(qn, unit=qn["zone"], value="3")
    unit_groups.attribute_review(proposal=proposal, actor=qn["b"], approve=True)
    assert groups.group_on(qn["zone"], FROM) == 3


def test_a_returned_proposal_needs_a_reason_and_sets_nothing(qn):
    proposal = _propose(qn)
    with pytest.raises(DomainError):
        unit_groups.attribute_review(proposal=proposal, actor=qn["b"], approve=False, note="")
    unit_groups.attribute_review(proposal=proposal, actor=qn["b"], approve=False, note="Chưa có quyết định")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED and groups.group_on(qn["commune"], FROM) is None


def test_a_region_is_set_for_old_map_communes_and_read_by_date(demo):
    """Quảng Ninh's region is ambiguous in the sources (places/data/regions.csv): its office sets it."""
    a, b = _user("tinh.quangninh", "2025-07:22"), _user("duyet.quangninh", "2025-07:22")
    province = AdminUnit.objects.get(scheme="2020", code="22")
    commune = groups.communes_of(province).filter(kind="xa").first()
    assert groups.region_on(commune, dt.date(2024, 6, 1)) is None
    proposal = unit_groups.attribute_propose(province=province, attribute=UnitAttribute.REGION, actor=a,
                                             rows=[unit_groups.Row(commune, "DBSH", dt.date(2022, 3, 8))])  # fmt: skip
    unit_groups.attribute_review(proposal=proposal, actor=b, approve=True)
    assert groups.region_on(commune, dt.date(2024, 6, 1)) == "DBSH"
    assert groups.region_on(commune, dt.date(2022, 3, 7)) is None


# --------------------------------------------------------------------------- through HTTP


def _page(client, user, url="/groups/commune_group/2025-07/22/"):
    client.force_login(user)
    return client.get(url)


def test_the_page_lists_the_communes_with_the_legal_definitions_and_filters(client, qn):
    page = _page(client, qn["a"]).content.decode()
    assert "Hải Sơn" in page and "Hà Tu" in page
    assert "khu vực II và III" in page  # the definitions of §15
    assert "nông nghiệp dưới 10" in page
    unassigned = _page(client, qn["a"], "/groups/commune_group/2025-07/22/?group=na").content.decode()
    assert "Hà Tu" in unassigned and "Hải Sơn" not in unassigned
    unit_page = client.get("/units/2025-07/06724/").content.decode()
    assert 'href="/groups/commune_group/2025-07/22/"' in unit_page and "Nhóm xã của các xã trong tỉnh" in unit_page
    named = _page(client, qn["a"], "/groups/commune_group/2025-07/22/?q=hai+son").content.decode()
    assert "Hải Sơn" in named and "Hà Tu" not in named


def test_the_form_proposes_many_communes_and_a_second_officer_approves(client, qn):
    client.force_login(qn["a"])
    ids = [str(u.pk) for u in groups.communes_of(qn["province"]).filter(kind="xa")[:3]]
    response = client.post("/groups/commune_group/2025-07/22/", {
        "units": ids, "value": "3", "effective_from": "01/03/2026", "basis": "Thử"})  # fmt: skip
    assert response.status_code == 302
    proposal = AttributeProposal.objects.latest("pk")
    assert proposal.rows.count() == 3
    own = client.post(f"/groups/proposals/{proposal.pk}/", {"decision": "approve"})
    assert own.status_code == 403 and "cán bộ thứ hai" in own.content.decode()
    client.force_login(qn["b"])
    assert client.post(f"/groups/proposals/{proposal.pk}/", {"decision": "approve"}).status_code == 302
    assert all(groups.group_on(AdminUnit.objects.get(pk=i), FROM) == 3 for i in ids)


def test_the_page_refuses_an_officer_of_another_province(client, qn):
    client.force_login(get_user_model().objects.get(username="tinh.phutho"))
    assert client.get("/groups/commune_group/2025-07/22/").status_code == 403
    response = client.post("/groups/commune_group/2025-07/22/", {"units": [qn["commune"].pk], "value": "2",
                                                                 "effective_from": "01/03/2026"})  # fmt: skip
    assert response.status_code == 403 and not AttributeProposal.objects.filter(province=qn["province"]).exists()


def _xlsx(client, user):
    client.force_login(user)
    response = client.get("/groups/commune_group/2025-07/22/groups.xlsx")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _upload(client, wb, dry_run=False):
    out = io.BytesIO()
    wb.save(out)
    data = {"file": SimpleUploadedFile("nhom.xlsx", out.getvalue())}
    if dry_run:
        data["dry_run"] = "1"
    return client.post("/groups/commune_group/2025-07/22/upload", data)


def _row_of(ws, code):
    return next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == code)


def test_the_xlsx_round_trip_with_a_bad_row_saves_nothing_then_the_fixed_file_is_proposed(client, qn):
    wb = _xlsx(client, qn["a"])
    ws = wb.active
    assert [ws.cell(2, c).value for c in range(1, 7)] == ["code", "name", "current", "value", "effective_from", "basis"]
    good, ward = _row_of(ws, "06724"), _row_of(ws, "06652")
    assert "chưa có" in ws.cell(good, 3).value and "không áp dụng" in ws.cell(ward, 3).value
    ws.cell(good, 4, "2")
    ws.cell(good, 5, "01/03/2026")
    ws.cell(ward, 4, "7")
    ws.cell(ward, 5, "31/02/2026")
    before = AttributeAssignment.objects.count()
    page = _upload(client, wb).content.decode()
    assert AttributeAssignment.objects.count() == before
    assert f'data-row="{ward}" data-column="D"' in page and "phải là một trong 1, 2, 3" in page
    assert f'data-row="{ward}" data-column="E"' in page and "dd/mm/yyyy" in page
    ws.cell(ward, 4, "2")
    ws.cell(ward, 5, "01/03/2026")
    page = _upload(client, wb).content.decode()
    assert "không phải xã" in page and AttributeAssignment.objects.count() == before
    ws.cell(ward, 4).value = None
    ws.cell(ward, 5).value = None
    assert 'data-saved="0"' in _upload(client, wb, dry_run=True).content.decode()
    assert AttributeAssignment.objects.count() == before
    response = _upload(client, wb)  # saved: the officer lands on the proposal, with what to do next
    proposal = AttributeProposal.objects.latest("pk")
    assert response.status_code == 302 and response.url == f"/groups/proposals/{proposal.pk}/"
    page = client.get(response.url).content.decode()
    assert 'data-status="proposed"' in page and "Đã lưu đề xuất cho 1 xã" in page
    assert [(r.unit.code, r.value, r.effective_from) for r in proposal.rows.all()] == [("06724", "2", FROM)]
    unit_groups.attribute_review(proposal=proposal, actor=qn["b"], approve=True)
    ws = _xlsx(client, qn["a"]).active
    assert ws.cell(_row_of(ws, "06724"), 3).value.startswith("2 (từ ")


def test_an_uploaded_list_of_area_ii_and_iii_suggests_group_3_and_assigns_nothing(client, qn):
    template = client.get("/groups/areas-template.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(template.content))
    ws = wb.active
    assert [c.value for c in ws[2]] == ["commune", "area"]
    ws.append(["Xã Hải Sơn", "III"])
    ws.append(["Hải Ninh", "I"])
    ws.append(["Không Có", "II"])
    out = io.BytesIO()
    wb.save(out)
    client.force_login(qn["a"])
    response = client.post("/groups/commune_group/2025-07/22/areas", {
        "file": SimpleUploadedFile("kv.xlsx", out.getvalue()), "reference": "QĐ thử của Ủy ban Dân tộc"})  # fmt: skip
    page = response.content.decode()
    assert 'data-row="5" data-column="A"' in page and not groups.area_list_latest(qn["province"])
    ws.delete_rows(5)
    out = io.BytesIO()
    wb.save(out)
    client.post("/groups/commune_group/2025-07/22/areas", {
        "file": SimpleUploadedFile("kv.xlsx", out.getvalue()), "reference": "QĐ thử của Ủy ban Dân tộc"})  # fmt: skip
    rows = {r.unit.code: r for r in groups.commune_rows(qn["province"], G, FROM)}
    assert rows["06724"].suggestion.value == "3" and rows["06733"].suggestion is None  # area I says nothing
    assert groups.group_on(rows["06724"].unit, FROM) is None  # a suggestion is not an assignment
    page = _page(client, qn["a"], "/groups/commune_group/2025-07/22/?group=suggested").content.decode()
    assert "Hải Sơn" in page and "Hải Ninh" not in page


def test_the_national_office_sees_the_coverage_by_province(client, qn):
    unit_groups.attribute_review(proposal=_propose(qn), actor=qn["b"], approve=True)
    client.force_login(get_user_model().objects.get(username="trunguong"))
    page = client.get("/groups/").content.decode()
    assert 'data-province="22" data-communes="24" data-approved="1" data-without="23"' in page  # 22 communes and 2 special zones
    assert 'data-province="25" data-communes="133" data-approved="133"' in page  # the demo's groups
    dashboard = client.get("/ntm/").content.decode()
    assert 'hx-get="/groups/figure"' in dashboard
    figure = client.get("/groups/figure").content.decode()
    assert 'data-approved="134"' in figure and "134/2.634" in figure and "xã của danh mục hiện hành" in figure
    client.force_login(get_user_model().objects.get(username="tinh.phutho"))
    own = client.get("/groups/").content.decode()
    assert 'data-province="25"' in own and 'data-province="22"' not in own


def test_every_write_of_the_groups_is_declared_with_its_actions():
    declared = {a for actions in authority.REGISTRY.values() for a in actions}
    assert {"places.commune_group.propose", "places.commune_group.approve", "places.region.propose",
            "places.region.approve"} <= declared  # fmt: skip
    for name in ("attribute_propose", "attribute_review", "attribute_import", "ethnic_area_list_upload"):
        assert getattr(unit_groups, name).authority_actions, name


def test_the_demo_assigns_phu_thos_communes_by_its_documented_rule(demo):
    province = AdminUnit.objects.get(scheme="2025-07", code="25")
    rows = groups.commune_rows(province, G, dt.date(2026, 2, 15))
    values = [r.current_value for r in rows if r.applicable]
    assert len(values) == 133 and set(values) == {"2", "3"} and values.count("3") > 20
    assert all(r.current is None for r in rows if not r.applicable)  # wards get no group
    assert all(r.current is None for r in groups.commune_rows(province, G, dt.date(2026, 2, 14)))
    (proposal,) = groups.proposals_of(province, G)
    assert (proposal.proposed_by.username, proposal.reviewed_by.username) == ("tinh.phutho", "duyet.phutho")
    assert "trình diễn" in proposal.rows.first().basis


def test_the_region_page_of_an_old_map_province_proposes_through_http(client, qn):
    client.force_login(qn["a"])
    coverage = client.get("/groups/").content.decode()
    assert "/groups/region/2020/22/" in coverage and "/groups/region/2020/17/" not in coverage
    page = client.get("/groups/region/2020/22/").content.decode()
    assert "Các vùng theo Quyết định 318/QĐ-TTg" in page
    commune = groups.communes_of(AdminUnit.objects.get(scheme="2020", code="22")).filter(kind="xa").first()
    late = client.post(
        "/groups/region/2020/22/", {"units": [commune.pk], "value": "DBSH", "effective_from": "01/01/2026"}
    )
    assert late.status_code == 400 and "ngoài thời gian" in late.content.decode()
    ok = client.post(
        "/groups/region/2020/22/", {"units": [commune.pk], "value": "DBSH", "effective_from": "08/03/2022"}
    )
    assert ok.status_code == 302
    assert client.get("/groups/region/2025-07/22/").status_code == 404  # regions are for the old map


def test_a_large_file_runs_as_a_background_import_with_the_same_checks(client, qn, settings, tmp_path):
    from django.core.files.base import ContentFile

    from tamnong.core.jobs import services as jobs
    from tamnong.core.jobs.models import BackgroundImport, JobStatus

    settings.MEDIA_ROOT = tmp_path
    ws = (wb := _xlsx(client, qn["a"])).active
    row = _row_of(ws, "06724")
    ws.cell(row, 4, "3")
    ws.cell(row, 5, "15/02/2026")
    out = io.BytesIO()
    wb.save(out)
    job = BackgroundImport(kind=unit_groups.KIND, actor=qn["a"], filename="nhom.xlsx", dry_run=False,
                           unit_key=unit_groups.job_key(qn["province"], G))  # fmt: skip
    job.file.save("nhom.xlsx", ContentFile(out.getvalue()), save=False)
    job.save()
    job = jobs.background_import_run(job_id=job.pk)
    assert job.status == JobStatus.DONE and job.report["saved"] == 1
    assert AttributeProposal.objects.latest("pk").rows.get().unit.code == "06724"


def test_the_evaluate_api_assesses_a_demo_commune_of_phu_tho_and_refuses_one_without_a_group(client, demo):
    commune = groups.communes_of(AdminUnit.objects.get(scheme="2025-07", code="25")).filter(kind="xa").first()
    body = {"edition": "ntm/commune-2026-2030", "on": "2026-03-01", "facts": {}}
    refused = client.post("/api/v1/evaluate", {**body, "unit": "2025-07:06724"}, content_type="application/json")
    assert refused.status_code == 400 and "nhóm xã" in refused.content.decode()
    grouped = client.post("/api/v1/evaluate", {**body, "unit": commune.key}, content_type="application/json")
    assert grouped.status_code == 200, grouped.content
    assert grouped.json()["place"]["commune_group"] == str(groups.group_on(commune, dt.date(2026, 3, 1)))
