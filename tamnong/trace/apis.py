"""Traceability API: lots (search, create, read), a lot's history as an EPCIS 2.0 document, steps
recorded by hand, EPCIS capture, stamps issued and voided. Reads are public, like the scan page."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiTypes, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.core import clock
from tamnong.core.apis import NumberField, body_object
from tamnong.core.errors import DomainError, NotFoundError
from tamnong.ocop.selectors import product_get
from tamnong.places.selectors import unit_get_by_key
from tamnong.trace import links, selectors, services
from tamnong.trace.models import ExpiryKind, Uom
from tamnong.trace.steps import RECORDED_BY_HAND


class LotSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    product = serializers.IntegerField(source="product_id", help_text="id of the OCOP product")
    product_name = serializers.CharField(source="product.name", read_only=True)
    code = serializers.CharField(help_text="mã lô (AI 10: tối đa 20 ký tự)")
    gtin = serializers.CharField(required=False, allow_blank=True, help_text="GTIN nếu chủ thể là thành viên GS1")
    produced_on = serializers.DateField()
    quantity = NumberField(max_digits=12, decimal_places=3)
    uom = serializers.ChoiceField(choices=Uom.choices)
    expires_on = serializers.DateField(required=False, allow_null=True)
    expiry_kind = serializers.ChoiceField(choices=ExpiryKind.choices, required=False, allow_blank=True)
    commune = serializers.CharField(source="commune.key", help_text="<danh mục>:<mã> của xã, ví dụ 2020:05038")
    inputs = serializers.CharField(required=False, allow_blank=True)
    standards = serializers.CharField(required=False, allow_blank=True)
    url = serializers.SerializerMethodField(help_text="the resolver URL of the lot (its public page)")

    def get_url(self, lot) -> str:
        return links.lot_url(lot, self.context.get("request"))


def _lot(pk: int):
    return services.lot_get(pk)


class LotListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, help_text="tên sản phẩm hoặc mã lô, không cần dấu")

    @extend_schema(operation_id="trace_lots_list", summary="Tìm lô theo tên sản phẩm hoặc mã lô",
                   parameters=[FilterSerializer], responses=LotSerializer(many=True))  # fmt: skip
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.lots_search(selectors.all_lots(), filters.validated_data.get("q", ""))[:100]
        return Response(LotSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(operation_id="trace_lots_create", summary="Thêm một lô (chủ thể của sản phẩm hoặc văn phòng có thẩm quyền)",
                   request=LotSerializer, responses={201: LotSerializer})  # fmt: skip
    def post(self, request):
        data = LotSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        product = product_get(fields.pop("product_id"))
        commune = unit_get_by_key(fields.pop("commune")["key"])
        spec = services.LotSpec(commune=commune, **fields)
        lot = services.lot_create(actor=request.user, product=product, spec=spec)
        return Response(LotSerializer(lot, context={"request": request}).data, status=201)


class LotDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="trace_lot", summary="Một lô", responses=LotSerializer)
    def get(self, request, pk: int):
        return Response(LotSerializer(_lot(pk), context={"request": request}).data)


class LotEpcisApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="trace_lot_epcis",
                   summary="Lịch sử của lô: tài liệu EPCIS 2.0 (JSON-LD); số sê-ri của tem chỉ cho chủ thể "
                           "của lô và cơ quan có thẩm quyền, công chúng thấy số lượng theo lô",
                   responses={(200, "application/ld+json"): OpenApiTypes.OBJECT})  # fmt: skip
    def get(self, request, pk: int):
        lot = _lot(pk)
        document = services.lot_document(lot, now=clock.now(), serials=services.may_see_serials(request.user, lot))
        return Response(document, content_type="application/ld+json")


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    event_id = serializers.CharField(read_only=True)
    step = serializers.ChoiceField(choices=RECORDED_BY_HAND, write_only=True)
    event_time = serializers.DateTimeField()
    commune = serializers.CharField(required=False, allow_blank=True, write_only=True,
                                    help_text="nơi diễn ra, <danh mục>:<mã>; mặc định: xã của lô")  # fmt: skip
    gln = serializers.CharField(required=False, allow_blank=True, write_only=True)
    quantity = NumberField(max_digits=12, decimal_places=3, required=False, write_only=True)
    inputs = serializers.ListField(
        child=inline_serializer("TraceInput", {"lot": serializers.IntegerField(),
                                               "quantity": NumberField(max_digits=12, decimal_places=3)}),
        required=False, write_only=True, help_text="nguyên liệu của bước chế biến",
    )  # fmt: skip
    result = serializers.ChoiceField(choices=["conformant", "non_conformant"], required=False, write_only=True)
    reference = serializers.CharField(required=False, allow_blank=True, write_only=True)
    note = serializers.CharField(required=False, allow_blank=True, write_only=True)
    data = serializers.JSONField(read_only=True, help_text="the EPCIS 2.0 event")


class LotEventsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="trace_lot_event", summary="Ghi một bước của lô (thu hoạch, chế biến, đóng gói, kiểm tra, xuất, nhận)",
                   request=EventSerializer, responses={201: EventSerializer})  # fmt: skip
    def post(self, request, pk: int):
        lot = _lot(pk)
        data = EventSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        key = fields.pop("commune", "")
        inputs = [(_lot(i["lot"]), i["quantity"]) for i in fields.pop("inputs", [])]
        event = services.event_record(
            actor=request.user, lot=lot, commune=unit_get_by_key(key) if key else lot.commune, inputs=inputs, **fields
        )
        return Response(EventSerializer(event).data, status=201)


class EventVoidApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="trace_event_void", summary="Khai báo một sự kiện là sai (EPCIS errorDeclaration)",
                   request=inline_serializer("TraceVoid", {"reason": serializers.CharField()}),
                   responses={201: EventSerializer})  # fmt: skip
    def post(self, request, pk: int):
        event = selectors.event_find(pk)
        if event is None:
            raise NotFoundError(_("No event %(pk)s."), {"pk": pk})
        reason = str(body_object(request).get("reason", "")).strip()
        if not reason:
            raise DomainError(_("Say why."), field="reason")
        return Response(EventSerializer(services.event_void(actor=request.user, event=event, reason=reason)).data,
                        status=201)  # fmt: skip


class EpcisCaptureApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="trace_epcis_capture", summary="Nhận một tài liệu EPCIS 2.0 (JSON-LD): tất cả hoặc không",
                   request=OpenApiTypes.OBJECT,
                   responses={201: inline_serializer("TraceCaptured", {"stored": serializers.IntegerField(),
                                                                       "event_ids": serializers.ListField()})})  # fmt: skip
    def post(self, request):
        stored = services.epcis_capture(actor=request.user, data=request.data)
        return Response({"stored": len(stored), "event_ids": [e.event_id for e in stored]}, status=201)


class StampSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    serial = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, stamp) -> str:
        return links.stamp_url(stamp, self.context.get("request"))


class LotStampsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="trace_stamps_issue", summary="Cấp N tem có số sê-ri cho một lô",
                   request=inline_serializer("TraceIssue", {"count": serializers.IntegerField()}),
                   responses={201: StampSerializer(many=True)})  # fmt: skip
    def post(self, request, pk: int):
        count = body_object(request).get("count")
        if not isinstance(count, int) or isinstance(count, bool):
            raise DomainError(_("The count must be a whole number."), field="count")
        issued = services.stamps_issue(actor=request.user, lot=_lot(pk), count=count, on=clock.today())
        return Response(StampSerializer(issued, many=True, context={"request": request}).data, status=201)


class LotStampsVoidApi(APIView):
    permission_classes = [IsAuthenticated]

    class VoidSerializer(serializers.Serializer):
        first = serializers.IntegerField(min_value=1)
        last = serializers.IntegerField(min_value=1)
        reason = serializers.CharField()

    @extend_schema(operation_id="trace_stamps_void", summary="Huỷ các tem số first..last của lô, có lý do",
                   request=VoidSerializer, responses=inline_serializer("TraceVoided", {"voided": serializers.IntegerField()}))  # fmt: skip
    def post(self, request, pk: int):
        data = self.VoidSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        voided = services.stamps_void(actor=request.user, lot=_lot(pk), **data.validated_data)
        return Response({"voided": voided})
