"""One navigation for the whole site, computed for the user who asks: the menu's entries, the blocks of a
user's home page and the links of a unit's page.

Each app declares its own in a module `navigation.py` (tamnong/<app>/navigation.py), imported once on
first use (as Django's admin discovers `admin.py`), so that a lower layer never imports a higher one (ADR 0008):

    navigation.entry("ocop", _("My OCOP products"), "ocop-producer", order=10, visible=is_producer)

    @navigation.home_block(order=40)
    def my_lots(who, on): ...          # a Block, or None when the user has nothing there

    @navigation.unit_links(order=20)
    def ocop_links(who, unit, on): ... # a list of Link

    @navigation.unit_facts(order=10)
    def standing(who, unit, on): ...   # a list of Fact (a line of the unit's facts, with a link)

`visible`, blocks and links read what the user may do through `who` (a Who, one per request): each fact
(the roles, whether the user belongs to a producer, …) is read once with `who.memo(key, compute)`. The
menu shows an entry only to a user who may use the page; the page itself still checks (this module
decides nothing about permissions, it only hides what would be refused).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    label: Any
    order: int


# The menu's sections, in order. An app adds entries to one of them.
SECTIONS = (
    Section("home", _("My work"), 0),
    Section("ntm", _("New Rural Development"), 10),
    Section("ocop", _("OCOP"), 20),
    Section("trace", _("Traceability"), 30),
    Section("orders", _("Orders"), 40),
    Section("catalog", _("Public pages"), 50),
    Section("reference", _("Reference data"), 60),
    Section("account", _("Account and offices"), 70),
)


class Who:
    """The user a page is computed for, and the facts about it the predicates read, each read once."""

    def __init__(self, user):
        self.user = user
        self._memo: dict[str, Any] = {}

    @property
    def authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @property
    def superuser(self) -> bool:
        return self.authenticated and bool(self.user.is_superuser)

    def memo(self, key: str, compute: Callable[[Any], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute(self.user)
        return self._memo[key]


def always(who: Who) -> bool:
    return True


def signed_in(who: Who) -> bool:
    return who.authenticated


@dataclass(frozen=True)
class Entry:
    section: str
    label: Any
    url_name: str
    order: int = 50
    visible: Callable[[Who], bool] = always
    anchor: str = ""


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str


@dataclass(frozen=True)
class MenuSection:
    key: str
    label: str
    links: tuple[MenuLink, ...]


@dataclass(frozen=True)
class Item:
    """One line of a home block: what it is, where the work is done, and how urgent (due, late, ok)."""

    text: str
    url: str = ""
    detail: str = ""
    tone: str = ""


@dataclass(frozen=True)
class Block:
    """A block of a home page: a title, the lines, a link to the page where the work is done."""

    key: str
    title: str
    items: tuple[Item, ...] = ()
    note: str = ""
    more_url: str = ""
    more_label: str = ""
    empty: str = ""
    order: int = 50
    review: bool = False  # a review queue (what waits for the user's decision)


@dataclass(frozen=True)
class Link:
    """A link of a unit's page to the unit's records in another part of Tamnông."""

    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Fact:
    """A line of a unit page's facts that another part of Tamnông knows (e.g. the commune's recognition):
    what it is, its value, how it is held, and a link to the page where it comes from."""

    key: str  # the line's id on the page
    label: str
    value: str
    detail: str = ""
    url: str = ""
    url_label: str = ""


@dataclass
class _Registry:
    entries: list[Entry] = field(default_factory=list)
    blocks: list[tuple[int, Callable]] = field(default_factory=list)
    unit_links: list[tuple[int, Callable]] = field(default_factory=list)
    unit_facts: list[tuple[int, Callable]] = field(default_factory=list)
    discovered: bool = False


_registry = _Registry()


def entry(
    section: str, label, url_name: str, *, order: int = 50, visible: Callable[[Who], bool] = always, anchor: str = ""
) -> None:
    """Declare a menu entry of a section (a page without arguments, named by its URL name, and an
    anchor of it if given)."""
    if section not in {s.key for s in SECTIONS}:
        raise ValueError(f"unknown menu section {section!r}")
    key = (section, url_name, anchor)
    if any((e.section, e.url_name, e.anchor) == key for e in _registry.entries):
        return  # a module imported twice declares nothing twice
    _registry.entries.append(Entry(section, label, url_name, order, visible, anchor))


def home_block(*, order: int = 50):
    """Declare a builder of home blocks: fn(who, on) -> Block | list[Block] | None."""

    def decorate(fn):
        if fn.__qualname__ not in {f.__qualname__ for _, f in _registry.blocks if f.__module__ == fn.__module__}:
            _registry.blocks.append((order, fn))
        return fn

    return decorate


def _declare(builders: list[tuple[int, Callable]], order: int):
    def decorate(fn):
        if fn.__qualname__ not in {f.__qualname__ for _, f in builders if f.__module__ == fn.__module__}:
            builders.append((order, fn))
        return fn

    return decorate


def unit_links(*, order: int = 50):
    """Declare a builder of a unit page's links: fn(who, unit, on) -> list[Link]."""
    return _declare(_registry.unit_links, order)


