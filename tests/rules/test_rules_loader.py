"""The loader is strict: each schema break names the file, the path inside it and the reason."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tamnong.rules import (
    RulesDataError,
    UnknownEdition,
    list_editions,
    load_edition,
    load_edition_dir,
    load_overlay,
)
from tamnong.rules.loader import DATA_DIR

EDITION = "ntm/commune-2021-2025"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def edition_dir(tmp_path: Path) -> Path:
    """A private copy of the 2021-2025 edition to break."""
    dest = tmp_path / "edition"
    shutil.copytree(DATA_DIR / EDITION, dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(folder: Path) -> RulesDataError:
    with pytest.raises(RulesDataError) as info:
        load_edition_dir(folder)
    return info.value


# --------------------------------------------------------------------------- strict errors


def test_unknown_key_names_file_path_and_reason(edition_dir: Path) -> None:
    edit(edition_dir / "standard/c03.yaml", "    kind: percent\n", "    kind: percent\n    colour: red\n")
    err = load_error(edition_dir)
    assert err.file == "standard/c03.yaml"
    assert err.path == 'indicators."3.1".colour'
    assert "khóa không được phép 'colour'" in str(err)
    assert "unknown key 'colour'" in err.message_en
    assert str(err).startswith('standard/c03.yaml: indicators."3.1".colour: ')


def test_missing_key(edition_dir: Path) -> None:
    edit(edition_dir / "standard/c03.yaml", "    unit: percent\n", "")
    err = load_error(edition_dir)
    assert (err.file, err.path) == ("standard/c03.yaml", 'indicators."3.1"')
    assert err.reason_vi == "thiếu khóa bắt buộc 'unit'"
    assert err.reason_en == "missing required key 'unit'"


def test_missing_region_in_a_by_region_map(edition_dir: Path) -> None:
    edit(edition_dir / "advanced/c04.yaml", "          DBSCL: 99\n", "")
    err = load_error(edition_dir)
    assert err.file == "advanced/c04.yaml"
    assert err.path == "indicators.household_power_pct.values.2024-06-03.by_region"
    assert "thiếu: DBSCL" in err.reason_vi and "missing: DBSCL" in err.reason_en


def test_unknown_region_in_a_by_region_map(edition_dir: Path) -> None:
    edit(
        edition_dir / "advanced/c04.yaml",
        "          DBSCL: 99\n",
        "          DBSCL: 99\n          MIENBAC: 99\n",
    )
    err = load_error(edition_dir)
    assert "MIENBAC" in err.reason_vi


def test_by_commune_group_in_a_region_edition(edition_dir: Path) -> None:
    edit(edition_dir / "advanced/c04.yaml", "        by_region:\n", "        by_commune_group:\n")
    err = load_error(edition_dir)
    assert err.path.endswith("values.2024-06-03.by_commune_group")
    assert "by_region" in err.reason_en


def test_bad_date(edition_dir: Path) -> None:
    edit(
        edition_dir / "standard/c03.yaml",
        "      2022-03-08:\n        value: 80\n",
        "      2022-13-08:\n        value: 80\n",
    )
    err = load_error(edition_dir)
    assert err.path == 'indicators."3.1".values.2022-13-08'
    assert "ngày không hợp lệ" in err.reason_vi and "bad date" in err.reason_en


def test_date_before_the_edition(edition_dir: Path) -> None:
    edit(
        edition_dir / "standard/c03.yaml",
        "      2022-03-08:\n        value: 80\n",
        "      2021-01-01:\n        value: 80\n",
    )
    err = load_error(edition_dir)
    assert err.path == 'indicators."3.1".values.2021-01-01'


def test_bad_comparator(edition_dir: Path) -> None:
    edit(edition_dir / "standard/c03.yaml", 'comparator: ">="', 'comparator: "=>"')
    err = load_error(edition_dir)
    assert err.path == 'indicators."3.1".comparator'
    assert "phép so sánh không hợp lệ" in err.reason_vi and "bad comparator" in err.reason_en


def test_value_not_a_number(edition_dir: Path) -> None:
    edit(edition_dir / "standard/c03.yaml", "        value: 80\n", '        value: "tám mươi"\n')
    err = load_error(edition_dir)
    assert err.path == 'indicators."3.1".values.2022-03-08.value'
    assert "không phải là số" in err.reason_vi and "not a number" in err.reason_en


def test_percentage_out_of_range(edition_dir: Path) -> None:
    edit(edition_dir / "standard/c03.yaml", "        value: 80\n", "        value: 800\n")
    assert "0–100" in load_error(edition_dir).reason_vi


def test_yes_no_needs_true_or_false_not_yes(edition_dir: Path) -> None:
    edit(edition_dir / "standard/c08.yaml", "        value: true\n", "        value: yes\n")
    err = load_error(edition_dir)
    assert err.path == 'indicators."8.1".values.2022-03-08.value'


def test_two_choices_in_one_entry(edition_dir: Path) -> None:
    edit(edition_dir / "standard/c03.yaml", "        value: 80\n", "        value: 80\n        unknown: true\n")
    err = load_error(edition_dir)
    assert "exactly one of" in err.reason_en


def test_unknown_needs_a_reason(edition_dir: Path) -> None:
    path = edition_dir / "standard/c11.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(line for line in text.splitlines() if "reason_en:" not in line) + "\n", encoding="utf-8")
    err = load_error(edition_dir)
    assert err.path == "indicators.multidim_poverty_pct.values.2022-03-08"
    assert "reason_en" in err.reason_en


def test_duplicate_key(edition_dir: Path) -> None:
    edit(edition_dir / "standard/c03.yaml", "    kind: percent\n", "    kind: percent\n    kind: percent\n")
    err = load_error(edition_dir)
    assert err.file == "standard/c03.yaml"
    assert "duplicate key" in err.reason_en


def test_yaml_syntax_error_names_the_line(edition_dir: Path) -> None:
    (edition_dir / "standard/c03.yaml").write_text('number: "3"\nname_vi: [unclosed\n', encoding="utf-8")
    err = load_error(edition_dir)
    assert err.file == "standard/c03.yaml"
    assert "YAML" in err.reason_vi and "line" in err.reason_en


def test_criteria_count_must_match_the_folder(edition_dir: Path) -> None:
    (edition_dir / "standard/c19.yaml").unlink()
    err = load_error(edition_dir)
    assert err.file == "edition.yaml" and err.path == "tiers.0.criteria_count"
    assert "18" in err.reason_en


def test_stray_file_in_the_edition_folder(edition_dir: Path) -> None:
    (edition_dir / "notes.txt").write_text("x", encoding="utf-8")
    assert load_error(edition_dir).file == "notes.txt"


def test_relative_to_must_name_a_lower_tier(edition_dir: Path) -> None:
    edit(edition_dir / "model/c02.yaml", "tier: advanced", "tier: model")
    err = load_error(edition_dir)
    assert err.file == "model/c02.yaml"
    assert err.path == "indicators.income_per_capita_mvnd.values.2022-03-08.relative_to.tier"


def test_same_code_in_two_tiers_must_be_the_same_measure(edition_dir: Path) -> None:
    edit(edition_dir / "advanced/c10.yaml", 'comparator: ">="', 'comparator: ">"')
    err = load_error(edition_dir)
    assert err.file == "advanced/c10.yaml" and "different measure" in err.reason_en


def test_special_rule_flag_must_be_declared(edition_dir: Path) -> None:
    edit(
        edition_dir / "edition.yaml",
        "and_all_flags: [poor_district_2018_2020]",
        "and_all_flags: [poor_district]",
    )
    err = load_error(edition_dir)
    assert err.file == "edition.yaml" and err.path == "special_rules.0"
    assert "poor_district" in err.reason_en


# --------------------------------------------------------------------------- loading, listing, hashing


def test_list_editions() -> None:
    assert list_editions() == ["ntm/commune-2021-2025", "ntm/commune-2026-2030"]


def test_load_edition_is_cached_and_unknown_ids_fail() -> None:
    assert load_edition(EDITION) is load_edition(EDITION)
    with pytest.raises(UnknownEdition):
        load_edition("ntm/commune-1999")


def test_edition_structure() -> None:
    ed = load_edition(EDITION)
    assert [t.id for t in ed.tiers] == ["standard", "advanced", "model"]
    assert [len(t.criteria) for t in ed.tiers] == [19, 19, 3]
    assert [c.number for c in ed.tier("standard").criteria] == [str(n) for n in range(1, 20)]
    assert ed.place_key == "region" and list(ed.places) == [
        "TDMNPB",
        "DBSH",
        "BTB",
        "DHNTB",
        "TN",
        "DNB",
        "DBSCL",
    ]
    assert ed.superseded_by is not None and ed.superseded_by.id == "ntm/commune-2026-2030"
    new = load_edition("ntm/commune-2026-2030")
    assert new.place_key == "commune_group" and list(new.places) == ["1", "2", "3"]
    assert [len(t.criteria) for t in new.tiers] == [10, 1]
    assert all(c.assessed == "direct" for t in new.tiers for c in t.criteria)


def test_every_criterion_and_indicator_is_named_and_referenced() -> None:
    for edition_id in list_editions():
        ed = load_edition(edition_id)
        for tier in ed.tiers:
            for c in tier.criteria:
                assert c.name_vi and c.name_en and c.reference
                if c.assessed == "direct":
                    assert c.reason_vi and c.reason_en
                for i in c.indicators:
                    assert i.name_vi and i.name_en
                    for e in i.values.values():
                        assert e.reference and e.source, (edition_id, i.code)


def test_content_hash_is_stable_and_ignores_layout(edition_dir: Path) -> None:
    first = load_edition_dir(edition_dir).content_hash
    assert first == load_edition_dir(edition_dir).content_hash
    assert first == load_edition(EDITION).content_hash  # same content, another folder
    edit(edition_dir / "standard/c03.yaml", 'number: "3"\n', "# a comment changes nothing\nnumber:   '3'\n")
    assert load_edition_dir(edition_dir).content_hash == first
    edit(edition_dir / "standard/c03.yaml", "        value: 80\n", "        value: 81\n")
    assert load_edition_dir(edition_dir).content_hash != first


def test_load_from_an_arbitrary_folder_with_its_provinces(edition_dir: Path) -> None:
    (edition_dir / "provinces").mkdir()
    shutil.copy(FIXTURES / "overlays/99.yaml", edition_dir / "provinces/99.yaml")
    ed = load_edition_dir(edition_dir)
    assert [o.province_code for o in ed.overlays] == ["99"]
    assert ed.overlays[0].file == "provinces/99.yaml"


def test_rules_package_imports_only_stdlib_and_yaml() -> None:
    code = (
        "import sys, tamnong.rules\n"
        "mods = [m for m in sys.modules if m.startswith('tamnong')]\n"
        "assert all(m in ('tamnong',) or m.startswith('tamnong.rules') for m in mods), mods\n"
        "assert not any(m.split('.')[0] in ('django', 'rest_framework', 'celery') for m in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


# --------------------------------------------------------------------------- overlays


def write_overlay(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "88.yaml"
    path.write_text(
        'province_code: "88"\nschemes: ["2008-2025"]\nname_vi: "Tỉnh kiểm thử"\nname_en: "Test province"\n'
        'reference: "QĐ kiểm thử"\n' + body,
        encoding="utf-8",
    )
    return path


def test_overlay_that_tightens_is_accepted() -> None:
    ed = load_edition(EDITION)
    overlay = load_overlay(FIXTURES / "overlays/99.yaml", ed)
    assert overlay.province_code == "99" and overlay.content_hash.startswith("sha256:")
    assert ("standard", "3.1") in overlay.overrides
    assert ("standard", "17") in overlay.additions


def test_overlay_that_loosens_is_refused(tmp_path: Path) -> None:
    path = write_overlay(
        tmp_path,
        (
            'tiers:\n  standard:\n    override:\n      "3.1":\n        values:\n'
            '          2023-01-01: {value: 75, reference: "QĐ kiểm thử"}\n'
        ),
    )
    with pytest.raises(RulesDataError) as info:
        load_overlay(path, load_edition(EDITION))
    err = info.value
    assert err.file == "88.yaml"
    assert err.path == 'tiers.standard.override."3.1".values.2023-01-01'
    assert "nới lỏng" in err.reason_vi and "loosens" in err.reason_en


def test_overlay_that_loosens_one_region_is_refused(tmp_path: Path) -> None:
    path = write_overlay(
        tmp_path,
        (
            "tiers:\n  advanced:\n    override:\n      household_power_pct:\n        values:\n"
            "          2024-07-01:\n"
            "            by_region: {TDMNPB: 97, DBSH: 100, BTB: 99, DHNTB: 99,\n"
            "                        TN: 98, DNB: 100, DBSCL: 99}\n"
            '            reference: "QĐ kiểm thử"\n'
        ),
    )
    with pytest.raises(RulesDataError) as info:
        load_overlay(path, load_edition(EDITION))
    assert "TDMNPB" in info.value.reason_en


def test_overlay_dated_before_a_national_value_is_checked_against_it(tmp_path: Path) -> None:
    # 97 % from 2024-01-01: the national value is unknown then, but from 2024-06-03 it is 98 %.
    path = write_overlay(
        tmp_path,
        (
            "tiers:\n  advanced:\n    override:\n      household_power_pct:\n        values:\n"
            '          2024-01-01: {value: 97, reference: "QĐ kiểm thử"}\n'
        ),
    )
    with pytest.raises(RulesDataError) as info:
        load_overlay(path, load_edition(EDITION))
    assert "2024-06-03" in info.value.reason_en


def test_overlay_cannot_override_an_unknown_indicator_code(tmp_path: Path) -> None:
    path = write_overlay(
        tmp_path,
        (
            'tiers:\n  standard:\n    override:\n      "3.9":\n        values:\n'
            '          2023-01-01: {value: 90, reference: "QĐ kiểm thử"}\n'
        ),
    )
    with pytest.raises(RulesDataError) as info:
        load_overlay(path, load_edition(EDITION))
    assert info.value.path == 'tiers.standard.override."3.9"'


def test_overlay_cannot_override_a_yes_no_indicator(tmp_path: Path) -> None:
    path = write_overlay(
        tmp_path,
        (
            'tiers:\n  standard:\n    override:\n      "8.1":\n        values:\n'
            '          2023-01-01: {value: false, reference: "QĐ kiểm thử"}\n'
        ),
    )
    with pytest.raises(RulesDataError):
        load_overlay(path, load_edition(EDITION))


def test_overlay_cannot_add_a_national_code(tmp_path: Path) -> None:
    path = write_overlay(
        tmp_path,
        (
            'tiers:\n  standard:\n    add:\n      "3":\n        "3.1":\n'
            "          {name_vi: a, name_en: b, code_status: assigned, kind: percent, unit: percent,\n"
            '           comparator: ">=",\n'
            '           values: {2023-01-01: {value: 90, reference: "QĐ"}}}\n'
        ),
    )
    with pytest.raises(RulesDataError) as info:
        load_overlay(path, load_edition(EDITION))
    assert "override" in info.value.reason_en


def test_overlay_province_code_must_be_text(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(
        'province_code: 88\nschemes: ["2008-2025"]\nname_vi: a\nname_en: b\nreference: c\ntiers: {standard: {}}\n',
        encoding="utf-8",
    )
    with pytest.raises(RulesDataError) as info:
        load_overlay(path, load_edition(EDITION))
    assert info.value.path == "province_code"


def test_two_overlays_for_one_province_and_scheme_are_refused() -> None:
    ed = load_edition(EDITION)
    overlay = load_overlay(FIXTURES / "overlays/99.yaml", ed)
    with pytest.raises(RulesDataError):
        ed.with_overlays(overlay, overlay)
