"""The OCOP certificate as a printable A4 PDF, in Vietnamese (WeasyPrint, DejaVu fonts)."""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation

from tamnong.ocop.models import Certificate
from tamnong.ocop.selectors import certificate_state
from tamnong.places.selectors import unit_full_name
from tamnong.rules import ocop


def certificate_pdf(certificate: Certificate, *, today: dt.date) -> bytes:
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango, which only the PDF needs

    with translation.override("vi"):
        html = render_to_string(
            "ocop/certificate_pdf.html",
            {
                "c": certificate,
                "commune": unit_full_name(certificate.product.commune),
                "issuer": unit_full_name(certificate.issuer) if certificate.issuer else "",
                "expires_on": ocop.expires_on(certificate.issued_on),
                "state": certificate_state(certificate, today),
                "today": today,
                "stars": "★" * certificate.stars,
            },
        )
    return HTML(string=html).write_pdf()
