"""Order requests that buyers send to OCOP producers without an account, the history of each order's
status, and the bank account a producer is paid to (VietQR). The rules live in `services`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tamnong.ocop.models import Producer, Product
from tamnong.places.models import AdminUnit, Level

# Lengths the forms and the API accept (longer input is refused, never cut).
NAME_MAX = 100
PHONE_MAX = 10  # stored as 0 + 9 digits
ADDRESS_MAX = 300
NOTE_MAX = 1000
REASON_MAX = 500
HOLDER_MAX = 50


class OrderStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("order status", "new")
    CONFIRMED = "confirmed", pgettext_lazy("order status", "confirmed")
    SHIPPED = "shipped", pgettext_lazy("order status", "shipped")
    DONE = "done", pgettext_lazy("order status", "done")
    CANCELLED = "cancelled", pgettext_lazy("order status", "cancelled")


class Order(models.Model):
    """A buyer's order request to one producer. `token` is the secret of the buyer's status page (256
    random bits); `code` is the short reference the buyer writes in the bank transfer."""

    token = models.CharField(_("status page key"), max_length=64, unique=True, editable=False)
    code = models.CharField(_("order code"), max_length=16, unique=True, editable=False)
    producer = models.ForeignKey(Producer, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.NEW)
    buyer_name = models.CharField(_("buyer's name"), max_length=NAME_MAX)
    buyer_phone = models.CharField(_("phone"), max_length=PHONE_MAX)
    buyer_email = models.EmailField(_("email"), blank=True)
    province = models.ForeignKey(
        AdminUnit, verbose_name=_("delivery province"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"level": Level.PROVINCE},
    )  # fmt: skip
    address = models.CharField(_("delivery address"), max_length=ADDRESS_MAX)
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), db_index=True)
    updated_at = models.DateTimeField(_("last change"))

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_vnd__isnull=True) | Q(amount_vnd__gt=0), name="order_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.producer}"


class OrderItem(models.Model):
    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    product_name = models.CharField(_("product name when ordered"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "product"], name="order_item_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_item_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} × {self.quantity}"


class OrderStatusChange(models.Model):
    """One move of an order through its statuses, with the producer's note (the reason of a
    cancellation) and the amount set on confirmation; the first row is the order's creation."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="changes")
    status_from = models.CharField(
        pgettext_lazy("status change", "from"), max_length=10, choices=OrderStatus.choices, blank=True
    )
    status_to = models.CharField(pgettext_lazy("status change", "to"), max_length=10, choices=OrderStatus.choices)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("status change", "by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    note = models.CharField(_("producer's note"), max_length=REASON_MAX, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), null=True, blank=True)

    class Meta:
        verbose_name = _("order status change")
        verbose_name_plural = _("order status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.order.code}: {self.status_from or '—'} → {self.status_to}"


class BankAccount(models.Model):
    """The account a producer is paid to: the VietQR code of a confirmed order transfers there."""

    producer = models.OneToOneField(
        Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="bank_account"
    )
    bank_bin = models.CharField(_("bank BIN (NAPAS, 6 digits)"), max_length=6)
    account_number = models.CharField(_("account number"), max_length=19)
    holder_name = models.CharField(_("account holder"), max_length=HOLDER_MAX)
    updated_at = models.DateTimeField(_("last change"))

    class Meta:
        verbose_name = _("bank account for payments")
        verbose_name_plural = _("bank accounts for payments")

    def __str__(self) -> str:
        return f"{self.producer} — {self.bank_bin} {self.account_number}"
