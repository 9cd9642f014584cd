"""The office page for a person's request about their data (tamnong.orders.personal_data): find the
records Tamnông holds about one person in the office's territory, export them as JSON, erase them.
Everything is sent by POST, so a person's phone, email or tax code never lands in an address or a log."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tamnong.core import clock
from tamnong.core.errors import DomainError
from tamnong.core.refusals import refusals
from tamnong.orders import forms, personal_data


@require_http_methods(["GET", "POST"])
@login_required
def personal_data_page(request):
    form = forms.PersonalDataForm(request.POST)
    posted = form.parsed()
    keys = form.keys()
    act = form.act_asked() if request.method == "POST" else ""
    context: dict = {"keys": keys, "records": None, "error": None, "error_field": ""}
    status = 200
    with refusals() as refused:
        personal_data.office_check(actor=request.user, on=clock.today())
        if act:
            person = personal_data.person_clean(**keys)
            if act == "export":
                data = personal_data.person_export(actor=request.user, person=person, now=clock.now())
                response = HttpResponse(
                    json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
                )
                response["Content-Disposition"] = 'attachment; filename="du-lieu-ca-nhan.json"'
                return response
            if act == "erase":
                if posted["confirm"] != "yes":
                    raise DomainError(
                        gettext_lazy("Tick the confirmation box before erasing: erasure cannot be undone."),
                        field="confirm",
                    )
                done = personal_data.person_erase(
                    actor=request.user, person=person, reference=posted["reference"] or "", now=clock.now()
                )
                messages.success(
                    request,
                    _("Personal data erased: %(orders)d orders, %(producers)d producers, %(emails)d emails.")
                    % {"orders": done.orders, "producers": done.producers, "emails": done.emails},
                )
                return redirect("orders-personal-data")
            context["records"] = personal_data.person_records(actor=request.user, person=person)
    if refused:
        context["error"], context["error_field"] = refused.error, refused.field
        status = 400
    context["reference"] = form.reference_text()
    return render(request, "orders/personal_data.html", context, status=status)
