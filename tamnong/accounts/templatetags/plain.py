"""Filters that show data by its names (tamnong.accounts.history): {% load plain %} then
{{ reference|legal }} (a legal reference without news sites or the project's notes) and
{{ basis|basis }} (how a rule is grounded, in words)."""

from django import template

from tamnong.accounts import history
from tamnong.core.i18n import active_lang

register = template.Library()


@register.filter
def legal(reference: str) -> str:
    return history.legal_text(reference or "", active_lang())


@register.filter
def basis(value: str) -> str:
    return history.basis_text(value or "", active_lang())


@register.filter
def official_link(url: str) -> str:
    return history.official_link(url)
