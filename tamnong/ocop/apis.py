from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.accounts.selectors import actor_scope
from tamnong.core import clock
from tamnong.core.apis import body_object
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.ocop import selectors, services
from tamnong.ocop.models import CouncilLevel, ProducerKind, RegistrationStatus
from tamnong.ocop.privacy import public_contact
from tamnong.ocop.selectors import certificate_state, ocop_summary, standings
from tamnong.places.apis import UnitRefSerializer
from tamnong.places.selectors import unit_get_by_key
from tamnong.rules import ocop


class OcopSummarySerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    on = serializers.DateField()
    products_total = serializers.IntegerField(help_text="products with a certificate in force (3–5 stars)")
    by_stars = serializers.DictField(child=serializers.IntegerField(), help_text='{"5": n, "4": n, "3": n}')
    by_group = serializers.DictField(child=serializers.IntegerField(), help_text="product group → products")
    producers_by_type = serializers.DictField(child=serializers.IntegerField())
    new_this_year = serializers.IntegerField(help_text="certified in the year of `on`")
    expiring = serializers.IntegerField(help_text="certificates within 90 days of their end")
    expired = serializers.IntegerField(help_text="products whose latest certificate has lapsed")
    revoked = serializers.IntegerField()
    new_by_stars = serializers.DictField(child=serializers.IntegerField(), help_text="certified in the year of `on`")
    registered_this_year = serializers.ListField(
        child=serializers.DictField(), help_text='[{"product": …, "target_stars": n, "status": …}] for the year of `on`'
    )
    targets = serializers.ListField(
        child=serializers.DictField(), help_text='[{"what": …, "target": n, "actual": n}] for the year of `on`'
    )
    text_vi = serializers.CharField()
    text_en = serializers.CharField()


class OcopSummaryApi(APIView):
    """Published OCOP figures of a unit: public, like the reports that print them."""

    permission_classes = [AllowAny]

    class FilterSerializer(serializers.Serializer):
        unit = serializers.CharField(help_text="<danh mục>:<mã>, ví dụ 2020:292")
        on = serializers.DateField(help_text="YYYY-MM-DD")

    @extend_schema(
        operation_id="ocop_summary",
        summary="Tổng hợp OCOP của một đơn vị vào một ngày: sản phẩm theo số sao và nhóm, chủ thể theo loại, "
        "chứng nhận sắp hết hạn, đã hết hạn, và câu báo cáo",
        parameters=[FilterSerializer],
        responses=OcopSummarySerializer,
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        unit = unit_get_by_key(filters.validated_data["unit"])
        summary = ocop_summary(unit=unit, on=filters.validated_data["on"])
        return Response(
            OcopSummarySerializer(
                {
                    **{
                        k: getattr(summary, k)
                        for k in OcopSummarySerializer().fields
                        if k not in ("unit", "targets", "registered_this_year")
                    },
                    "registered_this_year": [
                        {"product": r.product.name, "target_stars": r.target_stars, "status": r.status}
                        for r in summary.registered
                    ],
                    "unit": unit,
                    "targets": [{"what": w, "target": t, "actual": a} for w, t, a in summary.progress],
                }
            ).data
        )


class ProducerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ProducerKind.choices)
    tax_code = serializers.CharField(required=False, allow_blank=True, help_text="10 chữ số, hoặc 10-3 (chi nhánh)")
    commune = serializers.CharField(help_text="<danh mục>:<mã> của xã, ví dụ 2025-07:04990", source="commune.key")
    address = serializers.CharField(required=False, allow_blank=True)
    representative = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    publishes_contact = serializers.BooleanField(
        read_only=True,
        help_text="hộ kinh doanh: đã đồng ý công khai địa chỉ, điện thoại, email, người đại diện, mã số thuế",
    )
    publishes_contact_since = serializers.DateField(read_only=True, allow_null=True)


def _producer_out(producer, actor) -> dict:
    """A producer as the API shows it to `actor`: a household's personal fields are "" unless it
    published them, or the actor is one of its logins or an office in scope (tamnong.ocop.privacy)."""
    contact = public_contact(producer, actor)
    return {
        "pk": producer.pk, "name": producer.name, "kind": producer.kind, "commune": {"key": producer.commune.key},
        "tax_code": contact.tax_code, "address": contact.address, "representative": contact.representative,
        "phone": contact.phone, "email": contact.email, "publishes_contact": producer.publishes_contact,
        "publishes_contact_since": producer.publishes_contact_since,
    }  # fmt: skip


class ProductSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField()
    producer = serializers.IntegerField(source="producer_id", help_text="id of the producer")
    group = serializers.CharField(help_text='Nhóm sản phẩm theo QĐ 148, "1"–"6"')
    subgroup = serializers.CharField(required=False, allow_blank=True)
    commune = serializers.CharField(required=False, source="commune.key", help_text="mặc định: xã của chủ thể")
    description = serializers.CharField(required=False, allow_blank=True)
    packaging = serializers.CharField(required=False, allow_blank=True)


class CertificateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    product = serializers.CharField(source="product.name")
    stars = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    decision_number = serializers.CharField()
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    state = serializers.CharField(help_text="valid, expiring, expired, revoked, superseded (on the day asked)")
    issuer_level = serializers.CharField()


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    product = serializers.CharField(source="product.name")
    total = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    parts = serializers.DictField(child=serializers.CharField())
    stars = serializers.IntegerField(allow_null=True)
    decision = serializers.CharField(help_text="recognise, forward, below_authority, precheck, not_certified")
    forward_to = serializers.CharField()
    outliers = serializers.ListField(child=serializers.IntegerField())
    members_scored = serializers.IntegerField(source="scores.count")


class UnitFilter(serializers.Serializer):
    unit = serializers.CharField(help_text="<danh mục>:<mã>, ví dụ 2020:153")


