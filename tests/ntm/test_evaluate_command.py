"""`tamnong evaluate`, through the command line, gives what the API gives."""

import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.usefixtures("units")

FACTS = """\
values:
  "3.1": 76.5
  "3.2.items": true
  "3.2.score": 62
  "8.4": false
assessments:
  "1": {met: true, evidence: "QĐ 1234/QĐ-UBND phê duyệt quy hoạch chung xã", by: "Phòng Kinh tế và Hạ tầng"}
"""
ARGS = ["--edition", "ntm/commune-2021-2025", "--unit", "2020:05068", "--on", "2024-03-31"]


@pytest.fixture
def facts_file(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text(FACTS, encoding="utf-8")
    return str(path)


def test_explains_a_kim_boi_commune_in_vietnamese(facts_file, capsys):
    call_command("evaluate", *ARGS, "--facts", facts_file)
    out = capsys.readouterr().out
    assert out.startswith("Đánh giá Xã Nam Thượng, Huyện Kim Bôi, Tỉnh Hoà Bình\n")
    assert "Ngày: 31/03/2024" in out
    assert "Chỉ tiêu 3.1: 76,5% < 80% — chưa đạt" in out
    assert "Chỉ tiêu 8.4: không (yêu cầu: có) — chưa đạt" in out
    assert "Tiêu chí 1 (Quy hoạch): đánh giá trực tiếp — đạt" in out
    assert "Mức đạt: chưa đạt mức nào" in out
    assert "Còn thiếu để đạt Xã đạt chuẩn nông thôn mới:" in out


def test_json_output_is_the_api_result(facts_file, capsys, client):
    import yaml

    call_command("evaluate", *ARGS, "--facts", facts_file, "--json")
    from_cli = json.loads(capsys.readouterr().out)
    from_api = client.post(
        "/api/v1/evaluate",
        {"edition": "ntm/commune-2021-2025", "unit": "2020:05068", "on": "2024-03-31", "facts": yaml.safe_load(FACTS)},
        content_type="application/json",
    ).json()
    for key in ("tiers", "tier_reached", "next_tier", "gaps", "trace", "notes_vi"):
        assert from_cli[key] == from_api[key], key


def test_english_explanations(facts_file, capsys):
    call_command("evaluate", *ARGS, "--facts", facts_file, "--lang", "en")
    assert "Indicator 3.1: 76.5% < 80% — not met" in capsys.readouterr().out


def test_errors_are_messages_not_tracebacks(facts_file):
    with pytest.raises(CommandError, match="không phải đơn vị cấp xã"):
        call_command(
            "evaluate",
            "--edition",
            "ntm/commune-2021-2025",
            "--unit",
            "2020:153",
            "--on",
            "2024-03-31",
            "--facts",
            facts_file,
        )
    with pytest.raises(CommandError, match="không đọc được tệp"):
        call_command("evaluate", *ARGS, "--facts", "/nonexistent/facts.yaml")