def unit_facts(*, order: int = 50):
    """Declare a builder of a unit page's facts: fn(who, unit, on) -> list[Fact]."""
    return _declare(_registry.unit_facts, order)


def _discover() -> _Registry:
    """Import the `navigation` module of each of Tamnông's apps, once."""
    if not _registry.discovered:
        for config in apps.get_app_configs():
            if config.name.startswith("tamnong.") and module_has_submodule(config.module, "navigation"):
                import_module(f"{config.name}.navigation")
        _registry.discovered = True
    return _registry


def menu(who: Who) -> list[MenuSection]:
    """The sections of the menu with the entries the user may use, in order; empty sections left out."""
    registry = _discover()
    out = []
    for section in SECTIONS:
        entries = sorted((e for e in registry.entries if e.section == section.key), key=lambda e: (e.order, e.url_name))
        links = tuple(
            MenuLink(str(e.label), reverse(e.url_name) + (f"#{e.anchor}" if e.anchor else ""))
            for e in entries
            if e.visible(who)
        )
        if links:
            out.append(MenuSection(section.key, str(section.label), links))
    return out


def blocks(who: Who, on: dt.date) -> list[Block]:
    """The home blocks of the user on a date, in order."""
    out: list[Block] = []
    for _order, build in sorted(_discover().blocks, key=lambda pair: pair[0]):
        result = build(who, on)
        if result is None:
            continue
        out.extend(result if isinstance(result, list | tuple) else [result])
    return sorted(out, key=lambda b: b.order)


def links_for_unit(who: Who, unit, on: dt.date) -> list[Link]:
    """The links of a unit's page to its records elsewhere, those the user may open."""
    out: list[Link] = []
    for _order, build in sorted(_discover().unit_links, key=lambda pair: pair[0]):
        out.extend(build(who, unit, on) or [])
    return out


def facts_for_unit(who: Who, unit, on: dt.date) -> list[Fact]:
    """The facts of a unit's page that other parts of Tamnông know, in order."""
    out: list[Fact] = []
    for _order, build in sorted(_discover().unit_facts, key=lambda pair: pair[0]):
        out.extend(build(who, unit, on) or [])
    return out


def who_of(request) -> Who:
    """The request's Who (one per request, so each fact is read once for the menu and the page)."""
    who = getattr(request, "_tamnong_who", None)
    if who is None or who.user is not request.user:
        who = Who(request.user)
        request._tamnong_who = who
    return who


def context(request) -> dict:
    """Template context processor: `menu`, computed only if the page shows it."""
    return {"menu": SimpleLazyObject(lambda: menu(who_of(request)))}
