"""The orders API: a buyer sends an order (public, same checks and limits as the form) and reads it by
its secret key; a producer's logins list their orders and move them to their next status."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.core import clock
from tamnong.core.clients import client_key
from tamnong.core.errors import DomainError
from tamnong.orders import selectors, services
from tamnong.orders.models import OrderStatus


class ItemSerializer(serializers.Serializer):
    product = serializers.JSONField(help_text="id of the product")
    quantity = serializers.JSONField(help_text="whole number, 1 or more")


class OrderCreateSerializer(serializers.Serializer):
    items = serializers.ListField(child=ItemSerializer(), help_text="products of ONE producer, each with its quantity")
    name = serializers.CharField(allow_blank=True, trim_whitespace=False, help_text="họ và tên người mua")
    phone = serializers.CharField(allow_blank=True, help_text="số di động Việt Nam, ví dụ 0912 345 678")
    email = serializers.CharField(required=False, allow_blank=True, default="", help_text="không bắt buộc")
    province = serializers.CharField(
        allow_blank=True, help_text="tỉnh, thành phố trên danh mục đang dùng: <danh mục>:<mã>, ví dụ 2025-07:01"
    )
    address = serializers.CharField(allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    website = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="leave empty (a trap for robots)"
    )


class OrderCreatedSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="the key of the buyer's status page: keep it secret")
    code = serializers.CharField(help_text="the order's reference, written in the bank transfer")
    status = serializers.CharField()
    status_url = serializers.CharField()


class OrderItemSerializer(serializers.Serializer):
    product = serializers.IntegerField(source="product_id")
    product_name = serializers.CharField()
    quantity = serializers.IntegerField()


class StatusChangeSerializer(serializers.Serializer):
    status_from = serializers.CharField()
    status_to = serializers.CharField()
    at = serializers.DateTimeField()
    note = serializers.CharField()
    amount_vnd = serializers.IntegerField(allow_null=True)


class EmailSerializer(serializers.Serializer):
    subject = serializers.CharField(source="email.subject")
    created_at = serializers.DateTimeField(source="email.created_at")
    sent_at = serializers.DateTimeField(source="email.sent_at", allow_null=True)
    state = serializers.CharField(help_text="queued, sent, retrying (failed, tried again later) or failed (given up)")


class OrderSerializer(serializers.Serializer):
    """An order as its buyer sees it."""

    code = serializers.CharField()
    producer = serializers.CharField(source="producer.name")
    status = serializers.CharField(help_text="new, confirmed, shipped, done or cancelled")
    created_at = serializers.DateTimeField()
    items = OrderItemSerializer(many=True, source="items.all")
    amount_vnd = serializers.IntegerField(allow_null=True)
    province = serializers.CharField(source="province.key")
    address = serializers.CharField()
    note = serializers.CharField()
    changes = StatusChangeSerializer(many=True, source="changes.all")
    vietqr = serializers.SerializerMethodField(help_text="the VietQR payload that pays a confirmed order, or null")

    def get_vietqr(self, order) -> str | None:
        return selectors.order_vietqr(order)


class BuyerOrderSerializer(OrderSerializer):
    emails = serializers.SerializerMethodField()

    def get_emails(self, order) -> list[dict]:
        return EmailSerializer(selectors.buyer_emails(order), many=True).data


class InboxOrderSerializer(OrderSerializer):
    """An order as its producer sees it: with the buyer's contact and the moves it may make next."""

    id = serializers.IntegerField(source="pk")
    buyer_name = serializers.CharField()
    buyer_phone = serializers.CharField()
    buyer_email = serializers.CharField()
    next_statuses = serializers.SerializerMethodField()

    def get_next_statuses(self, order) -> list[str]:
        return list(selectors.next_statuses(order))


def _client(request) -> str:
    return client_key(request, "orders")


