from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.core.errors import DomainError, NotFoundError
from tamnong.ntm import presenters, selectors
from tamnong.ntm.serializers import EditionDetailSerializer, EditionSummarySerializer, EvaluationSerializer
from tamnong.places.selectors import unit_get_by_key


class EditionListApi(APIView):
    @extend_schema(
        operation_id="criteria_editions_list",
        summary="Các bộ tiêu chí (phiên bản) có trong hệ thống",
        responses=EditionSummarySerializer(many=True),
    )
    def get(self, request):
        editions = [
            {**presenters.edition_summary(edition), "url": reverse("api-edition-detail", args=[edition.id])}
            for edition in selectors.edition_list()
        ]
        return Response(EditionSummarySerializer(editions, many=True).data)


class EditionDetailApi(APIView):
    class FilterSerializer(serializers.Serializer):
        unit = serializers.CharField(required=False, help_text="Đơn vị cấp xã, dạng <danh mục>:<mã>, ví dụ 2020:05068")
        on = serializers.DateField(required=False, help_text="Ngày áp dụng, YYYY-MM-DD")

        def validate(self, data):
            if ("unit" in data) != ("on" in data):
                missing = "on" if "unit" in data else "unit"
                raise serializers.ValidationError({missing: [_PAIR_MESSAGE]})
            return data

    @extend_schema(
        summary="Một bộ tiêu chí: tiêu chí, chỉ tiêu, ngưỡng theo ngày và vùng/nhóm xã, căn cứ pháp lý; "
        "với unit và on: ngưỡng áp dụng cho xã đó vào ngày đó",
        operation_id="criteria_edition_retrieve",
        parameters=[FilterSerializer, OpenApiParameter("edition_id", str, OpenApiParameter.PATH)],
        responses=EditionDetailSerializer,
    )
    def get(self, request, edition_id: str):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        edition = selectors.edition_get(edition_id)
        body = {**presenters.edition_detail(edition), "url": reverse("api-edition-detail", args=[edition.id])}
        if filters.validated_data:
            unit = unit_get_by_key(filters.validated_data["unit"])
            on = filters.validated_data["on"]
            applied = selectors.thresholds_for_unit(edition_id=edition.id, unit=unit, on=on)
            body["applied"] = {"unit": unit, **presenters.thresholds_applied(applied)}
        return Response(EditionDetailSerializer(body).data)


_PAIR_MESSAGE = _("Both unit and on are needed to show the thresholds that apply to a commune on a date.")


class EvaluateApi(APIView):
    permission_classes = [AllowAny]  # evaluating facts one sends stores nothing

    class InputSerializer(serializers.Serializer):
        edition = serializers.CharField(help_text="Mã bộ tiêu chí, ví dụ ntm/commune-2021-2025")
        unit = serializers.CharField(help_text="Đơn vị cấp xã, dạng <danh mục>:<mã>, ví dụ 2020:05068")
        on = serializers.DateField(help_text="Ngày đánh giá, YYYY-MM-DD")
        facts = serializers.DictField(
            help_text='{"values": {"3.1": 82}, "assessments": {"1": {"met": true, "evidence": "QĐ số …"}}}'
        )

    @extend_schema(
        summary="Đánh giá một xã theo một bộ tiêu chí vào một ngày, với giải thích từng chỉ tiêu",
        operation_id="evaluate",
        request=InputSerializer,
        responses=EvaluationSerializer,
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            unit = unit_get_by_key(data.validated_data["unit"])
            evaluation = selectors.evaluation_compute(
                edition_id=data.validated_data["edition"],
                unit=unit,
                on=data.validated_data["on"],
                facts=data.validated_data["facts"],
            )
        except NotFoundError as exc:  # a unit or edition that does not exist is bad input here
            raise DomainError(exc.message_vi, exc.message_en, field=exc.field) from None
        return Response(EvaluationSerializer({"unit": unit, **evaluation.to_dict()}).data)
