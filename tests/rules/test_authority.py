"""The authority table (tamnong/rules/data/authority/actions.yaml) and its pure resolver: no database."""

import datetime as dt
import textwrap

import pytest

from tamnong.rules import authority
from tamnong.rules.errors import RulesDataError

D = dt.date


def may(action, role, level, on, step_role=None):
    return authority.grant(action, role=role, level=level, on=on, step_role=step_role) is not None


def test_every_row_is_dated_and_sourced():
    actions = authority.table()
    assert len(actions) >= 50
    for action in actions.values():
        assert action.name_vi and action.name_en
        for row in action.rows:
            assert row.valid_from <= (row.valid_until or D.max)
            assert row.basis in ("sourced", "inferred", "tamnong")
            assert row.source.strip()
            if row.basis == "tamnong":
                assert "Tamnông" in row.source  # our own choice says so


def test_no_row_grants_the_viewer_anything():
    for action in authority.table().values():
        assert all(row.role != "viewer" for row in action.rows), action.code


def test_district_councils_end_on_5_july_2025_under_decision_1489():
    assert may("ocop.round.create", "district_office", "district", D(2024, 3, 1))
    assert may("ocop.round.create", "district_office", "district", D(2025, 7, 5))
    assert not may("ocop.round.create", "district_office", "district", D(2025, 7, 6))
    assert D(2025, 7, 6) in authority.change_dates("ocop.round.create")
    assert not may("ocop.sheet.score", "council_member", "district", D(2025, 7, 6))
    assert may("ocop.sheet.score", "council_member", "province", D(2026, 9, 1))


def test_a_council_is_set_up_by_the_office_of_its_own_level_only():
    on = D(2024, 5, 1)
    for role in ("commune_officer", "viewer", "producer", "council_member"):
        for level in authority.LEVELS:
            assert not may("ocop.round.create", role, level, on), (role, level)
    assert may("ocop.round.create", "province_office", "province", on)
    assert not may("ocop.round.create", "province_office", "district", on)
    assert not may("ocop.round.create", "province_office", "national", on)
    assert may("ocop.round.create", "national_office", "national", on)
    assert not may("ocop.round.create", "national_office", "province", on)


def test_who_recognises_which_level_by_period():
    # 1048: the district forwards only; 148: it recognises 3★; 1489: no district.
    assert not may("ocop.certificate.issue", "district_office", "district", D(2021, 9, 10))
    assert may("ocop.certificate.issue", "district_office", "district", D(2023, 6, 30))
    assert not may("ocop.certificate.issue", "district_office", "district", D(2025, 7, 6))
    assert may("ocop.certificate.issue", "province_office", "province", D(2021, 12, 20))
    assert not may("ocop.certificate.issue", "commune_officer", "commune", D(2026, 1, 1))
    assert not may("ocop.certificate.import", "commune_officer", "province", D(2024, 1, 1))


def test_revocation_by_the_issuing_level_or_above():
    on = D(2026, 1, 10)
    assert may("ocop.certificate.revoke", "province_office", "province", on)
    assert may("ocop.certificate.revoke", "province_office", "district", on)
    assert may("ocop.certificate.revoke", "national_office", "province", on)
    assert not may("ocop.certificate.revoke", "district_office", "province", D(2024, 1, 1))
    assert not may("ocop.certificate.revoke", "commune_officer", "province", on)
    assert not may("ocop.certificate.revoke", "commune_officer", "district", on)


def test_the_commune_prechecks_from_6_july_2025():
    assert not may("ocop.registration.precheck", "commune_officer", "commune", D(2025, 7, 5))
    assert may("ocop.registration.precheck", "commune_officer", "commune", D(2025, 7, 6))
    assert not may("ocop.registration.precheck", "province_office", "commune", D(2026, 1, 1))


def test_recognition_steps_take_the_role_the_workflow_names():
    on = D(2024, 5, 1)
    assert may("recognition.verify", "district_office", "commune", on, step_role="district_office")
    assert not may("recognition.verify", "commune_officer", "commune", on, step_role="district_office")
    assert not may("recognition.verify", "district_office", "commune", on)  # no step: nobody


def test_refusal_names_the_action_the_unit_the_date_and_who_may():
    vi, en = authority.refusal(
        "ocop.certificate.revoke", roles=["commune_officer"], level="province", on=D(2026, 1, 10),
        unit_vi="Tỉnh Hòa Bình", unit_en="Hoa Binh",
    )  # fmt: skip
    assert "thu hồi giấy chứng nhận OCOP" in vi and "Tỉnh Hòa Bình" in vi and "10/01/2026" in vi
    assert "cán bộ xã" in vi and "văn phòng điều phối tỉnh" in vi
    assert "revoke an OCOP certificate" in en and "Hoa Binh" in en


def test_unknown_action_is_refused_by_name():
    with pytest.raises(authority.UnknownAction) as exc:
        authority.action_get("ocop.stars.invent")
    assert "ocop.stars.invent" in str(exc.value)


def _table(tmp_path, rows: str):
    path = tmp_path / "actions.yaml"
    path.write_text(textwrap.dedent(f"""
        actions:
          x.y.z:
            vi: "làm"
            en: "do"
            rows:
{textwrap.indent(textwrap.dedent(rows), ' ' * 14)}
    """), encoding="utf-8")  # fmt: skip
    return path


def test_overlapping_rows_for_one_role_and_level_are_refused(tmp_path):
    path = _table(
        tmp_path,
        """\
        - {role: province_office, levels: [province], from: 2020-01-01, until: 2024-12-31, basis: sourced, source: a}
        - {role: province_office, levels: [province], from: 2024-06-01, basis: sourced, source: b}
    """,
    )
    with pytest.raises(RulesDataError) as exc:
        authority.load(path)
    assert "rows[2]" in str(exc.value) and "dòng 1" in str(exc.value)


@pytest.mark.parametrize(
    "row, reason",
    [
        ("{role: boss, levels: [province], from: 2020-01-01, basis: sourced, source: a}", "vai trò"),
        ("{role: province_office, levels: [planet], from: 2020-01-01, basis: sourced, source: a}", "cấp"),
        ("{role: province_office, levels: [province], from: 2020-01-01, basis: sourced, source: ''}", "nguồn"),
        ("{role: province_office, levels: [province], from: 2020-01-01, source: a}", "basis"),
        (
            "{role: province_office, levels: [province], from: 2020-01-01, until: 2019-01-01, basis: sourced, source: a}",
            "kết thúc",
        ),
    ],
)
def test_a_bad_row_is_refused_naming_where(tmp_path, row, reason):
    with pytest.raises(RulesDataError) as exc:
        authority.load(_table(tmp_path, f"- {row}\n"))
    assert "actions.x.y.z.rows[1]" in str(exc.value) and reason in str(exc.value)
