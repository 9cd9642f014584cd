"""Certificates that near their end: the notice to the producer (email and on the producer's page)
and the offices' queue of products to re-evaluate. Every function takes `today`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from tamnong.core.outbox import email_queue
from tamnong.ocop.models import Certificate, Product
from tamnong.ocop.selectors import certificate_state
from tamnong.rules import ocop


@dataclass(frozen=True)
class Notice:
    certificate: Certificate
    state: str
    expires_on: dt.date
    days_left: int

    @property
    def text_vi(self) -> str:
        c = self.certificate
        if self.state == "expired":
            return (
                f"Giấy chứng nhận OCOP {c.stars} sao của «{c.product.name}» (quyết định {c.decision_number}) đã hết "
                f"hạn ngày {self.expires_on:%d/%m/%Y}. Sản phẩm không còn được dùng nhãn OCOP cho đến khi được "
                "đánh giá lại."
            )
        return (
            f"Giấy chứng nhận OCOP {c.stars} sao của «{c.product.name}» (quyết định {c.decision_number}) hết hạn "
            f"ngày {self.expires_on:%d/%m/%Y}, còn {self.days_left} ngày. Hãy nộp hồ sơ đánh giá lại trước ngày đó."
        )

    @property
    def text_en(self) -> str:
        c = self.certificate
        if self.state == "expired":
            return (
                f"The {c.stars}-star OCOP certificate of “{c.product.name}” (decision {c.decision_number}) expired on "
                f"{self.expires_on:%d/%m/%Y}. The product may not use the OCOP label until it is re-evaluated."
            )
        return (
            f"The {c.stars}-star OCOP certificate of “{c.product.name}” (decision {c.decision_number}) ends on "
            f"{self.expires_on:%d/%m/%Y}, in {self.days_left} days. File a re-evaluation before then."
        )


def notices_for(products, today: dt.date) -> list[Notice]:
    """The notices a producer sees: each product's latest certificate once it is within 90 days of its
    end, or has lapsed without a new one."""
    out = []
    for product in products:
        certificate = (
            Certificate.objects.filter(product=product, issued_on__lte=today)
            .select_related("superseded_by", "product__commune")
            .order_by("-issued_on", "-pk")
            .first()
        )
        if certificate is None:
            continue
        state = certificate_state(certificate, today)
        if state in ("expiring", "expired"):
            end = ocop.expires_on(certificate.issued_on)
            out.append(Notice(certificate, state, end, (end - today).days + 1))
    return out


def reevaluation_queue(products, today: dt.date) -> list[Notice]:
    """What an office must bring back to a council: products whose certificate is expiring or lapsed,
    the soonest first."""
    return sorted(notices_for(products, today), key=lambda n: n.expires_on)


@transaction.atomic
def expiry_notices_send(today: dt.date) -> list[Certificate]:
    """Email the producers whose certificate reaches its notice date (30 days before the end) and has
    not been notified, through the outbox (sent after the commit, retried when the mail server refuses)."""
    sent = []
    candidates = Certificate.objects.filter(
        notice_sent_on__isnull=True, revoked_on__isnull=True, superseded_by__isnull=True
    )
    for certificate in candidates.select_related("product__producer"):
        if today < ocop.notice_due_on(certificate.issued_on) or certificate_state(certificate, today) != "expiring":
            continue
        notice = Notice(certificate, "expiring", ocop.expires_on(certificate.issued_on),
                        (ocop.expires_on(certificate.issued_on) - today).days + 1)  # fmt: skip
        if certificate.product.producer.email:
            email_queue(certificate.product.producer.email, "Giấy chứng nhận OCOP sắp hết hạn",
                        f"{notice.text_vi}\n\n{notice.text_en}", about=certificate)  # fmt: skip
        certificate.notice_sent_on = today
        certificate.save(update_fields=["notice_sent_on"])
        sent.append(certificate)
    return sent


def producer_products(user):
    return Product.objects.filter(producer__members=user).select_related("producer")
