"""An approver whom an office requires to use a second factor acts only after it: any write by a
session that has not passed it is sent to enrolment (no device yet) or to the code step."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tamnong.accounts.second_factor import confirmed_device, requires_second_factor

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# The pages that lead to the second factor (and out of the session) stay open.
EXEMPT = {"login", "login-code", "logout", "second-factor", "set_language"}


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method in SAFE_METHODS or user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        if name in EXEMPT or not requires_second_factor(user):
            return self.get_response(request)
        has_device = confirmed_device(user) is not None
        if has_device:
            text = _(
                "Your office requires a second factor before approvers act: type the code of your authenticator app."
            )
        else:
            text = _("Your office requires a second factor before approvers act: set up an authenticator app first.")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": text}, status=403)
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = request.path
        messages.warning(request, text)
        target = reverse("login-code" if has_device else "second-factor")
        return redirect(f"{target}?{urlencode({'next': back})}")
