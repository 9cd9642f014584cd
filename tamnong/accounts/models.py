"""Who may read and change what: roles held over administrative units."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamnong.places.models import AdminUnit


class Role(models.TextChoices):
    NATIONAL_OFFICE = "national_office", _("national coordination office")
    PROVINCE_OFFICE = "province_office", _("provincial coordination office")
    DISTRICT_OFFICE = "district_office", _("district coordination office")
    COMMUNE_OFFICER = "commune_officer", _("commune officer")
    # A member of the OCOP councils of a unit, appointed by its office (tamnong.accounts.authority);
    # without a unit: of the national councils. It scores the sheets of the councils it sits on only.
    COUNCIL_MEMBER = "council_member", _("OCOP council member")
    VIEWER = "viewer", _("viewer")


# Roles that may change data inside their scope; a viewer only reads.
WRITING_ROLES = {Role.NATIONAL_OFFICE, Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.COMMUNE_OFFICER}
# The level of unit each role is held over (the national office holds no unit: it sees everything).
ROLE_LEVEL = {Role.PROVINCE_OFFICE: 1, Role.DISTRICT_OFFICE: 2, Role.COMMUNE_OFFICER: 3}


class RoleAssignment(models.Model):
    """A user holds a role over a unit and everything under it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique"),
            models.CheckConstraint(
                condition=Q(role="national_office", unit__isnull=True)
                | Q(role="council_member")
                | (~Q(role="national_office") & Q(unit__isnull=False)),
                name="role_unit_unless_national",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}{f' — {self.unit}' if self.unit_id else ''}"


# Roles whose holders approve or decide (criteria versions, recognition dossiers, OCOP councils'
# results and certificates): an office may require a second factor of them.
APPROVING_ROLES = {Role.NATIONAL_OFFICE, Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.COUNCIL_MEMBER}


class ApiToken(models.Model):
    """A named key a machine sends as `Authorization: Bearer <key>`. Only the key's SHA-256 is
    kept: the key is shown once, when it is made. A revoked token never works again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("first characters"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.name} ({self.prefix}…)"


class SecondFactorPolicy(models.Model):
    """An office's choice: its approvers must use a second factor (TOTP) before they act.
    One row per province (any list); the row without a unit is the national office's own."""

    unit = models.OneToOneField(
        AdminUnit, verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    require_for_approvers = models.BooleanField(_("require a second factor for approvers"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("second-factor policy")
        verbose_name_plural = _("second-factor policies")

    def __str__(self) -> str:
        return f"{self.unit or _('national office')}: {self.require_for_approvers}"
