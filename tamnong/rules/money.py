"""Amounts of money and areas as people write them. Pure.

Vietnamese: "267 tỷ đồng", "1,5 triệu đồng", "250.000 đồng", "1,04 nghìn tỷ đồng" (decimal comma,
thousands dot); English: "267 billion VND", "1.5 million VND", "250,000 VND". Amounts are whole VND
(integers); below a million they are written in full. Reports write a total they round down as
"trên 267 tỷ đồng" (over 267 billion). The digits come from `tamnong.rules.formatting.format_number`,
the project's one number formatter.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from tamnong.rules.formatting import format_number

# (scale, Vietnamese word, English word), largest first.
SCALES = (
    (10**12, "nghìn tỷ", "trillion"),
    (10**9, "tỷ", "billion"),
    (10**6, "triệu", "million"),
)
CURRENCY = {"vi": "đồng", "en": "VND"}


def _scaled(amount: int, max_decimals: int, rounding) -> tuple[Decimal, str, str] | None:
    for scale, word_vi, word_en in SCALES:
        if abs(amount) >= scale:
            step = Decimal(1).scaleb(-max_decimals)
            return (Decimal(amount) / scale).quantize(step, rounding=rounding).normalize(), word_vi, word_en
    return None


def format_vnd(amount: int, lang: str = "vi", *, currency: bool = True, max_decimals: int = 2) -> str:
    """``format_vnd(267_000_000_000) == "267 tỷ đồng"``; ``format_vnd(1_500_000, currency=False) ==
    "1,5 triệu"``; ``format_vnd(250_000) == "250.000 đồng"``; at most `max_decimals` decimals, rounded
    half up."""
    scaled = _scaled(int(amount), max_decimals, ROUND_HALF_UP)
    if scaled is None:
        text = format_number(int(amount), lang)
    else:
        value, word_vi, word_en = scaled
        text = f"{format_number(value, lang)} {word_en if lang == 'en' else word_vi}"
    return f"{text} {CURRENCY['en' if lang == 'en' else 'vi']}" if currency else text


def format_vnd_exact(amount: int, lang: str = "vi") -> str:
    """Every đồng, for messages where rounding would hide the difference: "500.000.001 đồng"."""
    return f"{format_number(int(amount), lang)} {CURRENCY['en' if lang == 'en' else 'vi']}"


def format_vnd_over(amount: int, lang: str = "vi") -> str:
    """A total as reports write it, rounded down to whole units of its scale: "trên 267 tỷ đồng" for
    267,35 tỷ, "267 tỷ đồng" for exactly 267 tỷ (English "over 267 billion VND")."""
    scaled = _scaled(int(amount), 0, ROUND_DOWN)
    if scaled is None:
        return format_vnd(amount, lang)
    value, word_vi, word_en = scaled
    scale = next(s for s, w, _ in SCALES if w == word_vi)
    text = f"{format_number(value, lang)} {word_en if lang == 'en' else word_vi} {CURRENCY['en' if lang == 'en' else 'vi']}"
    if int(value) * scale == int(amount):
        return text
    return f"{'over' if lang == 'en' else 'trên'} {text}"


def format_ha(area: Decimal | int | float, lang: str = "vi") -> str:
    """An area in hectares without trailing zeros: "46,5", "233" (the unit is written by the caller)."""
    value = Decimal(str(area)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return format_number(value, lang)


def format_pct(rate: Decimal | None, lang: str = "vi") -> str:
    """A rate in percent with one decimal at most: "62,5%"; "—" when there is none."""
    if rate is None:
        return "—"
    value = Decimal(rate).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()
    return f"{format_number(value, lang)}%"


class AmountError(ValueError):
    def __init__(self, reason_vi: str, reason_en: str):
        super().__init__(reason_vi)
        self.reason_vi = reason_vi
        self.reason_en = reason_en


_WORDS = {
    "nghìn tỷ": 10**12, "nghin ty": 10**12, "ngàn tỷ": 10**12, "ngan ty": 10**12,
    "tỷ": 10**9, "tỉ": 10**9, "ty": 10**9, "ti": 10**9,
    "triệu": 10**6, "trieu": 10**6, "tr": 10**6,
    "nghìn": 10**3, "nghin": 10**3, "ngàn": 10**3, "ngan": 10**3,
}  # fmt: skip
_CURRENCY_WORDS = re.compile(r"\s*(đồng|dong|vnđ|vnd|đ)\.?$")
_GROUPED = re.compile(r"^\d{1,3}([. ]\d{3})+$")
_GROUPED_EN = re.compile(r"^\d{1,3}(,\d{3})+$")


def parse_vnd(text: str | int) -> int:
    """An amount as people type it: "1.500.000", "1 500 000", "1500000", "1,5 tỷ", "267 tỷ đồng",
    "250 nghìn". Raises AmountError (Vietnamese and English reason) for anything else, a negative
    amount or a fraction of a đồng."""
    if isinstance(text, bool):
        raise AmountError("không phải số tiền", "not an amount")
    if isinstance(text, int):
        value = text
    else:
        raw = " ".join(str(text or "").strip().lower().split())
        if raw.startswith("-"):
            raise AmountError(f"số tiền «{text}» không được âm", f"the amount “{text}” may not be negative")
        raw = _CURRENCY_WORDS.sub("", raw).strip()
        if not raw:
            raise AmountError("cần số tiền", "an amount is needed")
        scale = 1
        for word in sorted(_WORDS, key=len, reverse=True):
            if raw.endswith(" " + word) or (raw.endswith(word) and raw[: -len(word)][-1:].isdigit()):
                scale = _WORDS[word]
                raw = raw[: -len(word)].strip()
                break
        value = _number(raw, scale, text)
    if value < 0:
        raise AmountError(f"số tiền «{text}» không được âm", f"the amount “{text}” may not be negative")
    return value


def _number(raw: str, scale: int, original) -> int:
    bad = AmountError(
        f"«{original}» không phải số tiền (viết ví dụ 1.500.000 hoặc 1,5 tỷ)",
        f"“{original}” is not an amount (write e.g. 1.500.000 or 1,5 tỷ)",
    )
    if raw.isdigit():
        number = Decimal(raw)
    elif _GROUPED.match(raw):
        number = Decimal(raw.replace(".", "").replace(" ", ""))
    elif _GROUPED_EN.match(raw) and scale == 1:
        number = Decimal(raw.replace(",", ""))
    elif re.match(r"^\d+(\.\d{3})*,\d+$", raw):  # a decimal comma: "1,5" (tỷ), "1.044,5" (triệu)
        number = Decimal(raw.replace(".", "").replace(",", "."))
    else:
        raise bad
    value = number * scale
    if value != value.to_integral_value():
        raise AmountError(f"«{original}» không phải số đồng nguyên", f"“{original}” is not a whole number of đồng")
    return int(value)
