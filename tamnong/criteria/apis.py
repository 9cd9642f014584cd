"""The criteria API: the editions in force (with the thresholds that apply to a commune on a date), and
the criteria versions offices author and review. Thin: parse, call one selector or service, serialise."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.core.i18n import active_lang
from tamnong.criteria import authoring, presenters, selectors
from tamnong.criteria.editions import edition_get, edition_list, edition_texts
from tamnong.criteria.serializers import (
    CriteriaChangesSerializer,
    CriteriaVersionDetailSerializer,
    CriteriaVersionSerializer,
    EditionDetailSerializer,
    EditionSummarySerializer,
    IndicatorSpecSerializer,
)
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
