"""Writes of orders: a buyer's order request (checked field by field, spam refused), the producer's
moves of an order through its statuses, and the producer's bank account for VietQR payments. Every
refusal is a DomainError in Vietnamese naming its field; nothing half-saved; every function takes
`now` (the day is the local date of `now`). Emails go through the outbox after the commit.

The producer's side are acts of tamnong.accounts.authority (`orders.status.change`,
`orders.bank_account.save`): the producer's own logins (or the system), on the producer's commune, on
the day of `now`; each is audited with the commune and before → after."""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy
from redis.exceptions import RedisError

from tamnong.accounts import authority
from tamnong.core import clock
from tamnong.core.actors import user_of
from tamnong.core.errors import DomainError
from tamnong.core.i18n import Bilingual
from tamnong.core.outbox import email_queue
from tamnong.core.site import site_url
from tamnong.core.templatetags import money as money_filters
from tamnong.ocop.models import Producer, Product
from tamnong.ocop.selectors import IN_FORCE, product_standing
from tamnong.orders import vietqr
from tamnong.orders.models import (
    ADDRESS_MAX,
    HOLDER_MAX,
    NAME_MAX,
    NOTE_MAX,
    REASON_MAX,
    BankAccount,
    Order,
    OrderItem,
    OrderStatus,
    OrderStatusChange,
)
from tamnong.orders.workflow import ORDER, STATUS_TEXT
from tamnong.places.models import AdminUnit, Level
from tamnong.places.schemes import scheme_on
from tamnong.rules.formatting import format_number
from tamnong.rules.money import AmountError, parse_vnd

RATE_LIMIT = 5  # order requests a client may send ...
RATE_WINDOW = dt.timedelta(hours=1)  # ... within this window
ITEMS_MAX = 50
QUANTITY_MAX = 10_000
AMOUNT_MAX = 10**vietqr.AMOUNT_MAX - 1  # what the VietQR amount (ID 54) can carry
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed into bank apps
CACHE_ERRORS = (RedisError, OSError)  # what the Redis cache raises while Redis is down

logger = logging.getLogger(__name__)

_MOBILE = re.compile(r"0[35789][0-9]{8}")
_SEPARATORS = re.compile(r"[\s.\-()]")
_HOLDER = re.compile(r"[A-Z0-9 .,&()/-]+")


