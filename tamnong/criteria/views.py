import datetime as dt

from django.shortcuts import render

from tamnong import rules
from tamnong.core import clock
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError
from tamnong.core.i18n import active_lang
from tamnong.criteria import presenters, selectors
from tamnong.criteria.editions import edition_get, edition_in_force, edition_list
from tamnong.places.models import Level
from tamnong.places.schemes import scheme_on
from tamnong.places.selectors import unit_full_name, unit_get_by_key, unit_list


def criteria_browser(request):
    """An edition's criteria and indicators with their thresholds and legal references; for a chosen
    commune and date, the thresholds that apply to it (region or commune group, special rules, overlays)."""
    editions = edition_list()
    today = clock.today()
    chosen = request.GET.get("edition", "").strip()
    unit_text = request.GET.get("unit", "").strip()
    on_text = request.GET.get("on", "").strip()
    context = {"editions": editions, "unit_text": unit_text, "on_text": on_text, "errors": [],
               "chosen": chosen, "today_text": f"{today:%d/%m/%Y}"}  # fmt: skip
    on = parse_date(on_text) if on_text else None
    if on_text and on is None:
        context["errors"].append(_bad_date_message(on_text))
    edition = None
    if chosen:
        try:
            edition = edition_get(chosen)
        except DomainError as exc:
            context["errors"].append(exc.message())
    if edition is None:  # unchosen: the set in force on the date asked, or today (the present first)
        try:
            edition = edition_in_force(on or today)
        except rules.RulesError as exc:
            context["errors"].append(DomainError.of(exc).message())
            edition = edition_in_force(today)
    context["edition"] = edition
    context["detail"] = presenters.edition_detail(edition)
    if unit_text:
        unit = _unit_from_text(unit_text, on, context)
        if unit is not None and on is not None:
            try:
                evaluation = selectors.thresholds_for_unit(edition_id=edition.id, unit=unit, on=on)
            except DomainError as exc:
                context["errors"].append(exc.message())
            else:
                context["unit"] = unit
                context["unit_name"] = unit_full_name(unit)
                context["applied"] = presenters.thresholds_applied(evaluation)
    context["lang_en"] = active_lang() == "en"
    presenters.annotate_for_display(
        edition, context["detail"], context.get("applied"), "en" if context["lang_en"] else "vi"
    )
    return render(request, "criteria/criteria_browser.html", context)


def _bad_date_message(text: str) -> str:
    if active_lang() == "en":
        return f"Date “{text}” is not valid: write it as dd/mm/yyyy, e.g. 31/03/2024."
    return f"Ngày «{text}» không hợp lệ: hãy viết dạng ngày/tháng/năm, ví dụ 31/03/2024."


def _unit_from_text(text: str, on: dt.date | None, context: dict):
    """A unit key ("2020:05068") opens that unit; a name finds the communes of that name on the list in
    force on the date (or on every list without a date): one is taken, several are offered to choose from."""
    if ":" in text:
        try:
            return unit_get_by_key(text)
        except DomainError as exc:
            context["errors"].append(exc.message())
            return None
    scheme = scheme_on(on) if on else None
    matches = list(unit_list(q=text, level=Level.COMMUNE, scheme=scheme.scheme if scheme else "")[:20])
    if len(matches) == 1:
        return matches[0]
    context["unit_choices"] = [(u.key, unit_full_name(u)) for u in matches]
    return None
