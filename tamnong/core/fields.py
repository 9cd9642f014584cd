"""Values typed in a form, read or refused with a message naming the field."""

import datetime as dt

from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError


def date_field(text: str | None, field: str, *, required: bool = True) -> dt.date | None:
    """A date (31/03/2024 or 2024-03-31); an empty optional field is None."""
    day = parse_date(text)
    if day is None and (required or (text or "").strip()):
        raise DomainError(
            f"Ngày «{text or ''}» không hợp lệ: ghi theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 31/03/2024.",
            f"Date “{text or ''}” is not valid: write day/month/year (dd/mm/yyyy), e.g. 31/03/2024.",
            field=field,
        )
    return day


def whole_number(text: str | None, field: str) -> int:
    try:
        return int(str(text or "").strip())
    except ValueError:
        raise DomainError(
            f"«{text or ''}» không phải số nguyên.", f"“{text or ''}” is not a whole number.", field=field
        ) from None