class ProducerListApi(APIView):
    """Producers are public, like the catalog that names them; only an office in scope adds one."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(operation_id="ocop_producers_list", summary="Chủ thể OCOP của một đơn vị (xã của chủ thể trên mọi danh mục)",
                   parameters=[UnitFilter], responses=ProducerSerializer(many=True))  # fmt: skip
    def get(self, request):
        filters = UnitFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        unit = unit_get_by_key(filters.validated_data["unit"])
        producers = selectors.producers_of(unit)
        return Response(ProducerSerializer([_producer_out(p, request.user) for p in producers], many=True).data)

    @extend_schema(operation_id="ocop_producers_create", summary="Thêm chủ thể OCOP (văn phòng có thẩm quyền với xã)",
                   request=ProducerSerializer, responses={201: ProducerSerializer})  # fmt: skip
    def post(self, request):
        data = ProducerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        commune = unit_get_by_key(fields.pop("commune")["key"])
        producer = services.producer_create(actor=request.user, commune=commune, on=clock.today(), **fields)
        return Response(ProducerSerializer(producer).data, status=201)


class ProductListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class FilterSerializer(serializers.Serializer):
        unit = serializers.CharField(help_text="<danh mục>:<mã>, ví dụ 2020:292")
        on = serializers.DateField(help_text="YYYY-MM-DD")

    @extend_schema(operation_id="ocop_products_list", summary="Sản phẩm OCOP của một đơn vị với giấy chứng nhận và trạng thái vào ngày on",
                   parameters=[FilterSerializer], responses=CertificateSerializer(many=True))  # fmt: skip
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        on = filters.validated_data["on"]
        rows = standings(unit_get_by_key(filters.validated_data["unit"]), on)
        return Response(CertificateSerializer([_certificate(s.certificate, on) for s in rows], many=True).data)

    @extend_schema(operation_id="ocop_products_create", summary="Thêm sản phẩm (nhóm theo QĐ 148; cần chủ thể)",
                   request=ProductSerializer, responses={201: ProductSerializer})  # fmt: skip
    def post(self, request):
        data = ProductSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        producer = selectors.producer_get(fields.pop("producer_id"))
        commune = fields.pop("commune", None)
        product = services.product_create(
            actor=request.user,
            producer=producer,
            commune=unit_get_by_key(commune["key"]) if commune else None,
            **fields,
        )
        return Response(ProductSerializer(product).data, status=201)


class ProducerDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="ocop_producer", summary="Một chủ thể OCOP", responses=ProducerSerializer)
    def get(self, request, pk: int):
        producer = selectors.producer_get(pk)
        if producer is None:
            raise NotFoundError(_("No producer %(pk)s."), {"pk": pk})
        return Response(ProducerSerializer(_producer_out(producer, request.user)).data)


class ProducerPublishContactApi(APIView):
    """A household producer's choice to publish its contacts: by one of its logins, or by an office in
    scope on its request."""

    permission_classes = [IsAuthenticated]

    class ChoiceSerializer(serializers.Serializer):
        publishes = serializers.BooleanField(help_text="true: công khai; false: thôi công khai")

    @extend_schema(operation_id="ocop_producer_publish_contact",
                   summary="Chủ thể (hộ kinh doanh) đồng ý hoặc thôi công khai địa chỉ, điện thoại, email, mã số thuế",
                   request=ChoiceSerializer, responses=ProducerSerializer)  # fmt: skip
    def post(self, request, pk: int):
        producer = selectors.producer_get(pk)
        if producer is None:
            raise NotFoundError(_("No producer %(pk)s."), {"pk": pk})
        choice = self.ChoiceSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        producer = services.producer_contact_publish(
            producer=producer, actor=request.user, publishes=choice.validated_data["publishes"], on=clock.today()
        )
        return Response(ProducerSerializer(_producer_out(producer, request.user)).data)


def _certificate(certificate, on) -> dict:
    return {
        "pk": certificate.pk, "product": certificate.product, "stars": certificate.stars, "total": certificate.total,
        "decision_number": certificate.decision_number, "issued_on": certificate.issued_on,
        "expires_on": ocop.expires_on(certificate.issued_on), "state": certificate_state(certificate, on),
        "issuer_level": certificate.issuer_level,
    }  # fmt: skip


class EntryScoreApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="ocop_entry_score", summary="Phiếu chấm của một thành viên hội đồng cho một sản phẩm",
                   request=inline_serializer("OcopScore", {"parts": serializers.DictField(child=serializers.CharField(),
                                                                                          help_text='{"A": "32", "B": "20", "C": "26,5"}')}),
                   responses=EntrySerializer)  # fmt: skip
    def post(self, request, pk: int):
        entry = services.entry_get(pk)
        parts = body_object(request).get("parts")
        if not isinstance(parts, dict):
            raise DomainError(_("Send the points of each part."), field="parts")
        entry = services.score_submit(entry=entry, member=request.user, parts=parts)
        return Response(EntrySerializer(entry).data)


class EntryCertificateApi(APIView):
    permission_classes = [IsAuthenticated]

    class IssueSerializer(serializers.Serializer):
        decision_number = serializers.CharField()
        issued_on = serializers.DateField()

    @extend_schema(operation_id="ocop_entry_certificate", summary="Cấp giấy chứng nhận theo kết quả thuộc thẩm quyền của hội đồng",
                   request=IssueSerializer, responses={201: CertificateSerializer})  # fmt: skip
    def post(self, request, pk: int):
        data = self.IssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.entry_get(pk)
        certificate = services.certificate_issue(entry=entry, actor=request.user, **data.validated_data)
        return Response(CertificateSerializer(_certificate(certificate, certificate.issued_on)).data, status=201)


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=CouncilLevel.choices)
    unit = serializers.CharField(source="unit.key", required=False, help_text="đơn vị của hội đồng, <danh mục>:<mã>")
    held_on = serializers.DateField()
    sheet_id = serializers.CharField(read_only=True)
    members = serializers.ListField(child=serializers.CharField(), write_only=True, help_text="tên đăng nhập")
    products = serializers.ListField(child=serializers.IntegerField(), write_only=True, required=False)
    entries = EntrySerializer(many=True, read_only=True, source="entries.all")


def _require_reader(actor, unit) -> None:
    if not actor_scope(actor).covers(unit):
        raise PermissionDeniedError(
            _("This account may not read %(unit_title)s's OCOP records."),
            {"unit_title": unit.title},
        )


class RoundFilter(UnitFilter):
    year = serializers.IntegerField(required=False)


class RoundListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="ocop_rounds_list", summary="Các đợt đánh giá của hội đồng thuộc một đơn vị, với kết quả từng sản phẩm",
                   parameters=[RoundFilter], responses=RoundSerializer(many=True))  # fmt: skip
    def get(self, request):
        filters = RoundFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        unit = unit_get_by_key(filters.validated_data["unit"])
        _require_reader(request.user, unit)
        rounds = selectors.rounds_of(unit, year=filters.validated_data.get("year"))
        return Response(RoundSerializer(rounds, many=True).data)

    @extend_schema(operation_id="ocop_rounds_create", summary="Lập hội đồng đánh giá một đợt, với thành viên và sản phẩm",
                   request=RoundSerializer, responses={201: RoundSerializer})  # fmt: skip
    def post(self, request):
        data = RoundSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        unit = unit_get_by_key(fields.pop("unit")["key"]) if "unit" in fields else None
        members = selectors.users_named(fields.pop("members"))
        product_ids = fields.pop("products", [])
        round_ = services.round_create(
            actor=request.user, unit=unit, members=members,
            products=selectors.products_by_pk(product_ids), **fields,
        )  # fmt: skip
        return Response(RoundSerializer(round_).data, status=201)


class RoundDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="ocop_round", summary="Một đợt đánh giá với kết quả từng sản phẩm", responses=RoundSerializer
    )
    def get(self, request, pk: int):
        round_ = selectors.round_get(pk)
        if round_ is None:
            raise NotFoundError(_("No round %(pk)s."), {"pk": pk})
        if not selectors.sits_on(round_, request.user):
            if round_.unit is None:
                if not actor_scope(request.user).everything:
                    raise PermissionDeniedError(_("Central offices only."))
            else:
                _require_reader(request.user, round_.unit)
        return Response(RoundSerializer(round_).data)


class CertificateRevokeApi(APIView):
    permission_classes = [IsAuthenticated]

    class RevokeSerializer(serializers.Serializer):
        revoked_on = serializers.DateField()
        reason = serializers.CharField()

    @extend_schema(operation_id="ocop_certificate_revoke", summary="Thu hồi giấy chứng nhận từ một ngày, có lý do",
                   request=RevokeSerializer, responses=CertificateSerializer)  # fmt: skip
    def post(self, request, pk: int):
        data = self.RevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = selectors.certificate_get(pk)
        if certificate is None:
            raise NotFoundError(_("No certificate %(pk)s."), {"pk": pk})
        certificate = services.certificate_revoke(certificate=certificate, actor=request.user, **data.validated_data)
        return Response(CertificateSerializer(_certificate(certificate, certificate.revoked_on)).data)


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    product = serializers.IntegerField(source="product_id")
    product_name = serializers.CharField(source="product.name", read_only=True)
    year = serializers.IntegerField()
    target_stars = serializers.IntegerField(required=False, allow_null=True)
    status = serializers.CharField(read_only=True)
    registered_on = serializers.DateField(read_only=True, allow_null=True)
    precheck = serializers.ListField(child=serializers.CharField(), read_only=True)
    prechecked_on = serializers.DateField(read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True)


class RegistrationFilter(UnitFilter):
    year = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=RegistrationStatus.choices, required=False)


class RegistrationListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="ocop_registrations_list", summary="Sản phẩm đăng ký đánh giá của một đơn vị, theo năm và trạng thái",
                   parameters=[RegistrationFilter], responses=RegistrationSerializer(many=True))  # fmt: skip
    def get(self, request):
        filters = RegistrationFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        unit = unit_get_by_key(filters.validated_data["unit"])
        _require_reader(request.user, unit)
        rows = selectors.registrations_of(
            unit, year=filters.validated_data.get("year"), status=filters.validated_data.get("status")
        )
        return Response(RegistrationSerializer(rows, many=True).data)

    @extend_schema(operation_id="ocop_registrations_create", summary="Đăng ký sản phẩm tham gia đánh giá trong năm",
                   request=RegistrationSerializer, responses={201: RegistrationSerializer})  # fmt: skip
    def post(self, request):
        data = RegistrationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_create(
            actor=request.user, product=selectors.product_get(data.validated_data["product_id"]),
            year=data.validated_data["year"], target_stars=data.validated_data.get("target_stars"),
            on=clock.today(),
        )  # fmt: skip
        return Response(RegistrationSerializer(registration).data, status=201)


def _registration(pk: int):
    registration = selectors.registration_get(pk)
    if registration is None:
        raise NotFoundError(_("No registration %(pk)s."), {"pk": pk})
    return registration


class RegistrationWithdrawApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="ocop_registration_withdraw", summary="Rút đăng ký trước khi hội đồng đánh giá (chủ thể hoặc văn phòng)",
                   request=inline_serializer("OcopWithdraw", {"reason": serializers.CharField(required=False)}),
                   responses=RegistrationSerializer)  # fmt: skip
    def post(self, request, pk: int):
        registration = services.registration_withdraw(
            registration=_registration(pk), actor=request.user, on=clock.today(),
            reason=str(body_object(request).get("reason", "")),
        )  # fmt: skip
        return Response(RegistrationSerializer(registration).data)


class RegistrationPrecheckApi(APIView):
    permission_classes = [IsAuthenticated]

    class PrecheckSerializer(serializers.Serializer):
        items = serializers.ListField(
            child=serializers.CharField(), help_text='mục đạt, ví dụ ["origin", "local_labour"]'
        )
        propose = serializers.BooleanField(help_text="true: đề xuất lên tỉnh; false: trả hồ sơ (cần note)")
        note = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(operation_id="ocop_registration_precheck", summary="Xã sơ loại hồ sơ và đề xuất lên tỉnh hoặc trả lại (QĐ 1489/QĐ-TTg)",
                   request=PrecheckSerializer, responses=RegistrationSerializer)  # fmt: skip
    def post(self, request, pk: int):
        data = self.PrecheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_precheck(
            registration=_registration(pk), actor=request.user, on=clock.today(), **data.validated_data
        )
        return Response(RegistrationSerializer(registration).data)
