"""Approving a criteria version makes and keeps its boundary cases: at, just above and just below
each threshold it changes; they hold against the version, not against the edition before it; the
version's page shows them and `tamnong cases` runs them."""

import io

import openpyxl
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tamnong.criteria import authoring
from tamnong.criteria.editions import edition_texts
from tamnong.criteria.legal_cases import case_set, version_case_outcomes
from tamnong.criteria.models import CriteriaVersion, VersionStatus
from tamnong.rules import authoring as thresholds
from tamnong.rules import cases

EDITION = "ntm/commune-2021-2025"
REFERENCE = "318/QĐ-TTg ngày 08/03/2022, Phụ lục I"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _approved_income_version(client) -> CriteriaVersion:
    """Hòa Bình's office fills the income threshold of its region from 2024 (the demo's example: the
    national texts leave it unknown); a second officer approves."""
    login(client, "tinh.hoabinh")
    client.post("/criteria/versions/", {"edition": EDITION, "province": "2020:17", "title": "Ngưỡng thu nhập"})
    version = CriteriaVersion.objects.latest("pk")
    wb = openpyxl.load_workbook(io.BytesIO(client.get(f"/criteria/versions/{version.pk}/thresholds.xlsx").content))
    ws = wb.active
    codes = [c.value for c in ws[2]]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 3).value == "income_per_capita_mvnd")
    ws.cell(row, codes.index("TDMNPB:2024") + 1, 45)
    ws.cell(row, codes.index("reference") + 1, REFERENCE)
    out = io.BytesIO()
    wb.save(out)
    client.post(f"/criteria/versions/{version.pk}/", {"file": SimpleUploadedFile("nguong.xlsx", out.getvalue())})
    assert not version.cases and client.post(f"/criteria/versions/{version.pk}/submit").status_code == 302
    version.refresh_from_db()
    assert version.cases == []  # nothing before approval
    login(client, "duyet.hoabinh")
    assert client.post(f"/criteria/versions/{version.pk}/approve").status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    return version


def test_approval_keeps_three_cases_per_changed_threshold_that_hold_against_it_and_not_before_it(client, demo):
    version = _approved_income_version(client)
    changed = authoring.criteria_version_review_data(version).diff
    assert changed and len(version.cases) == 3 * len(changed)
    first = [c for c in version.cases if c["on"] == "2024-01-01"]
    assert [(c["facts"]["income_per_capita_mvnd"], c["expect"]["standard/income_per_capita_mvnd"]) for c in first] == [
        (45, "met"), (45.1, "met"), (44.9, "not_met"),
    ]  # fmt: skip
    assert {c["place"]["province"] for c in version.cases} == {"17"}
    outcomes = version_case_outcomes(version)
    assert outcomes and all(o.passed for o in outcomes), [o.message() for o in outcomes if not o.passed]
    before, _ = thresholds.load(edition_texts(EDITION, approved_before=version.pk))
    against_old = cases.run_all(case_set(version).cases, edition=before)
    assert any(not o.passed for o in against_old)  # the threshold was unknown before: "cannot assess"
    assert "kết quả: chưa thể đánh giá" in "\n".join(against_old[0].lines("vi"))


def test_the_version_page_shows_its_cases_in_vietnamese_and_english(client, demo):
    version = _approved_income_version(client)
    html = client.get(f"/criteria/versions/{version.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tình huống biên" in html and 'id="cases"' in html
    assert "44,9 triệu đồng/người/năm vừa dưới ngưỡng ≥ 45 triệu đồng/người/năm, chưa đạt" in html
    assert html.count("<td>đúng</td>") == len(version.cases)
    english = client.get(f"/criteria/versions/{version.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Boundary cases" in english and "is just below the threshold" in english
    assert english.count("<td>correct</td>") == len(version.cases)


def test_the_command_runs_the_cases_of_approved_versions(client, demo, capsys):
    version = _approved_income_version(client)
    call_command("cases")
    out = capsys.readouterr().out
    assert f"— Tỉnh Hoà Bình — phiên bản {version.number}\n" in out
    assert "  ✓ «Thu nhập bình quân đầu người" in out
    assert out.endswith(" 0 sai.\n")
