"""The national office's page for carrying roles over to the successor units (tamnong.accounts.carryover)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tamnong.accounts import authority, carryover, forms
from tamnong.core import clock
from tamnong.core.errors import DomainError
from tamnong.core.i18n import bilingual
from tamnong.places.schemes import scheme_on


@login_required
@require_http_methods(["GET", "POST"])
def carry_over(request):
    """GET: the proposed new role assignments; POST: confirm the chosen ones."""
    if not authority.may(request.user, carryover.ACTION, unit=None, on=clock.today()):
        raise PermissionDenied(_("Only the national office carries roles over to the successor units."))
    error = None
    if request.method == "POST":
        try:
            created = carryover.roles_carry_over(keys=forms.CarryOverForm(request.POST).proposals(), actor=request.user)
        except DomainError as exc:
            error = exc.message()
        else:
            messages.success(request, _("Role assignments created: %(n)d.") % {"n": len(created)})
            return redirect("roles-carry-over")
    proposals, not_carried = carryover.carry_over_proposals()
    context = {
        "proposals": proposals, "error": error, "in_force": scheme_on(clock.today()),
        "not_carried": [(n.assignment, bilingual(n.reason_vi, n.reason_en)) for n in not_carried],
    }  # fmt: skip
    return render(request, "accounts/carry_over.html", context, status=400 if error else 200)
