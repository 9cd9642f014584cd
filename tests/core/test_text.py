import pytest

from tamnong.core.text import fold_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mỵ Hòa", "Mị Hoà"),  # tone-mark style and final i/y
        ("Hòa Bình", "Hoà Bình"),
        ("Kim Bôi", "kim boi"),
        ("Đông Bắc", "dong bac"),
        ("Kỳ Sơn", "Kì Sơn"),
        ("Quý Hòa", "Quí Hoà"),
        ("  Xuân   Thủy ", "xuan thuy"),
    ],
)
def test_variants_fold_alike(a, b):
    assert fold_name(a) == fold_name(b)


@pytest.mark.parametrize(("a", "b"), [("Thủy", "Thủi"), ("Duy Tân", "Dui Tân"), ("Kim Bôi", "Kim Bối Xã")])
def test_different_names_stay_different(a, b):
    assert fold_name(a) != fold_name(b)


def test_fold_is_lowercase_without_tones_or_stroke():
    assert fold_name("Đặng Văn Đức") == "dang van duc"
