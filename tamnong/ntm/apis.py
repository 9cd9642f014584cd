from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.core.errors import DomainError, NotFoundError
from tamnong.criteria.editions import edition_get
from tamnong.criteria.selectors import evaluation_compute
from tamnong.ntm import presenters, selectors, services
from tamnong.ntm.rollups import ntm_summary
from tamnong.ntm.serializers import EvaluationSerializer, NtmSummarySerializer, SelfAssessmentSerializer
from tamnong.ntm.services import AssessmentInput
from tamnong.places.selectors import unit_get_by_key


class EvaluateApi(APIView):
    permission_classes = [AllowAny]  # evaluating facts one sends stores nothing

    class EvaluateInputSerializer(serializers.Serializer):
        edition = serializers.CharField(help_text="Mã bộ tiêu chí, ví dụ ntm/commune-2021-2025")
        unit = serializers.CharField(help_text="Đơn vị cấp xã, dạng <danh mục>:<mã>, ví dụ 2020:05068")
        on = serializers.DateField(help_text="Ngày đánh giá, YYYY-MM-DD")
        facts = serializers.DictField(
            help_text='{"values": {"3.1": 82}, "assessments": {"1": {"met": true, "evidence": "QĐ số …"}}}'
        )

    @extend_schema(
        summary="Đánh giá một xã theo một bộ tiêu chí vào một ngày, với giải thích từng chỉ tiêu",
        operation_id="evaluate",
        request=EvaluateInputSerializer,
        responses=EvaluationSerializer,
    )
    def post(self, request):
        data = self.EvaluateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            unit = unit_get_by_key(data.validated_data["unit"])
            evaluation = evaluation_compute(
                edition=edition_get(data.validated_data["edition"]),
                unit=unit,
                on=data.validated_data["on"],
                facts=data.validated_data["facts"],
            )
        except NotFoundError as exc:  # a unit or edition that does not exist is bad input here
            raise DomainError.of(exc, field=exc.field) from None
        return Response(EvaluationSerializer({"unit": unit, **evaluation.to_dict()}).data)


class NtmSummaryApi(APIView):
    """Published figures of a unit: public, like the reports that print them."""

    permission_classes = [AllowAny]

    class NtmSummaryFilterSerializer(serializers.Serializer):
        unit = serializers.CharField(help_text="<danh mục>:<mã>, ví dụ 2020:153")
        on = serializers.DateField(help_text="YYYY-MM-DD")
        edition = serializers.CharField(required=False, help_text="mặc định: bộ tiêu chí có hiệu lực vào ngày on")

    @extend_schema(
        operation_id="ntm_summary",
        summary="Tổng hợp NTM của một đơn vị vào một ngày: bình quân tiêu chí/xã, số xã theo mức, phân bố, tỷ lệ đạt "
        "từng tiêu chí, kế hoạch, và đoạn văn báo cáo",
        parameters=[NtmSummaryFilterSerializer],
        responses=NtmSummarySerializer,
    )
    def get(self, request):
        filters = self.NtmSummaryFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        unit = unit_get_by_key(filters.validated_data["unit"])
        summary = ntm_summary(
            unit=unit, on=filters.validated_data["on"], edition_id=filters.validated_data.get("edition")
        )
        lang = "en" if (request.LANGUAGE_CODE or "vi").startswith("en") else "vi"
        return Response(NtmSummarySerializer(presenters.summary_data(summary, lang)).data)


class SelfAssessmentListApi(APIView):
    """Bulk read and write of commune data: values, direct assessments, and their evaluation."""

    class SelfAssessmentFilterSerializer(serializers.Serializer):
        unit = serializers.CharField(help_text="đơn vị (huyện, tỉnh hoặc xã), ví dụ 2020:153")
        on = serializers.DateField(help_text="YYYY-MM-DD")
        edition = serializers.CharField(required=False)

    class DirectAssessmentInputSerializer(serializers.Serializer):
        met = serializers.BooleanField()
        evidence = serializers.CharField()
        by = serializers.CharField(required=False, allow_blank=True, default="")

    class SelfAssessmentItemSerializer(serializers.Serializer):
        unit = serializers.CharField(help_text="xã, ví dụ 2020:05068")
        version = serializers.IntegerField(required=False, help_text="phiên bản đã đọc; bỏ trống để ghi đè")
        values = serializers.DictField(child=serializers.JSONField(allow_null=True), required=False, default=dict)
        assessments = serializers.DictField(required=False, default=dict)

    class SelfAssessmentWriteSerializer(serializers.Serializer):
        edition = serializers.CharField()
        on = serializers.DateField()
        items = serializers.ListField(min_length=1, max_length=5000)

    @extend_schema(
        operation_id="ntm_self_assessments_list",
        summary="Số liệu của các xã trong một đơn vị vào một ngày (chỉ các xã trong phạm vi của tài khoản)",
        parameters=[SelfAssessmentFilterSerializer],
        responses=SelfAssessmentSerializer(many=True),
    )
    def get(self, request):
        filters = self.SelfAssessmentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        unit = unit_get_by_key(filters.validated_data["unit"])
        rows = selectors.self_assessment_list(
            actor=request.user,
            unit=unit,
            on=filters.validated_data["on"],
            edition_id=filters.validated_data.get("edition"),
        )
        return Response(SelfAssessmentSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="ntm_self_assessments_write",
        summary="Ghi số liệu của nhiều xã một lần: tất cả hoặc không gì cả",
        request=SelfAssessmentWriteSerializer,
        responses=SelfAssessmentSerializer(many=True),
    )
    def post(self, request):
        data = self.SelfAssessmentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        items = []
        for index, raw in enumerate(data.validated_data["items"]):
            item = self.SelfAssessmentItemSerializer(data=raw)
            if not item.is_valid():
                raise serializers.ValidationError({f"items[{index}]": item.errors})
            assessments = {}
            for key, value in item.validated_data["assessments"].items():
                if value is None:
                    assessments[key] = None
                    continue
                parsed = self.DirectAssessmentInputSerializer(data=value)
                if not parsed.is_valid():
                    raise serializers.ValidationError({f"items[{index}].assessments.{key}": parsed.errors})
                assessments[key] = AssessmentInput(
                    met=parsed.validated_data["met"], evidence=parsed.validated_data["evidence"],
                    assessed_by=parsed.validated_data["by"],
                )  # fmt: skip
            items.append((index, item.validated_data, assessments))
        saved = services.self_assessments_save_many(
            edition_id=data.validated_data["edition"], on=data.validated_data["on"], items=items, actor=request.user
        )
        return Response(SelfAssessmentSerializer(saved, many=True).data)
