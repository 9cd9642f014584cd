from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.core import clock
from tamnong.core.apis import Pagination
from tamnong.places import groups, selectors
from tamnong.places.models import Scheme, UnitKind


class UnitRefSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    code = serializers.CharField()
    key = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    full_name = serializers.SerializerMethodField()
    level = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_full_name(self, unit) -> str:
        return selectors.unit_full_name(unit)

    def get_url(self, unit) -> str:
        return reverse("api-unit-detail", args=[unit.scheme, unit.code])


extend_schema_field_list = extend_schema_field(UnitRefSerializer(many=True))


class UnitListApi(APIView):
    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=100)
        scheme = serializers.ChoiceField(choices=Scheme.choices, required=False)
        kind = serializers.ChoiceField(choices=UnitKind.choices, required=False)

    @extend_schema(
        operation_id="units_list",
        summary="Tìm đơn vị hành chính theo mã hoặc tên (không phân biệt dấu, kiểu bỏ dấu và i/y)",
        parameters=[
            FilterSerializer,
            OpenApiParameter("limit", int, description=f"số đơn vị mỗi trang (mặc định 50, tối đa {Pagination.max_limit})"),
            OpenApiParameter("offset", int, description="bỏ qua bao nhiêu đơn vị đầu"),
        ],
        responses=inline_serializer("UnitPage", {
            "count": serializers.IntegerField(), "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True), "results": UnitRefSerializer(many=True),
        }),
    )  # fmt: skip
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        units = selectors.unit_list(**filters.validated_data)
        paginator = Pagination()
        page = paginator.paginate_queryset(units, request, view=self)
        return paginator.get_paginated_response(UnitRefSerializer(page, many=True).data)


class UnitDetailApi(APIView):
    class OutputSerializer(UnitRefSerializer):
        parent = UnitRefSerializer(allow_null=True)
        valid_from = serializers.DateField()
        valid_to = serializers.DateField(allow_null=True)
        lat = serializers.FloatField(allow_null=True)
        lon = serializers.FloatField(allow_null=True)
        region = serializers.SerializerMethodField()
        commune_group = serializers.SerializerMethodField()
        flags = serializers.SerializerMethodField()
        children = serializers.SerializerMethodField()
        predecessors = serializers.SerializerMethodField()
        successors = serializers.SerializerMethodField()

        def get_region(self, unit) -> str | None:
            return groups.region_on(unit, clock.today())

        def get_commune_group(self, unit) -> int | None:
            """The approved group in force today (tamnong.places.groups)."""
            return groups.group_on(unit, clock.today())

        def get_flags(self, unit) -> list[str]:
            return sorted(selectors.unit_place(unit, on=clock.today()).flags)

        @extend_schema_field_list
        def get_children(self, unit):
            return UnitRefSerializer(selectors.unit_children(unit, with_parents=True), many=True).data

        @extend_schema_field_list
        def get_predecessors(self, unit):
            return UnitRefSerializer(selectors.unit_predecessors(unit), many=True).data

        @extend_schema_field_list
        def get_successors(self, unit):
            return UnitRefSerializer(selectors.unit_successors(unit), many=True).data

    @extend_schema(
        operation_id="unit_retrieve",
        summary="Một đơn vị hành chính, với đơn vị con, đơn vị tiền thân và đơn vị kế thừa",
        parameters=[
            OpenApiParameter("scheme", str, OpenApiParameter.PATH, enum=Scheme.values),
            OpenApiParameter("code", str, OpenApiParameter.PATH),
        ],
        responses=OutputSerializer,
    )
    def get(self, request, scheme: str, code: str):
        unit = selectors.unit_get(scheme=scheme, code=code)
        return Response(self.OutputSerializer(unit).data)
