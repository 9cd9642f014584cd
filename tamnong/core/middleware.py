"""Requests no page can answer, refused before any view: a NUL character in the address or the query
(PostgreSQL cannot store or compare text holding one, so a search or a code with it would fail)."""

from django.http import HttpResponseBadRequest


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return HttpResponseBadRequest(
                "Địa chỉ có ký tự NUL (%00): không trang nào nhận ký tự này.\n"
                "The address holds a NUL character (%00): no page accepts it.\n",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
