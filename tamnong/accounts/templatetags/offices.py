"""What the navigation shows an office: {% load offices %} … {% if user|holds_office %}."""

from django import template

from tamnong.accounts.audit_log import holds_office as _holds_office

register = template.Library()


@register.filter
def holds_office(user) -> bool:
    """A national, provincial or district office, or an administrator."""
    return _holds_office(user)
