"""The optional second factor (TOTP, django-otp) and the offices' policy that requires it of approvers."""

import base64

import segno
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tamnong.accounts.models import APPROVING_ROLES, Role, RoleAssignment, SecondFactorPolicy
from tamnong.accounts.selectors import territory_scope
from tamnong.core import clock
from tamnong.core.errors import DomainError, PermissionDeniedError
from tamnong.core.services import audit_event_record
from tamnong.places.models import AdminUnit, Level

DEVICE_NAME = "Tamnông"


def confirmed_device(user) -> TOTPDevice | None:
    if user is None or not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def requires_second_factor(user) -> bool:
    """Whether an office's policy requires a second factor of this user before it acts: it holds
    an approving role (APPROVING_ROLES, or is a superuser) inside a province that asks for it, or
    holds one nationally and the national office asks for it."""
    if user is None or not user.is_authenticated:
        return False
    policies = list(SecondFactorPolicy.objects.filter(require_for_approvers=True).select_related("unit"))
    if not policies:
        return False
    roles = [r for r in RoleAssignment.objects.filter(user=user).select_related("unit") if r.role in APPROVING_ROLES]
    # The national office, and members of the national councils (a council-member role without a unit).
    national = user.is_superuser or any(r.unit_id is None for r in roles)
    for policy in policies:
        if policy.unit is None:
            if national:
                return True
            continue
        if user.is_superuser:
            return True
        scope = territory_scope(policy.unit)
        if any(r.unit is not None and scope.covers(r.unit) for r in roles):
            return True
    return False


def policy_units(actor) -> list[AdminUnit | None]:
    """The offices whose policy this actor sets: the national office (None) and every province for
    the national office; its own province for a provincial office."""
    if actor is None or not actor.is_authenticated:
        return []
    roles = list(RoleAssignment.objects.filter(user=actor).select_related("unit"))
    if actor.is_superuser or any(r.role == Role.NATIONAL_OFFICE for r in roles):
        return [None, *AdminUnit.objects.filter(level=Level.PROVINCE).order_by("scheme", "code")]
    return sorted(
        {r.unit for r in roles if r.role == Role.PROVINCE_OFFICE and r.unit.level == Level.PROVINCE},
        key=lambda u: (u.scheme, u.code),
    )


def policies_for(actor) -> list[tuple[AdminUnit | None, bool]]:
    units = policy_units(actor)
    chosen = {p.unit_id: p.require_for_approvers for p in SecondFactorPolicy.objects.all()}
    return [(unit, chosen.get(unit.pk if unit else None, False)) for unit in units]


def policy_set(*, actor, unit: AdminUnit | None, require: bool) -> SecondFactorPolicy:
    if unit not in policy_units(actor):
        raise PermissionDeniedError(
            _(
                "Only this province's coordination office or the national office may set the province's "
                "second-factor policy."
            ),
            field="unit",
        )
    with transaction.atomic():
        policy, _created = SecondFactorPolicy.objects.select_for_update().get_or_create(unit=unit)
        before = policy.require_for_approvers
        policy.require_for_approvers = require
        policy.changed_by = actor
        policy.changed_at = clock.now()
        policy.save()
        audit_event_record(
            actor=actor, action="second_factor_policy", target=policy,
            before={"require_for_approvers": before}, after={"require_for_approvers": require},
        )  # fmt: skip
    return policy


def enrolment_device(user) -> TOTPDevice:
    """The user's device being enrolled (made on first use; a new secret until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def enrolment_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code for an authenticator app."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)


def enrolment_secret(device: TOTPDevice) -> str:
    """The secret to type into an app that cannot scan, in groups of four (base32)."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _check(device: TOTPDevice, code: str) -> None:
    code = "".join((code or "").split())
    allowed, info = device.verify_is_allowed()
    if not allowed:
        raise DomainError(_("Too many wrong codes: wait a moment and try again."), field="code")
    if not code.isdigit() or len(code) != 6 or not device.verify_token(code):
        raise DomainError(
            _("The code is wrong or has expired: type the 6 digits your authenticator app shows now."),
            field="code",
        )


def device_confirm(*, user, code: str) -> TOTPDevice:
    """Confirm the device being enrolled with a code it shows; any earlier device is replaced."""
    device = enrolment_device(user)
    _check(device, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_event_record(actor=user, action="second_factor_enrol", target=device, after={"confirmed": True})
    return device


def device_verify(*, user, code: str) -> TOTPDevice:
    """The login step: the code of the user's confirmed device (django-otp slows repeated failures)."""
    device = confirmed_device(user)
    if device is None:
        raise DomainError(_("This account has no authenticator device."), field="code")
    _check(device, code)
    return device


def device_remove(*, user, code: str) -> None:
    """Turn the second factor off (with a current code), unless an office requires it."""
    if requires_second_factor(user):
        raise DomainError(
            _("Your coordination office requires approvers to use a second factor: it cannot be turned off."),
            field="code",
        )
    device = device_verify(user=user, code=code)
    with transaction.atomic():
        audit_event_record(actor=user, action="second_factor_remove", target=device, after={"confirmed": False})
        TOTPDevice.objects.filter(user=user).delete()
