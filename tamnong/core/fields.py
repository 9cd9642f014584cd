"""Values typed in a form, read or refused with a message naming the field."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError
from tamnong.rules.validation import parse_decimal


def date_field(text: str | None, field: str, *, required: bool = True) -> dt.date | None:
    """A date (31/03/2024 or 2024-03-31); an empty optional field is None."""
    day = parse_date(text)
    if day is None and (required or (text or "").strip()):
        raise DomainError(
            _("Date “%(value)s” is not valid: write day/month/year (dd/mm/yyyy), e.g. 31/03/2024."),
            {"value": text or ''},
            field=field,
        )
    return day


def whole_number(text: str | None, field: str) -> int:
    """A whole number as the one number reader reads it ("12", "1.500")."""
    try:
        number = parse_decimal(text if text is not None else "")
    except ValueError:
        number = None
    if number is None or number != number.to_integral_value():
        raise DomainError(_("“%(value)s” is not a whole number."), {"value": text or ''}, field=field)
    return int(number)
