"""What the dashboards say about the latest data of each commune (tamnong.ntm.latest): plain rows and
sentences in the user's language, with dates as dd/mm/yyyy and numbers as Vietnamese users write them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tamnong import rules
from tamnong.ntm import latest as L
from tamnong.ntm.models import Tier


def _d(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _num(value, lang: str) -> str:
    return rules.format_number(value, lang) if value is not None else "—"


def tier_name(tier: str | None) -> str:
    return str(Tier(tier).label) if tier in Tier.values else ""


def edition_name(edition_id: str, editions: dict, lang: str) -> str:
    edition = editions.get(edition_id)
    if edition is None:
        return _("a criteria set no longer held")
    return edition.name_en if lang == "en" else edition.name_vi


def figure_text(f: L.Figure) -> str:
    if f.criteria_met is None:
        return _("data of %(date)s, not evaluated") % {"date": _d(f.on)}
    return _("%(met)s/%(total)s criteria on %(date)s") % {"met": f.criteria_met, "total": f.criteria_total,
                                                          "date": _d(f.on)}  # fmt: skip


def old_figure_text(f: L.Figure) -> str:
    """The label of an old commune's result shown on the new map."""
    text = _("data of the former commune %(name)s of %(date)s, before the merger: %(figure)s") % {
        "name": f.commune.name if f.commune.kind == "xa" else f.commune.title, "date": _d(f.on),
        "figure": _("%(met)s/%(total)s criteria") % {"met": f.criteria_met, "total": f.criteria_total}
        if f.criteria_met is not None else _("not evaluated"),
    }  # fmt: skip
    if not f.whole:
        text += " " + _("(only part of that commune went into this one)")
    return text


def _held(h: L.Held) -> str:
    return f"{h.commune.title}: {tier_name(h.tier) if h.tier else _('not recognised')}"


def inheritance_text(inheritance: L.Inheritance | None) -> str:
    """The inherited status, labelled "inherited from …", with the rule of §7.4 it follows."""
    if inheritance is None:
        return ""
    names = ", ".join(h.commune.title for h in inheritance.sources)
    detail = "; ".join(_held(h) for h in inheritance.sources)
    if inheritance.rule == L.ALL_AT_LEVEL:
        return _(
            "inherited from %(names)s: %(tier)s (every merged commune was recognised at this level; ministry "
            "guidance on new rural development after the reorganisation of administrative units)"
        ) % {"names": names, "tier": tier_name(inheritance.tier)}
    if inheritance.rule == L.HIGHER_MIXED:
        return _(
            "inherited from %(names)s: %(tier)s; the level %(higher)s is to be reviewed, since not every merged "
            "commune held it (%(detail)s)"
        ) % {"names": names, "tier": tier_name(inheritance.tier), "higher": tier_name(inheritance.reviewed_tier),
             "detail": detail}  # fmt: skip
    if inheritance.rule == L.MIXED:
        return _(
            "to be reviewed: the merged communes include recognised and unrecognised ones (%(detail)s); the new "
            "commune is recognised when it meets all the conditions"
        ) % {"detail": detail}
    return _(
        "unknown: the commune took in part of a former commune (%(detail)s); the ministry's guidance does not "
        "cover this case, the coordination office decides"
    ) % {"detail": detail}


def status_text(row: L.CommuneLatest) -> tuple[str, str]:
    """(the level that counts, how it is held): its own decision, or inherited, or to be reviewed."""
    if row.recognised:
        return tier_name(row.recognised), ""
    return (tier_name(row.inherited.tier) if row.inherited and row.inherited.tier else ""), inheritance_text(
        row.inherited
    )


def latest_row(row: L.CommuneLatest, editions: dict, lang: str) -> dict[str, Any]:
    status, how = status_text(row)
    return {
        "unit": row.unit,
        "url": reverse("ntm-unit", args=[row.unit.scheme, row.unit.code]),
        "reported": row.reported,
        "own": figure_text(row.own) if row.own else "",
        "own_edition": edition_name(row.own.edition_id, editions, lang) if row.own else "",
        "old": [old_figure_text(f) for f in row.old],
        "status": status,
        "inherited": bool(how) and bool(status),
        "how": how,
        "latest_on": row.latest_on,
    }


def group_row(g: L.Group, editions: dict, lang: str, cycle: int) -> dict[str, Any]:
    """A province's (or the whole's) coverage, ranking figures and, when empty, why."""
    averages = [
        _("%(average)s/%(total)s criteria per commune (%(n)s results, %(edition)s)")
        % {"average": _num(a.average, lang), "total": a.criteria_total, "n": a.figures,
           "edition": edition_name(a.edition_id, editions, lang)}
        for a in g.averages
    ]  # fmt: skip
    return {
        "unit": g.unit,
        "url": reverse("ntm-unit", args=[g.unit.scheme, g.unit.code]) if g.unit else "",
        "communes": g.communes,
        "reported": g.reported,
        "not_reported": g.communes - g.reported,
        "reported_pct": _num(g.reported_pct, lang),
        "recognised": g.recognised,
        "inherited": g.inherited,
        "to_review": g.to_review,
        "recognised_pct": _num(g.recognised_pct, lang),
        "met_pct": _num(g.met_pct, lang),
        "averages": averages,
        "last_report": g.last_report,
        "with_old_data_only": g.with_old_data_only,
        "without_data": g.without_data,
        "with_data": g.communes - g.without_data,
        "why": no_report_text(g, cycle),
    }


def no_report_text(g: L.Group, cycle: int) -> str:
    """Why a group shows no report of the cycle, in words ("" when some commune reported)."""
    if not g.communes:
        return _("no rural commune: wards are not assessed against the NTM criteria")
    if g.reported:
        return ""
    if g.total or g.with_old_data_only:
        return _("no commune has reported in %(year)s; older results are shown with their dates") % {"year": cycle}
    return _("no commune has reported in %(year)s, and no older result is recorded, of its own or of "
             "the former communes") % {"year": cycle}  # fmt: skip


def latest_markers(data: L.LatestData, editions: dict, lang: str) -> list[dict[str, Any]]:
    """The map's markers: each commune with data of its own, or its former communes' (sums over sums)."""
    out = []
    for row in data.communes:
        figures = [f for f in row.figures if f.criteria_met is not None]
        if not figures or row.unit.lat is None:
            continue
        met = sum(f.criteria_met for f in figures)
        total = sum(f.criteria_total for f in figures)
        tip = figure_text(row.own) if row.own else "; ".join(old_figure_text(f) for f in row.old)
        out.append({
            "code": row.unit.code, "name": row.unit.title, "lat": row.unit.lat, "lon": row.unit.lon,
            "criteria": met, "total": total, "tip": f"{row.unit.title}: {tip}",
            "url": reverse("ntm-unit", args=[row.unit.scheme, row.unit.code]),
        })  # fmt: skip
    return out


def editions_used(data: L.LatestData, editions: dict, lang: str) -> list[str]:
    ids = sorted({f.edition_id for row in data.communes for f in row.figures})
    return [edition_name(i, editions, lang) for i in ids]
