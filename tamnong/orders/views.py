"""Order pages: the buyer's order form (no account, works without JavaScript), the buyer's status page
at its secret address, and the producer's inbox with its bank account for VietQR payments."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tamnong.core import clock
from tamnong.core.clients import client_key
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.ocop.selectors import producer_get
from tamnong.orders import forms, selectors, services
from tamnong.orders.models import OrderStatus


@dataclass(frozen=True)
class Problem:
    message: str
    field: str


def _problem(exc: DomainError) -> Problem:
    return Problem(exc.message(), exc.field or "")


def _client(request) -> str:
    return client_key(request, "orders")


def order_new(request):
    """`/orders/new/?producer=<id>`: the products of one producer that have a certificate in force
    today, a quantity for each, the buyer's contact and delivery address."""
    producer_id = request.GET.get("producer", "")
    if not producer_id.isdigit():
        raise Http404("?producer=<id> is needed")
    producer = producer_get(int(producer_id))
    if producer is None:
        raise Http404("no producer")
    today = clock.today()
    errors: list[Problem] = []
    posted = request.POST if request.method == "POST" else {}
    status = 200
    if request.method == "POST":
        order_request = forms.OrderForm(request.POST).order_request()
        try:
            order = services.order_create(
                request=order_request, client=_client(request), now=clock.now(), producer=producer
            )
        except services.RateLimitedError as exc:
            errors.append(_problem(exc))
            status = 429
        except DomainError as exc:
            errors.append(_problem(exc))
            status = 400
        else:
            response = redirect("orders-status", token=order.token)
            response.status_code = 303
            return response
    rows = [(s, posted.get(f"qty-{s.product.pk}", "")) for s in selectors.orderable_products(producer, today)]
    response = render(
        request,
        "orders/new.html",
        {
            "producer": producer, "rows": rows, "provinces": selectors.provinces_on(today), "posted": posted,
            "errors": errors, "error_fields": {e.field for e in errors},
        },
        status=status,
    )  # fmt: skip
    return response


def order_status(request, token: str):
    """The buyer's page: items, every status change with its time and the producer's note, the
    payment code once confirmed, and the emails sent to the buyer. Only the secret address opens it."""
    try:
        order = selectors.order_by_token(token)
    except NotFoundError:
        raise Http404("no order") from None
    payload = selectors.order_vietqr(order)
    response = render(
        request,
        "orders/status.html",
        {
            "order": order, "emails": selectors.buyer_emails(order), "vietqr_payload": payload,
            "vietqr_svg": selectors.vietqr_svg(payload) if payload else "",
            "account": getattr(order.producer, "bank_account", None),
        },
    )  # fmt: skip
    # The address is the key: never sent to other sites, never indexed, never cached by proxies.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@dataclass(frozen=True)
class InboxRow:
    order: object  # orders.models.Order
    next_statuses: tuple[str, ...]
    vietqr_payload: str | None
    vietqr_svg: str


@login_required
def inbox(request):
    """`/orders/inbox/`: the orders of the producers this login belongs to (filter by status), the
    moves each may make next, and each producer's bank account."""
    producers = selectors.producers_of(request.user)
    if not producers:
        message = PermissionDeniedError(_("This account belongs to no OCOP producer, so it has no order inbox.")).message()
        return render(request, "imports/forbidden.html", {"message": message}, status=403)
    status = request.GET.get("status", "")
    if status not in OrderStatus.values:
        status = ""
    errors: list[Problem] = []
    if request.method == "POST":
        try:
            anchor = _inbox_action(request, producers)
        except PermissionDeniedError as exc:
            return render(request, "imports/forbidden.html", {"message": exc.message()}, status=403)
        except DomainError as exc:
            errors.append(_problem(exc))
        else:
            query = f"?status={status}" if status else ""
            return redirect(reverse("orders-inbox") + query + anchor)
    rows = []
    for order in selectors.inbox(request.user, status):
        payload = selectors.order_vietqr(order)
        svg = selectors.vietqr_svg(payload) if payload else ""
        rows.append(InboxRow(order, selectors.next_statuses(order), payload, svg))
    return render(
        request,
        "orders/inbox.html",
        {
            "rows": rows, "producers": producers, "status": status, "statuses": OrderStatus.choices,
            "errors": errors, "posted": request.POST if errors else {},
            "failed_order": forms.OrderStatusForm(request.POST)["order"].value() or "" if errors else "",
        },
        status=400 if errors else 200,
    )  # fmt: skip


def _inbox_action(request, producers: list) -> str:
    """One of the inbox's forms: an order's next status, or a producer's bank account. Returns the
    anchor to go back to."""
    now = clock.now()
    form = forms.inbox_form(request.POST, producers=producers)
    posted = form.parsed()
    if isinstance(form, forms.BankAccountForm):
        producer = posted["producer"]
        services.bank_account_save(
            producer=producer, actor=request.user, bank_bin=posted["bank_bin"],
            account_number=posted["account_number"], holder_name=posted["holder_name"], now=now,
        )  # fmt: skip
        return f"#bank-{producer.pk}"
    order = selectors.order_for_producer(posted["order"], request.user)
    services.order_status_change(
        order=order, actor=request.user, status=posted["status"], now=now,
        amount_vnd=posted["amount_vnd"], note=posted["note"],
    )  # fmt: skip
    return f"#order-{order.pk}"
