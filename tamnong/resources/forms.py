"""The resources pages' posted forms: a work (new or edited), the work page's acts (a disbursement, a photo,
deletion), capital mobilised and its deletion. Values are read as typed; the services check them and name
the field."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError
from tamnong.core.forms import PostedForm, Raw, Text
from tamnong.core.i18n import active_lang
from tamnong.places.selectors import unit_get_by_key
from tamnong.resources import selectors
from tamnong.resources.reference import funding_sources

DATE_FIELDS = ("started_on", "planned_end_on", "completed_on")
WORK_TEXTS = ("name", "type", "quantity", "plan_year", "status", "investor", "note")


class WorkCommuneForm(PostedForm):
    """The commune a new work is recorded in, when the form posts it."""

    commune = Raw()


class WorkForm(PostedForm):
    """A work's values as the services take them, its funding by source (`funding_<source>`), and the
    errors of dates typed wrong (shown beside their field, the rest left as typed)."""

    village = Text()

    def __init__(self, data, *, commune):
        self.commune = commune
        super().__init__(data)
        for name in (*WORK_TEXTS, *DATE_FIELDS, *(f"funding_{code}" for code in funding_sources())):
            self.fields[name] = Text()

    def work_values(self) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
        posted = self.parsed()
        errors: dict[str, str] = {}
        values: dict[str, Any] = {k: posted[k].strip() for k in WORK_TEXTS}
        values["commune"] = self.commune
        for key in DATE_FIELDS:
            text = posted[key].strip()
            values[key] = parse_date(text) if text else None
            if text and values[key] is None:
                errors[key] = (f"“{text}” is not a date: write dd/mm/yyyy." if active_lang() == "en"
                               else f"«{text}» không phải ngày: viết dd/mm/yyyy.")  # fmt: skip
        village = posted["village"]
        values["village"] = selectors.village_of(self.commune, village) if village.isdigit() and self.commune else None
        funding = {code: posted[f"funding_{code}"].strip() for code in funding_sources()}
        return values, funding, errors


class WorkActForm(PostedForm):
    """One of the work page's acts (`action`): disburse, undisburse, photo, unphoto, delete."""

    action = Text()
    on = Text()
    amount_vnd = Text()
    note = Text()
    disbursement = Raw()
    photo = Raw()  # the photo to take off; the one to add is the file of the same name
    caption = Text()
    taken_on = Text()

    def __init__(self, data, files=None, *, work):
        self.work = work
        super().__init__(data, files)

    def clean_on(self):
        return parse_date(self.cleaned_data["on"])

    def clean_taken_on(self):
        return parse_date(self.cleaned_data["taken_on"])

    def clean(self):
        action = self.cleaned_data.get("action")
        if action not in ("disburse", "undisburse", "photo", "unphoto", "delete"):
            self.refuse(DomainError(_("No action “%(action)s”."), {"action": action}, field="action"))
        return self.cleaned_data

    def disbursement_chosen(self):
        return selectors.work_disbursement(self.work, self.cleaned_data["disbursement"] or 0)

    def photo_chosen(self):
        return selectors.work_photo(self.work, self.cleaned_data["photo"] or 0)

    def photo_file(self):
        return self.files.get("photo")


class ContributionForm(PostedForm):
    next = Raw()
    unit = Text()
    starts_on = Text()
    ends_on = Text()
    source = Text()
    amount_vnd = Text()
    in_kind_vnd = Text()
    land_m2 = Text()
    working_days = Text()
    note = Text()

    def clean_unit(self):
        return self.read(unit_get_by_key, self.cleaned_data["unit"])

    def clean_starts_on(self):
        return parse_date(self.cleaned_data["starts_on"])

    def clean_ends_on(self):
        return parse_date(self.cleaned_data["ends_on"])

    def back(self, default: str) -> str:
        return self.data.get("next") or default


class BackForm(PostedForm):
    """Where to go back to after an act (`next`)."""

    next = Text()
