"""The resources API: a unit's roll-up over a span of dates (public, like the reports that print it),
the kinds of works with their criteria, and works, disbursements and capital records (read within the
actor's scope; written by an office or a commune officer whose write scope covers the unit)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.core.errors import DomainError
from tamnong.places.apis import UnitRefSerializer
from tamnong.places.selectors import unit_get_by_key
from tamnong.resources import selectors, services
from tamnong.resources.models import Source, WorkStatus
from tamnong.resources.reference import work_types
from tamnong.resources.workflow import rate_pct
from tamnong.rules.money import format_vnd_over

UNIT_HELP = "<danh mục>:<mã>, ví dụ 2020:153 (huyện Kim Bôi) hoặc 2025-07:25 (tỉnh Phú Thọ)"


class SummaryFilterSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text=UNIT_HELP)
    vars()["from"] = serializers.DateField(help_text="từ ngày, YYYY-MM-DD (ví dụ 2024-01-01)")
    to = serializers.DateField(help_text="đến ngày, YYYY-MM-DD (ví dụ 2024-03-31)")

    def validate(self, attrs):
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": "Ngày kết thúc trước ngày bắt đầu."})
        return attrs


class AlertSerializer(serializers.Serializer):
    work = serializers.IntegerField()
    name = serializers.CharField()
    commune = serializers.CharField()
    kind = serializers.CharField(help_text="lagging (giải ngân chậm) or overdue (quá hạn)")
    message_vi = serializers.CharField()
    message_en = serializers.CharField()


class AreaSerializer(serializers.Serializer):
    standard = serializers.CharField(help_text="vietgap, globalgap, organic")
    year = serializers.IntegerField()
    area_ha = serializers.DecimalField(max_digits=12, decimal_places=2)
    previous_ha = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    change_ha = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class SummarySerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    vars()["from"] = serializers.DateField(source="starts_on")
    to = serializers.DateField(source="ends_on")
    capital_by_source = serializers.DictField(child=serializers.IntegerField(), help_text="source → VND")
    capital_total = serializers.IntegerField(help_text="VND, cash and value in kind")
    capital_total_text = serializers.CharField(help_text='as reports write it: "trên 267 tỷ đồng"')
    community = serializers.DictField(
        child=serializers.IntegerField(), help_text="cash_vnd, in_kind_vnd, land_m2, working_days"
    )
    works_by_type_and_status = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="kind of works → {continuing, new, completed, planned} in the period",
    )
    works_total = serializers.IntegerField()
    budget_vnd = serializers.IntegerField(help_text="of the works under way or completed in the period")
    disbursed_vnd = serializers.IntegerField(help_text="disbursed for those works by `to`")
    disbursement_rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, help_text="percent")
    certified_areas = AreaSerializer(many=True, source="areas")
    cooperatives = serializers.IntegerField(help_text="agricultural cooperatives in operation on `to`")
    farms = serializers.IntegerField()
    alerts = AlertSerializer(
        many=True, help_text="Tamnông's lag rule (tamnong/resources/data/lag_rule.yaml), not a legal one"
    )
    warnings = serializers.ListField(child=serializers.CharField())
    text_vi = serializers.CharField()
    text_en = serializers.CharField()


class SummaryApi(APIView):
    """Published figures of resources and works: public, like the reports that print them."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="resources_summary",
        summary="Tổng hợp nguồn lực và công trình của một đơn vị trong một kỳ: vốn huy động theo nguồn, công trình "
        "theo loại và trạng thái, tỷ lệ giải ngân, diện tích chứng nhận, hợp tác xã, trang trại, cảnh báo và đoạn báo cáo",
        parameters=[SummaryFilterSerializer],
        responses=SummarySerializer,
    )
    def get(self, request):
        filters = SummaryFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        unit = unit_get_by_key(filters.validated_data["unit"])
        s = selectors.resources_summary(
            unit=unit, starts_on=filters.validated_data["from"], ends_on=filters.validated_data["to"]
        )
        lang = "en" if request.LANGUAGE_CODE.startswith("en") else "vi"
        data = {
            "unit": unit, "starts_on": s.starts_on, "ends_on": s.ends_on, "capital_by_source": s.capital_by_source,
            "capital_total": s.capital_total, "capital_total_text": format_vnd_over(s.capital_total, lang),
            "community": s.community, "works_by_type_and_status": s.works_by_type_and_status, "works_total": s.works_total,
            "budget_vnd": s.budget_vnd, "disbursed_vnd": s.disbursed_vnd, "disbursement_rate": s.disbursement_rate,
            "areas": [{"standard": a.standard, "year": a.year, "area_ha": a.area_ha, "previous_ha": a.previous_ha,
                       "change_ha": a.change_ha} for a in s.areas],
            "cooperatives": s.cooperatives, "farms": s.farms,
            "alerts": [{"work": r.work.pk, "name": r.work.name, "commune": r.work.commune.key, "kind": a.kind,
                        "message_vi": a.message_vi, "message_en": a.message_en} for r, a in s.alerts],
            "warnings": [en if lang == "en" else vi for vi, en in s.warnings],
            "text_vi": s.text_vi, "text_en": s.text_en,
        }  # fmt: skip
        return Response(SummarySerializer(data).data)


class WorkTypesApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="resources_work_types",
        summary="Các loại công trình, đơn vị khối lượng và tiêu chí nông thôn mới mà mỗi loại phục vụ theo từng bộ tiêu chí",
        responses=inline_serializer(
            "WorkType",
            {
                "code": serializers.CharField(), "name_vi": serializers.CharField(), "name_en": serializers.CharField(),
                "unit": serializers.CharField(),
                "criteria": serializers.DictField(child=serializers.DictField(), help_text="edition → {number, basis, reason_vi}"),
            },
            many=True,
        ),
    )  # fmt: skip
    def get(self, request):
        return Response([
            {"code": t.code, "name_vi": t.name_vi, "name_en": t.name_en, "unit": t.unit,
             "criteria": {e: {"number": link.number, "basis": link.basis, "file": link.file, "reason_vi": link.reason_vi,
                              "reason_en": link.reason_en} for e, link in t.criteria.items()}}
            for t in work_types().values()
        ])  # fmt: skip


class WorkSerializer(serializers.Serializer):
    """A work as the API reads it, and (the writable fields) as it is created or changed."""

    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(max_length=300)
    type = serializers.CharField(help_text="a code of GET /api/v1/resources/work-types, e.g. rural_road")
    commune = serializers.CharField(source="commune.key", help_text="<danh mục>:<mã> của xã, ví dụ 2020:04990")
    village = serializers.IntegerField(
        source="village_id", required=False, allow_null=True, help_text="id of a village of the commune"
    )
    quantity = serializers.DecimalField(
        max_digits=15, decimal_places=3, help_text="in the unit of the kind (km, m², structures)"
    )
    plan_year = serializers.IntegerField()
    status = serializers.CharField(help_text="planned, new, continuing, completed")
    started_on = serializers.DateField(required=False, allow_null=True)
    planned_end_on = serializers.DateField(required=False, allow_null=True)
    completed_on = serializers.DateField(required=False, allow_null=True)
    investor = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    funding = serializers.DictField(
        child=serializers.IntegerField(), required=False,
        help_text="budget by source, VND: central_budget, local_budget, integrated_programs, credit, enterprises, community",
    )  # fmt: skip
    budget_vnd = serializers.IntegerField(read_only=True)
    disbursed_vnd = serializers.IntegerField(read_only=True)
    disbursement_rate = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, allow_null=True)
    criteria = serializers.DictField(read_only=True, help_text="edition → criterion number (null: unknown)")
    is_demo = serializers.BooleanField(read_only=True)
    url = serializers.CharField(read_only=True)


