"""Logins: password (watched by django-axes), the second factor's step, enrolment, API tokens and
the offices' second-factor policy. The rules live in tokens.py and second_factor.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from tamnong.accounts import forms, second_factor, selectors, tokens
from tamnong.accounts.home import home_for
from tamnong.core import clock, navigation
from tamnong.core.errors import DomainError
from tamnong.places.selectors import unit_by_pk

PENDING = "tamnong_pending_login"


def _next(request, default: str, posted_next: str | None = None) -> str:
    target = posted_next or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _login_limits() -> dict:
    return {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a username and address are locked (AXES_LOCKOUT_CALLABLE)."""
    return render(request, "registration/locked.html", _login_limits(), status=429)


class LoginView(auth_views.LoginView):
    """The password step. A user with a confirmed authenticator device is not logged in yet: the
    code step (login_code) finishes the login."""

    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_login_limits()}

    def form_valid(self, form):
        user = form.get_user()
        if second_factor.confirmed_device(user) is not None:
            self.request.session[PENDING] = {
                "user": user.pk, "backend": user.backend, "at": clock.now().timestamp(),
                "next": self.get_success_url(),
            }  # fmt: skip
            return HttpResponseRedirect(reverse("login-code"))
        response = super().form_valid(form)
        if second_factor.requires_second_factor(user):
            messages.warning(
                self.request,
                _("Your office requires a second factor before approvers act: set up an authenticator app first."),
            )
            return redirect(f"{reverse('second-factor')}?next={response.url}")
        return response


def _pending_user(request):
    """The user who passed the password step in this browser, within the allowed minutes."""
    pending = request.session.get(PENDING)
    if not pending or clock.now().timestamp() - pending["at"] > settings.TAMNONG_SECOND_STEP_SECONDS:
        return None, None
    user = selectors.active_user(pending["user"])
    return user, pending


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step: the 6-digit code of the user's authenticator app."""
    user, pending = _pending_user(request)
    if user is None and request.user.is_authenticated and second_factor.confirmed_device(request.user):
        user, pending = request.user, None  # logged in without the code (a device added since): ask it now
    if user is None:
        messages.info(request, _("Log in again: the code step waits at most 5 minutes after the password."))
        return redirect("login")
    error = None
    form = forms.LoginCodeForm(request.POST)
    if request.method == "POST":
        try:
            device = second_factor.device_verify(user=user, code=form.parsed()["code"])
        except DomainError as exc:
            error = exc.message()
        else:
            if pending is not None:
                request.session.pop(PENDING, None)
                auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            default = pending["next"] if pending else settings.LOGIN_REDIRECT_URL
            return redirect(
                _next(request, default if default.startswith("/") else reverse(default), form.cleaned_data["next"])
            )
    return render(request, "registration/login_code.html", {"error": error, "next": request.GET.get("next", "")},
                  status=400 if error else 200)  # fmt: skip


@login_required
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_page(request):
    """Enrol an authenticator app (QR code and a confirmation code), or turn it off; offices set
    their policy here."""
    user = request.user
    error = None
    form = forms.SecondFactorForm(request.POST)
    if request.method == "POST":
        posted = form.parsed()
        action = posted["action"]
        try:
            if action == "confirm":
                device = second_factor.device_confirm(user=user, code=posted["code"])
                otp_login(request, device)
                messages.success(request, _("The second factor is on: the next logins ask for a code of your app."))
                return redirect(_next(request, reverse("second-factor"), posted["next"]))
            if action == "remove":
                second_factor.device_remove(user=user, code=posted["code"])
                messages.success(request, _("The second factor is off."))
                return redirect("second-factor")
            if action == "policy":
                key = posted["unit"]
                unit = None if key == "national" else unit_by_pk(key)
                if unit is None and key != "national":
                    raise Http404
                second_factor.policy_set(actor=user, unit=unit, require=posted["require"])
                messages.success(request, _("The second-factor policy is saved."))
                return redirect("second-factor")
        except DomainError as exc:
            error = exc.message()
    device = second_factor.confirmed_device(user)
    context = {
        "device": device,
        "required": second_factor.requires_second_factor(user),
        "policies": second_factor.policies_for(user),
        "error": error,
        "next": form["next"].value() or request.GET.get("next", ""),
    }
    if device is None:
        enrol = second_factor.enrolment_device(user)
        context["qr_svg"] = second_factor.enrolment_qr_svg(enrol)
        context["secret"] = second_factor.enrolment_secret(enrol)
    return render(request, "accounts/second_factor.html", context, status=400 if error else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """The user's API tokens: make one (its key shown once, on this response only), revoke one."""
    new_key = error = None
    if request.method == "POST":
        posted = forms.ApiTokenForm(request.POST).parsed()
        if posted["action"] == "revoke":
            token = selectors.user_token(request.user, posted["token"])
            if token is None:
                raise Http404
            tokens.token_revoke(token=token, actor=request.user)
            messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
            return redirect("api-tokens")
        try:
            _token, new_key = tokens.token_create(user=request.user, name=posted["name"])
        except DomainError as exc:
            error = exc.message()
    rows = selectors.user_tokens(request.user)
    return render(request, "accounts/tokens.html", {"tokens": rows, "new_key": new_key, "error": error},
                  status=400 if error else 200)  # fmt: skip


@never_cache
def home(request):
    """The site's root: the public start page for a visitor; for a signed-in user, its own work (the
    national office lands on the national dashboard when nothing waits for it)."""
    if not request.user.is_authenticated:
        return render(request, "core/home.html")
    page = home_for(navigation.who_of(request), on=clock.today())
    if page.redirect_to:
        return redirect(page.redirect_to)
    return render(request, "accounts/home.html", {"home": page, "today": clock.today()})