class RateLimitedError(DomainError):
    """Too many order requests from one client within the window."""

    def __init__(self, retry_after: int):
        minutes = max(1, -(-retry_after // 60))
        super().__init__(
            gettext_lazy(
                "You have sent %(rate_limit)s orders within the last hour, the most allowed. Try again in "
                "%(minutes)s minutes."
            ),
            {"rate_limit": RATE_LIMIT, "minutes": minutes},
        )
        self.retry_after = retry_after


def vnd(amount: int | None) -> str:
    """1250000 → "1.250.000 đ", as Vietnamese write amounts (in emails and messages)."""
    return money_filters.vnd(amount)


# --- checks of the buyer's input ----------------------------------------------------------------------


def phone_clean(text: str) -> str:
    """A Vietnamese mobile number, written 0912 345 678, 0912.345.678 or +84 912 345 678, as
    "0912345678": ten digits whose second is 3, 5, 7, 8 or 9 (the mobile prefixes since the 2018
    move from 11 to 10 digits)."""
    raw = (text or "").strip()
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not _MOBILE.fullmatch(digits):
        raise DomainError(
            gettext_lazy(
                "Phone “%(raw)s” is not a Vietnamese mobile number: 10 digits starting 03, 05, 07, 08 or "
                "09 (e.g. 0912 345 678)."
            ),
            {"raw": raw},
            field="phone",
        )
    return digits


def email_clean(text: str) -> str:
    """An email address, or "" when none is given."""
    value = (text or "").strip()
    if not value:
        return ""
    try:
        EmailValidator()(value)
    except ValidationError:
        raise DomainError(
            gettext_lazy("Email “%(value)s” is not valid (e.g. name@example.vn). It may be left empty."),
            {"value": value},
            field="email",
        ) from None
    return value


def _text(value: Any, field: str, label_vi: str, label_en: str, most: int, *, required: bool) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(
            gettext_lazy("Enter the %(label_en)s."),
            {"label_en": Bilingual(label_vi, label_en)},
            field=field,
        )
    if len(text) > most:
        raise DomainError(
            gettext_lazy("The %(label)s is %(length)s characters long; at most %(most)s."),
            {"label": Bilingual(label_vi[:1].upper() + label_vi[1:], label_en), "length": len(text), "most": most},
            field=field,
        )
    return text


def province_get(key: str, today: dt.date) -> AdminUnit:
    """A province (or centrally-run city) on the list in force on `today`, by its key ("2025-07:01")
    or its code on that list ("01")."""
    in_force = scheme_on(today)
    raw = str(key or "").strip()
    scheme, _, code = raw.rpartition(":")
    scheme = scheme or (in_force.scheme if in_force else "")
    unit = AdminUnit.objects.filter(scheme=scheme, code=code, level=Level.PROVINCE).first() if code else None
    if unit is None:
        if not raw:
            raise DomainError(gettext_lazy("Choose the delivery province."), field="province")
        raise DomainError(gettext_lazy("No province “%(raw)s”. Choose one from the list."), {"raw": raw}, field="province")
    if in_force is None or unit.scheme != in_force.scheme:
        raise DomainError(
            gettext_lazy(
                "%(unit_title)s is on the %(unit_scheme)s list, not in force on %(today)s: choose a "
                "province of the %(value)s list."
            ),
            {
                "unit_title": unit.title,
                "unit_scheme": unit.scheme,
                "today": format(today, '%d/%m/%Y'),
                "value": in_force.scheme if in_force else '—',
            },
            field="province",
        )
    return unit


def quantity_parse(value: Any, product_name: str, field: str) -> int:
    """A whole quantity from 1 to QUANTITY_MAX ("2", 2)."""
    text = str(value).strip() if value is not None else ""
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if number is None and text.isdigit():
        number = int(text)
    if number is None or not 1 <= number <= QUANTITY_MAX:
        raise DomainError(
            gettext_lazy("The quantity of “%(product)s” must be a whole number from 1 to %(most)s (got “%(text)s”)."),
            {"product": product_name, "most": Bilingual(format_number(QUANTITY_MAX), format_number(QUANTITY_MAX, "en")),
             "text": text},  # fmt: skip
            field=field,
        )
    return number


def amount_parse(value: Any) -> int:
    """An amount in whole đồng above 0: 250000, "250000", "250.000" or "250 000"."""
    text = str(value).strip() if value is not None else ""
    try:
        amount = parse_vnd(value)
    except AmountError:
        amount = None
    if amount is None or not 0 < amount <= AMOUNT_MAX:
        raise DomainError(
            gettext_lazy("Amount “%(text)s” is not valid: a whole number of đồng above 0 (e.g. 250000)."),
            {"text": text},
            field="amount_vnd",
        )
    return amount


# --- the buyer's order request ------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderRequest:
    """What a buyer sends: items as (product id, quantity as typed), contact and delivery."""

    items: list[tuple[Any, Any]]
    name: str
    phone: str
    province: str
    address: str
    email: str = ""
    note: str = ""
    honeypot: str = ""  # a field humans never see, so never fill


def _rate_key(client: str) -> str:
    return f"orders:sent:{client}"


def rate_check(client: str, now: dt.datetime) -> list[float]:
    """The times of this client's accepted requests within the window; RateLimitedError once there
    are RATE_LIMIT of them."""
    window_start = (now - RATE_WINDOW).timestamp()
    try:
        stored = cache.get(_rate_key(client), [])
    except CACHE_ERRORS as exc:
        # Redis restarting: an order is worth more than the spam check of a few seconds.
        logger.warning("order rate limit not checked, the cache is unreachable: %s: %s", type(exc).__name__, exc)
        stored = []
    recent = [t for t in stored if t > window_start]
    if len(recent) >= RATE_LIMIT:
        raise RateLimitedError(retry_after=max(1, math.ceil(min(recent) - window_start)))
    return recent


def _rate_record(client: str, recent: list[float], now: dt.datetime) -> None:
    try:
        cache.set(_rate_key(client), [*recent, now.timestamp()], timeout=int(RATE_WINDOW.total_seconds()))
    except CACHE_ERRORS as exc:
        logger.warning("order rate limit not recorded, the cache is unreachable: %s: %s", type(exc).__name__, exc)


def _new_code() -> str:
    for _ in range(10):
        code = "DH" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not Order.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free order code after 10 draws")  # 32^8 codes: never in practice


def _items(raw: list[tuple[Any, Any]], producer: Producer | None, today: dt.date) -> list[tuple[Product, int]]:
    if not raw:
        raise DomainError(
            gettext_lazy("The order has no item: enter a quantity for at least one product."),
            field="items",
        )
    if len(raw) > ITEMS_MAX:
        raise DomainError(
            gettext_lazy("An order has at most %(items_max)s items."),
            {"items_max": ITEMS_MAX},
            field="items",
        )
    ids = []
    for i, (product_id, _quantity) in enumerate(raw):
        if isinstance(product_id, bool) or not str(product_id).strip().isdigit():
            raise DomainError(
                gettext_lazy("Product id “%(product_id)s” is not valid."),
                {"product_id": product_id},
                field=f"items.{i}.product",
            )  # fmt: skip
        ids.append(int(str(product_id).strip()))
    products = Product.objects.select_related("producer").in_bulk(ids)
    out: list[tuple[Product, int]] = []
    seen: set[int] = set()
    for i, ((_, quantity), pk) in enumerate(zip(raw, ids, strict=True)):
        product = products.get(pk)
        if product is None:
            raise DomainError(gettext_lazy("No product %(pk)s."), {"pk": pk}, field=f"items.{i}.product")
        if pk in seen:
            raise DomainError(
                gettext_lazy("“%(product_name)s” is listed twice: put it on one line."),
                {"product_name": product.name},
                field=f"items.{i}.product",
            )
        seen.add(pk)
        owner = producer or (out[0][0].producer if out else product.producer)
        if product.producer_id != owner.pk:
            raise DomainError(
                gettext_lazy(
                    "One order holds the products of one producer: “%(product_name)s” is "
                    "%(producer_name)s's, not %(owner_name)s's. Send separate orders."
                ),
                {"product_name": product.name, "producer_name": product.producer.name, "owner_name": owner.name},
                field="items",
            )
        standing = product_standing(product, today)
        if standing is None or standing.state not in IN_FORCE:
            raise DomainError(
                gettext_lazy(
                    "“%(product_name)s” has no OCOP certificate in force on %(today)s, so it cannot be "
                    "ordered."
                ),
                {"product_name": product.name, "today": format(today, '%d/%m/%Y')},
                field=f"items.{i}.product",
            )
        out.append((product, quantity_parse(quantity, product.name, f"items.{i}.quantity")))
    return out


@authority.acts("orders.order.create")
def order_create(*, request: OrderRequest, client: str, now: dt.datetime, producer: Producer | None = None) -> Order:
    """A buyer's order request to one producer (the producer of every item; `producer`, when given,
    is the one whose form the buyer used). The buyer and the producer are emailed after the commit.
    The buyer has no account: the act is the public's (the table's `orders.order.create`), audited."""
    if request.honeypot.strip():
        # A robot filled the field humans do not see: refused without saying why, nothing saved.
        raise DomainError(gettext_lazy("The order could not be sent. Reload the page and try again."))
    recent = rate_check(client, now)
    today = clock.local_date(now)
    items = _items(list(request.items), producer, today)
    name = _text(request.name, "name", "họ và tên người mua", "buyer's name", NAME_MAX, required=True)
    phone = phone_clean(request.phone)
    email = email_clean(request.email)
    province = province_get(request.province, today)
    address = _text(request.address, "address", "địa chỉ nhận hàng", "delivery address", ADDRESS_MAX, required=True)
    note = _text(request.note, "note", "ghi chú", "note", NOTE_MAX, required=False)
    grant = authority.authorize(AnonymousUser(), "orders.order.create", unit=items[0][0].producer.commune, on=today)
    order = Order.objects.create(
        token=secrets.token_urlsafe(32), code=_new_code(), producer=items[0][0].producer, buyer_name=name,
        buyer_phone=phone, buyer_email=email, province=province, address=address, note=note, created_at=now,
        updated_at=now,
    )  # fmt: skip
    OrderItem.objects.bulk_create(OrderItem(order=order, product=p, product_name=p.name, quantity=q) for p, q in items)
    OrderStatusChange.objects.create(order=order, status_to=OrderStatus.NEW, at=now)
    authority.audit(grant, target=order, after={"code": order.code, "status": order.status,
                                                "items": [[p.name, q] for p, q in items]})  # fmt: skip
    _rate_record(client, recent, now)
    if email:
        email_queue(email, f"Tamnông: đã nhận đơn hàng {order.code}", _buyer_created_body(order), about=order, now=now)
    if order.producer.email:
        email_queue(
            order.producer.email, f"Tamnông: đơn hàng mới {order.code}", _producer_body(order), about=order, now=now
        )
    return order


def status_url(order: Order) -> str:
    return site_url() + reverse("orders-status", args=[order.token])


def _lines(order: Order) -> str:
    return "\n".join(f"- {item.product_name} × {item.quantity}" for item in order.items.all())


def _buyer_created_body(order: Order) -> str:
    return (
        f"Chào {order.buyer_name},\n\n{order.producer.name} đã nhận đơn hàng {order.code} của bạn:\n{_lines(order)}\n\n"
        f"Xem trạng thái đơn hàng: {status_url(order)}\n"
        "Giữ kín đường dẫn này: ai có nó đều xem được đơn hàng.\n\n"
        f"—\nHello {order.buyer_name},\n\n{order.producer.name} has received your order {order.code}.\n"
        f"Follow it at: {status_url(order)}\n"
    )


def _producer_body(order: Order) -> str:
    return (
        f"Đơn hàng mới {order.code} từ {order.buyer_name} ({order.buyer_phone}):\n{_lines(order)}\n\n"
        f"Giao đến: {order.address}, {order.province.title}\n"
        + (f"Ghi chú: {order.note}\n" if order.note else "")
        + f"\nXác nhận hoặc huỷ đơn tại: {site_url()}{reverse('orders-inbox')}\n\n"
        f"—\nNew order {order.code} from {order.buyer_name}; confirm or cancel it in your inbox.\n"
    )


def _buyer_status_body(order: Order, change: OrderStatusChange) -> str:
    status_vi, status_en = STATUS_TEXT[order.status]
    lines = [f"Chào {order.buyer_name},", "", f"Đơn hàng {order.code} của bạn {status_vi}."]
    if change.amount_vnd:
        lines.append(f"Số tiền cần thanh toán: {vnd(change.amount_vnd)}.")
    if change.note:
        lines.append(f"Lời nhắn của {order.producer.name}: {change.note}")
    lines += ["", f"Xem đơn hàng: {status_url(order)}", "", "—", f"Your order {order.code} is now {status_en}."]
    return "\n".join(lines) + "\n"


# --- the producer's side ------------------------------------------------------------------------------


def producer_authorize(actor, action: str, producer: Producer, on: dt.date) -> authority.Grant:
    """The grant for an act on the producer's own orders or account: its logins (the table's
    producer role), on the producer's commune, on the day; or NotAuthorised."""
    return authority.authorize(actor, action, unit=producer.commune, on=on, producer=producer)


@authority.acts("orders.status.change")
def order_status_change(
    *, order: Order, actor, status: str, now: dt.datetime, amount_vnd: Any = None, note: str = ""
) -> Order:
    """Move an order to its next status: confirm it with the amount to pay (VND), ship it, close it
    as done, or cancel it (from new or confirmed) with a reason. The buyer is emailed."""
    grant = producer_authorize(actor, "orders.status.change", order.producer, clock.local_date(now))
    order = Order.objects.select_for_update().select_related("producer").get(pk=order.pk)
    ORDER.transition(order.status, status, grant=grant, code=order.code)
    note = _text(note, "note", "lời nhắn", "note", REASON_MAX, required=status == OrderStatus.CANCELLED)
    amount = amount_parse(amount_vnd) if status == OrderStatus.CONFIRMED else None
    before = {"status": order.status, "amount_vnd": order.amount_vnd}
    change = OrderStatusChange.objects.create(
        order=order, status_from=order.status, status_to=status, at=now, actor=user_of(actor), note=note,
        amount_vnd=amount,
    )
    order.status, order.updated_at = status, now
    if amount is not None:
        order.amount_vnd = amount
    order.save(update_fields=["status", "updated_at", "amount_vnd"])
    authority.audit(grant, target=order, before=before,
                    after={"status": status, "amount_vnd": order.amount_vnd, "note": note})  # fmt: skip
    if order.buyer_email:
        email_queue(
            order.buyer_email, f"Tamnông: đơn hàng {order.code} {STATUS_TEXT[status][0]}",
            _buyer_status_body(order, change), about=order, now=now,
        )  # fmt: skip
    return order


def holder_fold(text: str) -> str:
    """An account holder's name as banks print it: upper case, no diacritics, single spaces
    ("Nguyễn Thị Đào" → "NGUYEN THI DAO"). Anything else is kept, for the check to refuse it."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFC", bare).upper().split())


@authority.acts("orders.bank_account.save")
def bank_account_save(
    *, producer: Producer, actor, bank_bin: str, account_number: str, holder_name: str, now: dt.datetime
) -> BankAccount:
    """The account a producer's VietQR codes pay into; each change is in the audit log."""
    grant = producer_authorize(actor, "orders.bank_account.save", producer, clock.local_date(now))
    bank_bin = re.sub(r"\s", "", bank_bin or "")
    if not re.fullmatch(r"[0-9]{6}", bank_bin):
        raise DomainError(
            gettext_lazy(
                "Bank BIN “%(bank_bin)s” is not valid: exactly 6 digits (the bank's NAPAS code, e.g. "
                "970436)."
            ),
            {"bank_bin": bank_bin},
            field="bank_bin",
        )
    account_number = re.sub(r"[\s.\-]", "", account_number or "")
    if not re.fullmatch(r"[0-9]{6,19}", account_number):
        raise DomainError(
            gettext_lazy("Account number “%(account_number)s” is not valid: 6 to 19 digits."),
            {"account_number": account_number},
            field="account_number",
        )
    holder = holder_fold(holder_name)
    if not holder or len(holder) > HOLDER_MAX or not _HOLDER.fullmatch(holder):
        raise DomainError(
            gettext_lazy(
                "Account holder “%(holder_name)s” is not valid: the name as the bank prints it, at most "
                "%(holder_max)s characters."
            ),
            {"holder_name": holder_name, "holder_max": HOLDER_MAX},
            field="holder_name",
        )
    current = BankAccount.objects.select_for_update().filter(producer=producer).first()
    before = (
        {"bank_bin": current.bank_bin, "account_number": current.account_number, "holder_name": current.holder_name}
        if current
        else None
    )
    after = {"bank_bin": bank_bin, "account_number": account_number, "holder_name": holder}
    if before == after:
        return current
    account, _ = BankAccount.objects.update_or_create(producer=producer, defaults={**after, "updated_at": now})
    authority.audit(grant, target=account, before=before, after=after)
    return account
