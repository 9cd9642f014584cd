"""`tamnong cases [path]`: an official runs the legal cases; each case's outcome in Vietnamese (or
English), what a wrong case expected and what came out, and a non-zero exit code on a failure."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tamnong.rules import cases

ROOT = Path(__file__).resolve().parents[2]

WRONG_NTM = """\
- name: A commune irrigating 79,9 % meets indicator 3.1
  name_vi: Xã tưới 79,9 % đạt chỉ tiêu 3.1
  on: 2024-12-31
  place: {province: "01", region: DBSH}
  facts: {"3.1": 79.9}
  expect: {"3.1": met}
- name: A commune irrigating 80 % meets indicator 3.1
  name_vi: Xã tưới 80 % đạt chỉ tiêu 3.1
  on: 2024-12-31
  place: {province: "01", region: DBSH}
  facts: {"3.1": 80}
  expect: {"3.1": met}
"""
WRONG_OCOP = """\
- name: 89,9 points is five stars
  name_vi: 89,9 điểm là 5 sao
  ocop: stars
  total: 89.9
  expect: {stars: 5}
"""


def _run(*args):
    """(exit code, output) of the command called in this process."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("cases", *args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db
def test_every_shipped_case_passes_in_vietnamese():
    code, out = _run()
    total = len(cases.collect())
    assert code == 0, out
    assert "ocop/stars.yaml\n  ✓ 100 điểm là 5 sao, điểm cao nhất\n" in out
    assert "authority/ocop.yaml\n" in out and "ntm/commune-2021-2025/c03.yaml\n" in out
    assert out.endswith(f"{total} tình huống: {total} đúng, 0 sai.\n")


def test_a_folder_of_the_shipped_cases_in_english():
    code, out = _run("ocop", "--lang", "en")
    assert code == 0, out
    assert "  ✓ 90 points is five stars (five stars from 90)\n" in out
    assert "ntm/" not in out
    assert " cases: " in out and " passed, 0 failed.\n" in out


def test_a_wrong_case_in_a_folder_of_ones_own_fails_saying_what_was_expected_and_what_came_out(tmp_path):
    folder = tmp_path / "ntm" / "commune-2021-2025"  # the folder names the edition
    folder.mkdir(parents=True)
    (folder / "tuoi.yaml").write_text(WRONG_NTM, encoding="utf-8")
    code, out = _run(str(tmp_path))
    assert code == 1
    assert (
        "ntm/commune-2021-2025/tuoi.yaml\n"
        "  ✗ Xã tưới 79,9 % đạt chỉ tiêu 3.1\n"
        "      chỉ tiêu 3.1:\n"
        "        cần: đạt\n"
        "        kết quả: chưa đạt (Chỉ tiêu 3.1: 79,9% < 80% — chưa đạt)\n"
        "  ✓ Xã tưới 80 % đạt chỉ tiêu 3.1\n"
    ) in out
    assert out.endswith("2 tình huống: 1 đúng, 1 sai.\n")


def test_a_malformed_file_is_named_with_its_case_and_key_and_fails(tmp_path):
    (tmp_path / "sai.yaml").write_text(WRONG_OCOP.replace("  total:", "  diem:"), encoding="utf-8")
    code, out = _run(str(tmp_path))
    assert code == 1
    assert "sai.yaml\n  ✗ sai.yaml: [1]: tình huống «89,9 points is five stars» có khóa không biết: diem\n" in out
    assert out.endswith("0 tình huống: 0 đúng, 0 sai. 1 tệp không đọc được.\n")


def test_a_path_that_does_not_exist_is_named():
    with pytest.raises(CommandError, match="Không có tệp hoặc thư mục «khong-co»"):
        call_command("cases", "khong-co")


def _cli(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(
        [sys.executable, "-m", "tamnong", "cases", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_the_command_line_exits_zero_on_passing_cases_and_one_on_a_wrong_case(tmp_path):
    passing = _cli("ocop/stars.yaml")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert passing.stdout.endswith("10 tình huống: 10 đúng, 0 sai.\n")
    wrong = tmp_path / "sao.yaml"
    wrong.write_text(WRONG_OCOP, encoding="utf-8")
    failing = _cli(str(wrong), "--lang", "en")
    assert failing.returncode == 1
    assert "  ✗ 89,9 points is five stars\n      stars:\n        expected: 5\n        came out: 4\n" in failing.stdout
    assert failing.stdout.endswith("1 case: 0 passed, 1 failed.\n")
