"""Amounts as Vietnamese write them: {{ 1250000|vnd }} → "1.250.000 đ"."""

from django import template

from tamnong.orders.services import vnd as _vnd

register = template.Library()


@register.filter
def vnd(amount):
    return _vnd(amount) if isinstance(amount, int) else ""
