from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.core.errors import DomainError, NotFoundError
from tamnong.core.i18n import active_lang
from tamnong.ntm import authoring, presenters, selectors, services
from tamnong.ntm.editions import edition_get, edition_list, edition_texts
from tamnong.ntm.rollups import ntm_summary
from tamnong.ntm.serializers import (
    CriteriaChangesSerializer,
    CriteriaVersionDetailSerializer,
    CriteriaVersionSerializer,
    EditionDetailSerializer,
    EditionSummarySerializer,
    EvaluationSerializer,
    IndicatorSpecSerializer,
    NtmSummarySerializer,
    SelfAssessmentSerializer,
)
from tamnong.ntm.services import AssessmentInput
from tamnong.places.selectors import unit_get_by_key
from tamnong.rules.authoring import IndicatorSpec


class EditionListApi(APIView):
    @extend_schema(
        operation_id="criteria_editions_list",
        summary="Các bộ tiêu chí (phiên bản) có trong hệ thống",
        responses=EditionSummarySerializer(many=True),
    )
    def get(self, request):
        editions = [
            {**presenters.edition_summary(edition), "url": reverse("api-edition-detail", args=[edition.id])}
            for edition in edition_list()
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
        edition = edition_get(edition_id)
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
            evaluation = selectors.evaluation_compute(
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


class CriteriaVersionListApi(APIView):
    permission_classes = [IsAuthenticated]

    class CreateSerializer(serializers.Serializer):
        edition = serializers.CharField(help_text="Mã bộ tiêu chí, ví dụ ntm/commune-2021-2025")
        province = serializers.CharField(
            required=False, allow_blank=True, help_text="Tỉnh, dạng <danh mục>:<mã> (2020:17); bỏ trống: bộ quốc gia"
        )
        title = serializers.CharField(help_text="Nội dung thay đổi của phiên bản")

    @extend_schema(
        operation_id="criteria_versions_list",
        summary="Các phiên bản bộ tiêu chí mà tài khoản được soạn hoặc duyệt",
        responses=CriteriaVersionSerializer(many=True),
    )
    def get(self, request):
        return Response(CriteriaVersionSerializer(authoring.criteria_versions_visible(request.user), many=True).data)

    @extend_schema(
        operation_id="criteria_versions_create",
        summary="Tạo bản nháp (quốc gia: Văn phòng Điều phối trung ương; lớp phủ của tỉnh: Văn phòng Điều phối tỉnh)",
        request=CreateSerializer,
        responses={201: CriteriaVersionSerializer},
    )
    def post(self, request):
        data = self.CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        province_key = data.validated_data.get("province") or ""
        version = authoring.criteria_version_create(
            actor=request.user,
            edition_id=data.validated_data["edition"],
            province=unit_get_by_key(province_key) if province_key else None,
            title=data.validated_data["title"],
        )
        return Response(CriteriaVersionSerializer(version).data, status=201)


def _detail(version, lang: str) -> dict:
    review = authoring.criteria_version_review_data(version, lang)
    return CriteriaVersionDetailSerializer(
        {"version": version, "diff": review.diff, "findings": review.findings, "impact": review.impact}
    ).data


class CriteriaVersionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="criteria_version_retrieve",
        summary="Một phiên bản: thay đổi so với bản đang có hiệu lực, kết quả kiểm tra, các xã thay đổi kết quả",
        responses=CriteriaVersionDetailSerializer,
    )
    def get(self, request, pk: int):
        return Response(_detail(authoring.criteria_version_get(pk=pk, actor=request.user), active_lang()))


class CriteriaVersionChangesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="criteria_version_changes",
        summary="Ghi ngưỡng vào bản nháp (tất cả hoặc không gì cả)",
        request=CriteriaChangesSerializer,
        responses=CriteriaVersionDetailSerializer,
    )
    def post(self, request, pk: int):
        data = CriteriaChangesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = authoring.criteria_version_get(pk=pk, actor=request.user, to_write=authoring.CHANGE)
        changes = authoring.changes_from_input(version=version, items=data.validated_data["changes"])
        version = authoring.criteria_version_change(version=version, actor=request.user, changes=changes)
        return Response(_detail(version, active_lang()))


class CriteriaVersionIndicatorsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="criteria_version_add_indicator",
        summary="Thêm một chỉ tiêu vào một tiêu chí của bản nháp quốc gia (ngưỡng ban đầu: chưa biết)",
        request=IndicatorSpecSerializer,
        responses=CriteriaVersionDetailSerializer,
    )
    def post(self, request, pk: int):
        data = IndicatorSpecSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = authoring.criteria_version_get(pk=pk, actor=request.user, to_write=authoring.CHANGE)
        version = authoring.criteria_version_add_indicator(
            version=version, actor=request.user, spec=IndicatorSpec(**data.validated_data)
        )
        return Response(_detail(version, active_lang()))


class CriteriaVersionSubmitApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="criteria_version_submit", summary="Trình duyệt", request=None, responses=CriteriaVersionSerializer
    )
    def post(self, request, pk: int):
        version = authoring.criteria_version_get(pk=pk, actor=request.user, to_write=authoring.SUBMIT)
        return Response(
            CriteriaVersionSerializer(authoring.criteria_version_submit(version=version, actor=request.user)).data
        )


class CriteriaVersionReviewApi(APIView):
    permission_classes = [IsAuthenticated]

    class ReviewSerializer(serializers.Serializer):
        approve = serializers.BooleanField(help_text="true: duyệt; false: trả lại (cần ghi lý do)")
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="criteria_version_review",
        summary="Duyệt hoặc trả lại (cán bộ thứ hai, không phải người soạn hay người trình)",
        request=ReviewSerializer,
        responses=CriteriaVersionSerializer,
    )
    def post(self, request, pk: int):
        data = self.ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        act = authoring.APPROVE if data.validated_data["approve"] else authoring.RETURN
        version = authoring.criteria_version_get(pk=pk, actor=request.user, to_write=act)
        version = authoring.criteria_version_review(
            version=version,
            actor=request.user,
            approve=data.validated_data["approve"],
            note=data.validated_data["note"],
        )
        return Response(CriteriaVersionSerializer(version).data)


class CriteriaVersionFilesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="criteria_version_files",
        summary="Các tệp YAML của bộ tiêu chí khi phiên bản này có hiệu lực (đúng cấu trúc thư mục của kho mã)",
        responses=inline_serializer("CriteriaVersionFiles", {"edition": serializers.CharField(),
                                                             "files": serializers.DictField(child=serializers.CharField())}),
    )  # fmt: skip
    def get(self, request, pk: int):
        version = authoring.criteria_version_get(pk=pk, actor=request.user)
        return Response({"edition": version.edition_id, "files": edition_texts(version.edition_id, replacing=version)})