def _work_data(work) -> dict:
    funding = {f.source: f.amount_vnd for f in selectors.work_funding(work)}
    budget = sum(funding.values())
    disbursed = selectors.work_disbursed(work)
    kind = work_types().get(work.type)
    return {
        "pk": work.pk, "name": work.name, "type": work.type, "commune": {"key": work.commune.key},
        "village_id": work.village_id, "quantity": work.quantity, "plan_year": work.plan_year, "status": work.status,
        "started_on": work.started_on, "planned_end_on": work.planned_end_on, "completed_on": work.completed_on,
        "investor": work.investor, "note": work.note, "funding": funding, "budget_vnd": budget, "disbursed_vnd": disbursed,
        "disbursement_rate": rate_pct(disbursed, budget),
        "criteria": {e: link.number for e, link in kind.criteria.items()} if kind else {},
        "is_demo": work.is_demo, "url": reverse("resources-work", args=[work.pk]),
    }  # fmt: skip


def _work_input(data: dict) -> dict:
    """The serializer's validated data as the services take them (units and villages as records)."""
    values = dict(data)
    if "commune" in values:
        values["commune"] = unit_get_by_key(values["commune"]["key"])
    if "village_id" in values:
        pk = values.pop("village_id")
        values["village"] = selectors.village_get(pk) if pk else None
        if pk and values["village"] is None:
            raise DomainError(_("No village %(pk)s."), {"pk": pk}, field="village")
    return values


class WorkFilterSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text=UNIT_HELP)
    type = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=WorkStatus.choices, required=False)


class WorkListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_works_list",
                   summary="Công trình của một đơn vị (các xã trên mọi danh mục) mà tài khoản được xem, lọc theo loại và trạng thái",
                   parameters=[WorkFilterSerializer], responses=WorkSerializer(many=True))  # fmt: skip
    def get(self, request):
        filters = WorkFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        works = selectors.works_list(
            actor=request.user, unit=unit_get_by_key(filters.validated_data["unit"]),
            type=filters.validated_data.get("type", ""), status=filters.validated_data.get("status", ""),
            with_funding=True,
        )  # fmt: skip
        return Response(WorkSerializer([_work_data(w) for w in works], many=True).data)

    @extend_schema(operation_id="resources_works_create",
                   summary="Ghi một công trình (cán bộ xã hoặc văn phòng có thẩm quyền với xã; người xem không được ghi)",
                   request=WorkSerializer, responses={201: WorkSerializer})  # fmt: skip
    def post(self, request):
        data = WorkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = _work_input(data.validated_data)
        funding = values.pop("funding", None)
        work = services.work_create(actor=request.user, funding=funding, **values)
        return Response(WorkSerializer(_work_data(work)).data, status=201)


class WorkDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_works_get", summary="Một công trình", responses=WorkSerializer)
    def get(self, request, pk: int):
        return Response(WorkSerializer(_work_data(selectors.work_get(actor=request.user, pk=pk))).data)

    @extend_schema(operation_id="resources_works_update",
                   summary="Sửa một công trình (các trường gửi lên; funding thay toàn bộ vốn theo nguồn)",
                   request=WorkSerializer(partial=True), responses=WorkSerializer)  # fmt: skip
    def patch(self, request, pk: int):
        work = selectors.work_get(actor=request.user, pk=pk, to_write=True)
        data = WorkSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = _work_input(data.validated_data)
        funding = values.pop("funding", None)
        work = services.work_update(actor=request.user, work=work, funding=funding, **values)
        return Response(WorkSerializer(_work_data(work)).data)

    @extend_schema(operation_id="resources_works_delete", summary="Xóa một công trình", responses={204: None})
    def delete(self, request, pk: int):
        services.work_delete(actor=request.user, work=selectors.work_get(actor=request.user, pk=pk, to_write=True))
        return Response(status=204)


class DisbursementSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    on = serializers.DateField()
    amount_vnd = serializers.IntegerField(help_text="VND, more than 0")
    note = serializers.CharField(required=False, allow_blank=True)


class WorkDisbursementsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_disbursements_list", summary="Các lần giải ngân của một công trình",
                   responses=DisbursementSerializer(many=True))  # fmt: skip
    def get(self, request, pk: int):
        work = selectors.work_get(actor=request.user, pk=pk)
        return Response(DisbursementSerializer(selectors.work_disbursements(work), many=True).data)

    @extend_schema(operation_id="resources_disbursements_create",
                   summary="Ghi một lần giải ngân (tổng giải ngân không vượt tổng vốn của công trình)",
                   request=DisbursementSerializer, responses={201: DisbursementSerializer})  # fmt: skip
    def post(self, request, pk: int):
        work = selectors.work_get(actor=request.user, pk=pk, to_write=True)
        data = DisbursementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.disbursement_record(actor=request.user, work=work, **data.validated_data)
        return Response(DisbursementSerializer(row).data, status=201)


class ContributionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    unit = serializers.CharField(source="unit.key", help_text=UNIT_HELP)
    starts_on = serializers.DateField(help_text="từ ngày")
    ends_on = serializers.DateField(help_text="đến ngày")
    source = serializers.CharField(help_text=", ".join(Source.values))
    amount_vnd = serializers.IntegerField(required=False, default=0)
    in_kind_vnd = serializers.IntegerField(required=False, default=0, help_text="community only")
    land_m2 = serializers.IntegerField(required=False, default=0, help_text="community only")
    working_days = serializers.IntegerField(required=False, default=0, help_text="community only")
    work = serializers.IntegerField(source="work_id", required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)
    is_demo = serializers.BooleanField(read_only=True)


def _contribution_input(data: dict, actor) -> dict:
    values = dict(data)
    if "unit" in values:
        values["unit"] = unit_get_by_key(values["unit"]["key"])
    if "work_id" in values:
        pk = values.pop("work_id")
        values["work"] = selectors.work_get(actor=actor, pk=pk) if pk else None
    return values


class ContributionFilterSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text=UNIT_HELP)
    vars()["from"] = serializers.DateField(required=False)
    to = serializers.DateField(required=False)


class ContributionListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_contributions_list",
                   summary="Các bản ghi vốn huy động của một đơn vị (trong kỳ nếu có from, to) mà tài khoản được xem",
                   parameters=[ContributionFilterSerializer], responses=ContributionSerializer(many=True))  # fmt: skip
    def get(self, request):
        filters = ContributionFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.contributions_list(
            actor=request.user, unit=unit_get_by_key(filters.validated_data["unit"]),
            starts_on=filters.validated_data.get("from"), ends_on=filters.validated_data.get("to"),
        )  # fmt: skip
        return Response(ContributionSerializer(rows, many=True).data)

    @extend_schema(operation_id="resources_contributions_create",
                   summary="Ghi vốn huy động của một đơn vị từ một nguồn trong một kỳ (văn phòng, cán bộ có thẩm quyền)",
                   request=ContributionSerializer, responses={201: ContributionSerializer})  # fmt: skip
    def post(self, request):
        data = ContributionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.contribution_create(actor=request.user, **_contribution_input(data.validated_data, request.user))
        return Response(ContributionSerializer(row).data, status=201)


class ContributionDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="resources_contributions_get", summary="Một bản ghi vốn huy động", responses=ContributionSerializer
    )
    def get(self, request, pk: int):
        return Response(ContributionSerializer(selectors.contribution_get(actor=request.user, pk=pk)).data)

    @extend_schema(operation_id="resources_contributions_update", summary="Sửa một bản ghi vốn huy động",
                   request=ContributionSerializer(partial=True), responses=ContributionSerializer)  # fmt: skip
    def patch(self, request, pk: int):
        row = selectors.contribution_get(actor=request.user, pk=pk, to_write=True)
        data = ContributionSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        row = services.contribution_update(actor=request.user, contribution=row,
                                           **_contribution_input(data.validated_data, request.user))  # fmt: skip
        return Response(ContributionSerializer(row).data)

    @extend_schema(
        operation_id="resources_contributions_delete", summary="Xóa một bản ghi vốn huy động", responses={204: None}
    )
    def delete(self, request, pk: int):
        services.contribution_delete(
            actor=request.user, contribution=selectors.contribution_get(actor=request.user, pk=pk, to_write=True)
        )
        return Response(status=204)
