"""Amounts and counts as users write them in a page: {{ 1250000|vnd }} → "1.250.000 đ";
{{ 2634|count:LANG }} → "2.634" (Vietnamese) or "2,634" (English)."""

from django import template

from tamnong.rules.formatting import format_number

register = template.Library()


@register.filter
def vnd(amount):
    """Every đồng, thousands grouped with dots; empty for no amount."""
    return f"{format_number(amount, 'vi')} đ" if isinstance(amount, int) and not isinstance(amount, bool) else ""


@register.filter
def count(number, lang="vi"):
    """A whole number with its thousands grouped as the page's language writes them; as given otherwise."""
    if isinstance(number, int) and not isinstance(number, bool):
        return format_number(number, "en" if str(lang).startswith("en") else "vi")
    return number
