"""API plumbing shared by every app: readable JSON and errors that name the field."""

import json
from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError, StaleError
from tamnong.core.i18n import bilingual
from tamnong.core.text import has_control_character
from tamnong.rules.errors import RulesError
from tamnong.rules.validation import parse_decimal


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Vietnamese letters as they are ("Kim Bôi", not "Kim B\\u00f4i")."""

    ensure_ascii = False


class Pagination(LimitOffsetPagination):
    """?limit=&offset= pages: a limit beyond MAX_LIMIT is MAX_LIMIT, a negative or unreadable one the default."""

    max_limit = 1000


def _shown(key: str) -> str:
    """A key as an error names it: a control character in it written as JSON writes it (\\u0000)."""
    return json.dumps(key, ensure_ascii=False)[1:-1] if has_control_character(key) else key


def _control_character_at(data) -> str | None:
    """Where in a parsed body a text (a key or a value) holds a control character, named as the errors
    name fields ("items[0].values.3.1"), "" for the body itself; None when there is none."""
    stack = [("", data)]
    while stack:
        place, value = stack.pop()
        if isinstance(value, str):
            if has_control_character(value):
                return place
        elif isinstance(value, Mapping):
            pairs = value.lists() if isinstance(value, MultiValueDict) else ((k, [v]) for k, v in value.items())
            for key, items in pairs:
                at = f"{place}.{_shown(str(key))}" if place else _shown(str(key))
                if has_control_character(str(key)):
                    return at
                stack.extend((at, item) for item in items)
        elif isinstance(value, list | tuple):
            stack.extend((f"{place}[{index}]", item) for index, item in enumerate(value))
    return None


class _RefusesControlCharacters:
    """A parser whose body may hold no control character (NUL and the other C0 ones but tab, line feed
    and carriage return) in any key or text: PostgreSQL cannot store a NUL, and no field takes one. The
    forms of pages are checked the same way by tamnong.core.middleware."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if isinstance(data, parsers.DataAndFiles):
            place = _control_character_at(data.data)
            if place is None:
                place = next((_shown(name) for name in data.files if has_control_character(name)), None)
        else:
            place = _control_character_at(data)
        if place is not None:
            raise exceptions.ParseError(
                _("The field “%(place)s” of the request holds a control character (such as NUL): no field accepts it.")
                % {"place": place}
                if place
                else _("The request's body holds a control character (such as NUL): no field accepts it.")
            )
        return data


class JSONParser(_RefusesControlCharacters, parsers.JSONParser):
    pass


class FormParser(_RefusesControlCharacters, parsers.FormParser):
    pass


class MultiPartParser(_RefusesControlCharacters, parsers.MultiPartParser):
    pass


def body_object(request):
    """The request's body as an object of fields; a list, a number or text is refused (400) naming why."""
    if not isinstance(request.data, Mapping):
        raise serializers.ValidationError({"non_field_errors": [_("The request body must be a JSON object of fields.")]})
    return request.data


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, plus the domain's and the rules engine's errors, each mapped here once: NotFoundError
    404, PermissionDeniedError 403, StaleError 409, any other DomainError or RulesError 400 with the
    message in the active language and the field."""
    if isinstance(exc, NotFoundError):
        exc = exceptions.NotFound(exc.message())
    elif isinstance(exc, PermissionDeniedError):
        exc = exceptions.PermissionDenied(exc.message())
    elif isinstance(exc, StaleError):
        exc = Conflict(exc.message())
    elif isinstance(exc, DomainError):
        exc = serializers.ValidationError({exc.field or "non_field_errors": [exc.message()]})
    elif isinstance(exc, RulesError):  # input the engine refuses (InputError names its field), or data it lacks
        exc = serializers.ValidationError(
            {getattr(exc, "field", "") or "non_field_errors": [bilingual(exc.message_vi, exc.message_en)]}
        )
    elif isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    return drf_exception_handler(exc, context)


class NumberField(serializers.DecimalField):
    """A decimal read as people type it (`tamnong.rules.validation.parse_decimal`): a JSON number as
    it is, a text "1.500" as 1500 and "1,5" as 1.5, the same as the pages and the imports read it."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = parse_decimal(data)
            except ValueError as exc:
                raise serializers.ValidationError(bilingual(exc.message_vi, exc.message_en)) from None
        return super().to_internal_value(data)
