"""Amounts as Vietnamese write them in a page: {{ 1250000|vnd }} → "1.250.000 đ"."""

from django import template

from tamnong.rules.formatting import format_number

register = template.Library()


@register.filter
def vnd(amount):
    """Every đồng, thousands grouped with dots; empty for no amount."""
    return f"{format_number(amount, 'vi')} đ" if isinstance(amount, int) and not isinstance(amount, bool) else ""
