from django.core.paginator import Paginator
from django.shortcuts import render

from tamnong.core import clock, navigation
from tamnong.places import groups, search, selectors
from tamnong.places.models import CommuneGroup, Level, Region, Scheme, UnitAttribute
from tamnong.places.schemes import scheme_info, schemes


def unit_browser(request):
    """Provinces of a list, or the units of every list (or of the list chosen in `in`) whose code or
    name matches the query, each with what it became and what it was formed from (htmx updates the
    results)."""
    scheme = request.GET.get("scheme") or Scheme.Y2025_07
    if scheme not in Scheme.values:
        scheme = Scheme.Y2025_07
    search_scheme = request.GET.get("in", "")
    if search_scheme not in Scheme.values:
        search_scheme = ""
    q, searchable = search.query_clean(request.GET.get("q"))
    if q:
        units = search.unit_search(q=q, scheme=search_scheme)
    else:
        units = selectors.unit_list(scheme=scheme, level=Level.PROVINCE, order=("name_folded",))
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    context = {
        "scheme": scheme_info(scheme), "schemes": schemes(), "q": q, "page": page, "searchable": searchable,
        "search_scheme": search_scheme, "stories": search.unit_stories(page, on=clock.today()),
    }  # fmt: skip
    template = "places/_unit_results.html" if request.htmx else "places/unit_browser.html"
    return render(request, template, context)


def unit_detail(request, scheme: str, code: str):
    unit = selectors.unit_get(scheme=scheme, code=code)
    today = clock.today()
    context = {
        "unit": unit,
        "scheme": scheme_info(unit.scheme),
        "full_name": selectors.unit_full_name(unit),
        "ancestors": list(reversed(selectors.unit_ancestors(unit))),
        "children": selectors.unit_children(unit),
        "predecessors": selectors.unit_predecessors(unit),
        "successors": selectors.unit_successors(unit),
        "region": _label(Region, groups.region_on(unit, today)),
        "commune_group": _label(CommuneGroup, groups.group_on(unit, today)),
        "attribute_histories": [
            (
                label,
                [{"row": r, "label": groups.value_label(attribute, r.value)} for r in groups.history(unit, attribute)],
            )
            for attribute, label in UnitAttribute.choices
        ]
        if unit.level == Level.COMMUNE
        else [],
        "villages": selectors.unit_villages(unit) if unit.level == Level.COMMUNE else None,
        "story": search.unit_stories([unit], on=today)[0],
        "links": navigation.links_for_unit(navigation.who_of(request), unit, today),
        "facts": navigation.facts_for_unit(navigation.who_of(request), unit, today),
    }
    province = unit if unit.level == Level.PROVINCE else (context["ancestors"] or [None])[0]
    if province is not None and unit.level in (Level.PROVINCE, Level.COMMUNE):
        if unit.scheme in groups.ATTRIBUTE_SCHEMES[UnitAttribute.COMMUNE_GROUP]:
            context["groups_province"], context["groups_attribute"] = province, UnitAttribute.COMMUNE_GROUP
        elif not province.region:  # the old map: only where the sources leave the region open
            context["groups_province"], context["groups_attribute"] = province, UnitAttribute.REGION
    return render(request, "places/unit_detail.html", context)


def _label(choices, value):
    return choices(value).label if value not in (None, "") else None
