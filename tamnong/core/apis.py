"""API plumbing shared by every app: readable JSON and errors that name the field."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError, StaleError
from tamnong.core.i18n import active_lang
from tamnong.rules.validation import parse_decimal


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Vietnamese letters as they are ("Kim Bôi", not "Kim B\\u00f4i")."""

    ensure_ascii = False


class Pagination(LimitOffsetPagination):
    """?limit=&offset= pages: a limit beyond MAX_LIMIT is MAX_LIMIT, a negative or unreadable one the default."""

    max_limit = 1000


def body_object(request):
    """The request's body as an object of fields; a list, a number or text is refused (400) naming why."""
    from collections.abc import Mapping

    if not isinstance(request.data, Mapping):
        raise serializers.ValidationError({"non_field_errors": [_("The request body must be a JSON object of fields.")]})
    return request.data


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, plus domain errors as 400 with a translated message and the field."""
    if isinstance(exc, NotFoundError):
        exc = exceptions.NotFound(exc.message())
    elif isinstance(exc, PermissionDeniedError):
        exc = exceptions.PermissionDenied(exc.message())
    elif isinstance(exc, StaleError):
        exc = Conflict(exc.message())
    elif isinstance(exc, DomainError):
        exc = serializers.ValidationError({exc.field or "non_field_errors": [exc.message()]})
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
                raise serializers.ValidationError(exc.message_en if active_lang() == "en" else exc.message_vi) from None
        return super().to_internal_value(data)
