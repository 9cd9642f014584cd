"""The catalog as JSON: the same search, facets and pages as the catalog page (public)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.catalog import selectors
from tamnong.catalog.views import product_url, query_from, unsearchable_message
from tamnong.core import clock


class CatalogProductSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="product_id")
    name = serializers.CharField(source="product.name")
    stars = serializers.IntegerField()
    producer = serializers.CharField(source="product.producer.name")
    producer_id = serializers.IntegerField(source="product.producer_id")
    province = serializers.SerializerMethodField(help_text="the province on the list in force")
    province_before = serializers.SerializerMethodField(help_text="the province on the product's own list, if other")
    group = serializers.CharField()
    certificate_status = serializers.SerializerMethodField(help_text="valid or expiring (within 90 days)")
    certificate_number = serializers.CharField(source="certificate.decision_number")
    valid_until = serializers.DateField(source="expires_on")
    url = serializers.SerializerMethodField()

    def get_province(self, entry) -> str:
        unit = entry.province_now or entry.province
        return unit.title if unit else ""

    def get_province_before(self, entry) -> str:
        return entry.province.title if entry.province and entry.province != entry.province_now else ""

    def get_certificate_status(self, entry) -> str:
        return selectors.status_of(entry, self.context["today"])

    def get_url(self, entry) -> str:
        return self.context["request"].build_absolute_uri(product_url(entry))


FACET = serializers.ListField(child=serializers.DictField(), help_text='[{"value", "label", "count"}]')


class CatalogProductsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="catalog_products",
        summary="Tìm sản phẩm OCOP còn hiệu lực: không cần dấu, lọc theo tỉnh hoặc xã (danh mục nào cũng được), số sao, "
        "nhóm, loại chủ thể, trạng thái; sắp xếp; phân trang",
        parameters=[
            OpenApiParameter("q", str, description="từ khoá, ví dụ «mat ong hop tien»"),
            OpenApiParameter("province", str, description="<danh mục>:<mã> của tỉnh, ví dụ 2025-07:25 hoặc 2020:17"),
            OpenApiParameter("commune", str, description="<danh mục>:<mã> của xã, ví dụ 2025-07:05068 (gồm cả "
                             "sản phẩm của các xã cũ đã hợp nhất vào xã)"),
            OpenApiParameter("stars", int, many=True, description="3, 4, 5 (lặp lại được)"),
            OpenApiParameter("group", str, description="nhóm sản phẩm, ví dụ 1, hoặc ocop/148-2023:1"),
            OpenApiParameter("kind", str, description="cooperative, cooperative_group, enterprise, household_business"),
            OpenApiParameter("status", str, description="valid hoặc expiring"),
            OpenApiParameter("sort", str, description="relevance, stars, name, newest, ending"),
            OpenApiParameter("page", int),
        ],
        responses=inline_serializer("CatalogPage", {
            "count": serializers.IntegerField(), "page": serializers.IntegerField(),
            "pages": serializers.IntegerField(), "results": CatalogProductSerializer(many=True),
            "facets": serializers.DictField(child=FACET),
            "notice": serializers.CharField(help_text="why the words typed were not searched (none to search), or empty"),
        }),
    )  # fmt: skip
    def get(self, request):
        today = clock.today()
        query = query_from(request.query_params)
        results = selectors.search(query, today=today)
        context = {"request": request, "today": today}
        return Response({
            "count": results.count, "page": results.page, "pages": results.pages,
            "results": CatalogProductSerializer(results.rows, many=True, context=context).data,
            "facets": {name: [{"value": v, "label": label, "count": n} for v, label, n in rows]
                       for name, rows in results.facets.items()},
            "notice": unsearchable_message(query),
        })  # fmt: skip
