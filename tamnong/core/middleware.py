"""Requests no page can answer, refused before any view: a NUL character in the address or the query,
or a control character in a form's field (PostgreSQL cannot store or compare text holding a NUL, so a
search, a code or a saved field with one would fail). The API's bodies (JSON and forms) are checked by
its parsers (tamnong.core.apis), after its sign-in and permission checks, so that its refusal has the
API's shape."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from rest_framework.views import APIView

from tamnong.core.errors import NotFoundError, PermissionDeniedError
from tamnong.core.text import has_control_character

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _refused(text: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")


def form_has_control_character(request) -> bool:
    """Whether a field of the request's form, its name or its value, holds a control character. A file's
    content is not read; its name is cleaned by Django already."""
    for name, values in request.POST.lists():
        if has_control_character(name) or any(has_control_character(value) for value in values):
            return True
    return any(has_control_character(name) for name in request.FILES)


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return _refused(
                "Địa chỉ có ký tự NUL (%00): không trang nào nhận ký tự này.\n"
                "The address holds a NUL character (%00): no page accepts it.\n"
            )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A page's form, once its address is known to lead to a page (before the CSRF check, which
        reads the form the same way). Only a form's body is read: a JSON or any other body is left whole
        for the view; an API view's, for its parsers."""
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        if request.method == "POST" and request.content_type in FORM_TYPES and form_has_control_character(request):
            return _refused(
                "Một ô của biểu mẫu có ký tự điều khiển (như NUL): không trang nào nhận ký tự này. "
                "Hãy gõ lại nội dung ô đó.\n"
                "A field of the form holds a control character (such as NUL): no page accepts it. "
                "Type the field's text again.\n"
            )
        return None


class DomainErrorMiddleware:
    """How a page answers a domain error its view lets through, in one place (the API's answer is
    tamnong.core.apis.exception_handler): a NotFoundError is a 404 and a PermissionDeniedError a 403, each
    with its message, rendered by Django's handlers with 404.html and 403.html. Other domain errors are a
    form's to show beside its fields (tamnong.core.refusals)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFoundError):
            raise Http404(exception.message()) from None
        if isinstance(exception, PermissionDeniedError):
            raise PermissionDenied(exception.message()) from None
        return None
