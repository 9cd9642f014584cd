"""What of a producer a public page shows (tamnong.ocop.privacy):
`{% with contact=producer|public_contact %}` and `{% for p in product|public_points_of_sale %}`."""

from django import template

from tamnong.ocop import privacy

register = template.Library()


@register.filter
def public_contact(producer) -> privacy.PublicContact | None:
    return privacy.public_contact(producer) if producer is not None else None


@register.filter
def public_points_of_sale(product) -> list[dict[str, str]]:
    return privacy.public_points_of_sale(product) if product is not None else []
