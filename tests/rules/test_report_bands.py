"""The report bands of communes by criteria met are data (the project's choice, cited as such)."""

import pytest

from tamnong.rules.errors import RulesDataError
from tamnong.rules.loader.reports import DISTRIBUTION_PATH, distribution_bands, distribution_from_text

TEXT = DISTRIBUTION_PATH.read_text(encoding="utf-8")


def test_the_bands_of_the_19_and_the_10_criteria_sets():
    assert distribution_bands()[19] == ((19, 19), (15, 18), (10, 14), (5, 9), (0, 4))
    assert distribution_bands()[10] == ((10, 10), (8, 9), (5, 7), (0, 4))


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("[15, 18], [10, 14]", "[15, 18], [10, 13]", "bands.0.groups.2", "liền nhau"),
        ("    basis: tamnong\n    reference: \"Lựa chọn của Tamnông: các nhóm số tiêu chí đạt để báo cáo phân bố xã theo bộ 10",
         "    basis: tamnong\n    referenc: \"x", "bands.1.referenc", "khóa không được phép"),
    ],
)  # fmt: skip
def test_malformed_bands_name_the_file_the_path_and_the_reason(old, new, path, words):
    assert old in TEXT
    with pytest.raises(RulesDataError) as info:
        distribution_from_text(TEXT.replace(old, new, 1))
    assert (info.value.file, info.value.path) == ("reports/distribution.yaml", path) and words in info.value.reason_vi