class OrderCreateApi(APIView):
    """Anyone may send an order request: no account, limited per client and hour."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="orders_create",
        summary="Gửi đơn đặt hàng đến một chủ thể OCOP (không cần tài khoản; tối đa 5 đơn mỗi giờ cho một máy)",
        request=OrderCreateSerializer,
        responses={201: OrderCreatedSerializer, 400: OpenApiResponse(description="a field is refused"),
                   429: OpenApiResponse(description="too many orders from this client within an hour")},
    )  # fmt: skip
    def post(self, request):
        data = OrderCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        order_request = services.OrderRequest(
            items=[(item["product"], item["quantity"]) for item in fields["items"]], name=fields["name"],
            phone=fields["phone"], email=fields["email"], province=fields["province"], address=fields["address"],
            note=fields["note"], honeypot=fields["website"],
        )  # fmt: skip
        try:
            order = services.order_create(request=order_request, client=_client(request), now=clock.now())
        except services.RateLimitedError as exc:
            raise exceptions.Throttled(wait=exc.retry_after, detail=exc.message()) from None
        return Response(
            OrderCreatedSerializer(
                {
                    "token": order.token,
                    "code": order.code,
                    "status": order.status,
                    "status_url": services.status_url(order),
                }
            ).data,
            status=201,
        )


class OrderDetailApi(APIView):
    """The buyer's order, public to whoever holds its key."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="orders_get", summary="Một đơn hàng theo mã bí mật của người mua: sản phẩm, trạng thái, lịch sử, email",
        responses=BuyerOrderSerializer,
    )  # fmt: skip
    def get(self, request, token: str):
        return Response(BuyerOrderSerializer(selectors.order_by_token(token)).data)


class InboxApi(APIView):
    permission_classes = [IsAuthenticated]

    class FilterSerializer(serializers.Serializer):
        status = serializers.CharField(required=False, help_text="new, confirmed, shipped, done or cancelled")

        def validate_status(self, value: str) -> str:
            if value not in OrderStatus.values:
                raise serializers.ValidationError(
                    DomainError(
                        _("No status “%(value)s”: %(orderstatus_values)s."),
                        {"value": value, "orderstatus_values": ', '.join(OrderStatus.values)},
                    ).message()
                )
            return value

    @extend_schema(
        operation_id="orders_inbox", summary="Đơn hàng gửi đến các chủ thể của tài khoản, lọc theo trạng thái",
        parameters=[FilterSerializer], responses=InboxOrderSerializer(many=True),
    )  # fmt: skip
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        if not selectors.producers_of(request.user):
            raise exceptions.PermissionDenied(
                DomainError(_("This account belongs to no OCOP producer.")).message()
            )
        orders = selectors.inbox(request.user, filters.validated_data.get("status", ""))
        return Response(InboxOrderSerializer(orders, many=True).data)


class OrderStatusApi(APIView):
    permission_classes = [IsAuthenticated]

    class ChangeSerializer(serializers.Serializer):
        status = serializers.CharField(help_text="confirmed, shipped, done or cancelled")
        amount_vnd = serializers.JSONField(required=False, help_text="số tiền (đồng), bắt buộc khi xác nhận")
        note = serializers.CharField(required=False, allow_blank=True, default="", help_text="bắt buộc khi huỷ")

    @extend_schema(
        operation_id="orders_status_change",
        summary="Chủ thể chuyển đơn hàng sang trạng thái tiếp theo: xác nhận (kèm số tiền), giao hàng, hoàn tất, "
        "hoặc huỷ (kèm lý do)",
        request=ChangeSerializer, responses=InboxOrderSerializer,
    )  # fmt: skip
    def post(self, request, pk: int):
        data = self.ChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = selectors.order_for_producer(pk, request.user)
        order = services.order_status_change(order=order, actor=request.user, now=clock.now(), **data.validated_data)
        return Response(InboxOrderSerializer(selectors.order_for_producer(order.pk, request.user)).data)
