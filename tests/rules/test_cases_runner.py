"""The legal-case runner (tamnong.rules.cases) names what a wrong case expected and what came out,
in Vietnamese and English, for every kind of case; a malformed case is refused naming the key."""

import pytest

from tamnong.rules import RulesDataError, cases


def _one(**data):
    return cases.run(cases.cases_from_data([{"name": "x", **data}], "test.yaml")[0])


def test_a_wrong_ntm_case_says_what_it_expected_and_what_the_engine_said():
    outcome = _one(
        edition="ntm/commune-2021-2025", on="2024-12-31", place={"province": "01", "region": "DBSH"},
        facts={"3.1": 79.9}, expect={"3.1": "met", "threshold": {"3.1": 85}},
    )  # fmt: skip
    assert not outcome.passed
    vi, en = "\n".join(outcome.lines("vi")), "\n".join(outcome.lines("en"))
    assert "chỉ tiêu 3.1:\n      cần: đạt\n      kết quả: chưa đạt (Chỉ tiêu 3.1: 79,9% < 80% — chưa đạt)" in vi
    assert "threshold of indicator 3.1:\n      expected: 85\n      came out: 80" in en


def test_a_right_ntm_case_passes():
    outcome = _one(
        edition="ntm/commune-2021-2025", on="2024-12-31", place={"province": "01", "region": "DBSH"},
        facts={"3.1": 80}, expect={"3.1": "met", "threshold": {"3.1": 80}},
    )  # fmt: skip
    assert outcome.passed and outcome.lines("vi") == ["✓ x"]


@pytest.mark.parametrize(
    ("data", "vi", "en"),
    [
        ({"ocop": "stars", "total": 89.9, "expect": {"stars": 5}}, "số sao:\n      cần: 5\n      kết quả: 4",
         "stars:\n      expected: 5\n      came out: 4"),
        ({"ocop": "certificate", "issued_on": "2023-03-15", "expect": {"expires_on": "2026-03-15"}},
         "cần: 15/03/2026\n      kết quả: 14/03/2026", "expected: 15/03/2026\n      came out: 14/03/2026"),
        ({"ocop": "authority", "on": "2025-07-06", "level": "district", "expect": {"recognises": [3]}},
         "lỗi:\n      cần: không có lỗi\n      kết quả: không có quy định nào có hiệu lực",
         "error:\n      expected: no error\n      came out: nothing in force"),
        ({"ocop": "result", "on": "2024-06-03", "level": "district", "parts": {"A": 30, "B": 20, "C": 20},
          "expect": {"decision": "recognise"}}, "cần: công nhận\n      kết quả: chuyển lên cấp trên",
         "expected: recognises\n      came out: forwards to the next level"),
        ({"act": "ocop.certificate.issue", "level": "district", "on": "2025-07-06", "expect": {"who": ["district_office"]}},
         "cần: văn phòng điều phối huyện\n      kết quả: không có",
         "expected: district coordination office\n      came out: none"),
    ],
)  # fmt: skip
def test_a_wrong_ocop_or_authority_case_names_the_difference(data, vi, en):
    outcome = _one(**data)
    assert not outcome.passed
    assert vi in "\n".join(outcome.lines("vi"))
    assert en in "\n".join(outcome.lines("en"))


@pytest.mark.parametrize(
    ("items", "reason"),
    [
        (
            {"name": "x", "ocop": "stars", "total": 90, "expect": {"stars": 5}, "colour": "red"},
            "khóa không biết: colour",
        ),
        ({"name": "x", "ocop": "stars", "total": 90}, "không có kết quả cần"),
        ({"name": "x", "ocop": "moon", "expect": {"stars": 5}}, "câu hỏi OCOP «moon» không có"),
        ({"ocop": "stars", "total": 90, "expect": {"stars": 5}}, "tình huống không có tên"),
        ({"name": "x", "on": "2024-12-31", "facts": {}, "expect": {"3.1": "met"}}, "cần ngày (on) và nơi (place)"),
    ],
)
def test_a_malformed_case_is_refused_naming_the_file_the_case_and_the_reason(items, reason):
    with pytest.raises(RulesDataError) as caught:
        cases.cases_from_data([items], "sai.yaml")
    assert caught.value.file == "sai.yaml" and caught.value.path.startswith("[1]")
    assert reason in caught.value.message_vi
