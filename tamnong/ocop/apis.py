from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.ocop.selectors import ocop_summary
from tamnong.places.apis import UnitRefSerializer
from tamnong.places.selectors import unit_get_by_key


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
                {**{k: getattr(summary, k) for k in OcopSummarySerializer().fields if k != "unit"}, "unit": unit}
            ).data
        )
