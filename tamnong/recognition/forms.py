"""The recognition pages' posted forms: a new dossier, and on a dossier's page a transition, its values, a
document or a condition. Each reads the text as typed and refuses, naming the field, as the services do."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from tamnong.core.errors import DomainError
from tamnong.core.fields import date_field
from tamnong.core.forms import PostedForm, Raw, RawFile, Text
from tamnong.places.selectors import unit_get_by_key
from tamnong.recognition import register, services


class DossierCreateForm(PostedForm):
    unit = Text()
    tier = Text()
    on = Raw()

    def clean_unit(self):
        return self.read(unit_get_by_key, self.cleaned_data["unit"].strip())

    def clean_on(self) -> dt.date:
        return self.read(date_field, self.cleaned_data["on"], "on")


OPS = ("transition", "items", "document", "condition")


class DossierActForm(PostedForm):
    """One act on a dossier's page (`op`), at the version the page showed, on the date of the act."""

    op = Raw()
    version = Raw()
    on = Raw()
    # a transition
    action = Text()
    decision_number = Text()
    decision_date = Text()
    note = Text()
    # a document
    code = Text()
    reference = Text()
    file = RawFile()
    # a condition
    key = Text()
    met = Raw()
    evidence = Text()

    def clean_version(self) -> int | None:
        return int(self.cleaned_data["version"] or 0) or None

    def clean_on(self) -> dt.date:
        return self.read(date_field, self.cleaned_data["on"], "on")

    def clean_decision_date(self) -> dt.date | None:
        text = self.cleaned_data["decision_date"].strip()
        if self.cleaned_data.get("op") != "transition" or not text:
            return None
        return self.read(date_field, text, "decision_date")

    def clean_met(self) -> bool:
        return self.cleaned_data["met"] == "1"

    def clean(self):
        op = self.cleaned_data.get("op")
        if not self.refusals and op not in OPS:
            self.refuse(DomainError(_("No operation “%(op)s”."), {"op": op}, field="op"))
        return self.cleaned_data

    def reasons(self) -> dict[str, str]:
        """The reasons typed for a return, by the item they are about (`reason:<item>`)."""
        return {k.removeprefix("reason:"): v for k, v in self.data.items() if k.startswith("reason:") and v.strip()}

    def item_changes(self) -> dict[str, services.ItemChange]:
        """The values typed (`value:<item>`) or ticked (`met:<item>`), each with its evidence."""
        changes = {}
        for name, raw in self.data.items():
            if name.startswith("value:"):
                key = name.removeprefix("value:")
                changes[key] = services.ItemChange(value=raw, evidence=self.data.get(f"evidence:{key}"))
            elif name.startswith("met:"):
                key = name.removeprefix("met:")
                met = {"1": True, "0": False}.get(raw)
                changes[key] = services.ItemChange(met=met, evidence=self.data.get(f"evidence:{key}", ""))
        return changes


class DecisionForm(PostedForm):
    """A recognition decision recorded by hand: its date, tier, commune (picked from the suggestions or
    typed), number, and a revocation if there was one."""

    decision_date = Raw()
    revoked_on = Raw()
    tier = Text()
    commune_key = Text()
    commune = Text()
    decision_number = Text()
    revocation_decision = Text()

    def clean_decision_date(self) -> dt.date:
        return self.read(date_field, self.cleaned_data["decision_date"], "decision_date")

    def clean_revoked_on(self) -> dt.date | None:
        return self.read(date_field, self.cleaned_data["revoked_on"], "revoked_on", required=False)

    def clean_tier(self):
        return self.read(register.tier_parse, self.cleaned_data["tier"])

    def commune_text(self) -> str:
        """The commune picked among the suggestions, else the one typed."""
        return self.cleaned_data["commune_key"].strip() or self.cleaned_data["commune"]
