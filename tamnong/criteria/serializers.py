"""Output shapes of the criteria API (editions, versions; the names and places the evaluation API
shares): the OpenAPI document is generated from these, and every response goes through them, so the
document cannot drift from what is sent."""

from django.urls import reverse
from rest_framework import serializers

from tamnong.places.apis import UnitRefSerializer


class NameSerializer(serializers.Serializer):
    name_vi = serializers.CharField()
    name_en = serializers.CharField()


class PlaceSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    province_code = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    commune_group = serializers.CharField(allow_null=True)
    flags = serializers.ListField(child=serializers.CharField())


class BandField(serializers.ListField):
    """A score band [from, below]."""

    child = serializers.FloatField()

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, min_length=2, max_length=2, **kwargs)


class TierSummarySerializer(NameSerializer):
    id = serializers.CharField()
    legal_basis = serializers.CharField()
    criteria_count = serializers.IntegerField()
    indicator_count = serializers.IntegerField()


class SupersessionSerializer(serializers.Serializer):
    id = serializers.CharField()
    on = serializers.DateField()
    legal_basis = serializers.CharField()
    transition_vi = serializers.CharField()
    transition_en = serializers.CharField()


class EditionSummarySerializer(NameSerializer):
    id = serializers.CharField()
    url = serializers.CharField()
    legal_basis = serializers.CharField()
    issued_on = serializers.DateField()
    valid_from = serializers.DateField()
    superseded_by = SupersessionSerializer(allow_null=True)
    place_key = serializers.ChoiceField(choices=["region", "commune_group"])
    places = serializers.DictField(child=NameSerializer())
    content_hash = serializers.CharField()
    tiers = TierSummarySerializer(many=True)


class ValueEntrySerializer(serializers.Serializer):
    effective = serializers.DateField()
    reference = serializers.CharField()
    source = serializers.CharField(required=False)
    note = serializers.CharField(required=False)
    value = serializers.JSONField(required=False, help_text="number or true/false")
    by_place = serializers.DictField(child=serializers.FloatField(), required=False)
    band = serializers.DictField(child=serializers.FloatField(), required=False, help_text='{"from": 50, "below": 70}')
    relative_to = serializers.DictField(required=False, help_text='{"tier": "advanced", "factor": 1.1}')
    unknown = serializers.BooleanField(required=False)
    reason_vi = serializers.CharField(required=False)
    reason_en = serializers.CharField(required=False)


class IndicatorDetailSerializer(NameSerializer):
    code = serializers.CharField()
    code_status = serializers.ChoiceField(choices=["stated", "inferred", "assigned"])
    kind = serializers.CharField()
    unit = serializers.CharField()
    comparator = serializers.CharField(allow_null=True)
    note = serializers.CharField(allow_null=True)
    values = ValueEntrySerializer(many=True)


class CriterionDetailSerializer(NameSerializer):
    number = serializers.CharField()
    group = serializers.CharField(allow_null=True)
    assessed = serializers.ChoiceField(choices=["indicators", "direct"])
    reason_vi = serializers.CharField(allow_null=True)
    reason_en = serializers.CharField(allow_null=True)
    reference = serializers.CharField()
    source = serializers.CharField(allow_null=True)
    note = serializers.CharField(allow_null=True)
    indicators = IndicatorDetailSerializer(many=True)


class TierDetailSerializer(TierSummarySerializer):
    criteria = CriterionDetailSerializer(many=True)


class AppliedIndicatorSerializer(NameSerializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    unit = serializers.CharField()
    comparator = serializers.CharField(allow_null=True)
    threshold = serializers.JSONField(allow_null=True)
    band = BandField()
    effective = serializers.DateField(allow_null=True)
    reference = serializers.CharField(allow_null=True)
    origin = serializers.CharField(allow_null=True)
    place_used = serializers.CharField(allow_null=True)
    province_only = serializers.BooleanField()
    cannot_assess = serializers.BooleanField(help_text="the threshold is not sourced")


class AppliedCriterionSerializer(NameSerializer):
    number = serializers.CharField()
    basis = serializers.CharField()
    indicators = AppliedIndicatorSerializer(many=True)


class AppliedTierSerializer(NameSerializer):
    id = serializers.CharField()
    place_used = serializers.CharField()
    special_rules_applied = serializers.ListField(child=serializers.CharField())
    criteria = AppliedCriterionSerializer(many=True)


class AppliedSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    on = serializers.DateField()
    place = PlaceSerializer()
    trace = serializers.DictField()
    tiers = AppliedTierSerializer(many=True)


class EditionDetailSerializer(EditionSummarySerializer):
    tiers = TierDetailSerializer(many=True)
    applied = AppliedSerializer(required=False, help_text="with ?unit=&on=: the thresholds that apply")


class CriteriaVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    edition = serializers.CharField(source="edition_id")
    province = UnitRefSerializer(allow_null=True, help_text="null for a national version")
    number = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="draft, submitted, approved, returned")
    status_label = serializers.CharField(source="get_status_display")
    effective_from = serializers.DateField(allow_null=True)
    content_hash = serializers.CharField(help_text="of the edition in force once approved; empty before")
    created_by = serializers.CharField()
    submitted_by = serializers.CharField(allow_null=True)
    reviewed_by = serializers.CharField(allow_null=True)
    review_note = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, version) -> str:
        return reverse("api-criteria-version", args=[version.pk])


class DiffItemSerializer(serializers.Serializer):
    tier = serializers.CharField()
    code = serializers.CharField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    place = serializers.CharField()
    year = serializers.IntegerField()
    old = serializers.CharField(help_text="empty when unknown")
    new = serializers.CharField()


class FindingSerializer(serializers.Serializer):
    severity = serializers.CharField(help_text="error or warning")
    where = serializers.CharField()
    message_vi = serializers.CharField()
    message_en = serializers.CharField()


class ImpactSerializer(serializers.Serializer):
    commune = UnitRefSerializer()
    name = serializers.CharField()
    on = serializers.DateField()
    criteria_met_old = serializers.IntegerField()
    criteria_met_new = serializers.IntegerField()
    changed = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class CriteriaVersionDetailSerializer(serializers.Serializer):
    version = CriteriaVersionSerializer()
    diff = DiffItemSerializer(many=True)
    findings = FindingSerializer(many=True)
    impact = ImpactSerializer(many=True)


class CriteriaChangeSerializer(serializers.Serializer):
    tier = serializers.CharField(help_text="standard, advanced…")
    code = serializers.CharField(help_text="Mã chỉ tiêu, ví dụ income_per_capita_mvnd")
    year = serializers.IntegerField(help_text="Năm bắt đầu áp dụng (từ ngày 01/01, hoặc ngày hiệu lực của bộ)")
    values = serializers.DictField(
        child=serializers.CharField(), help_text='Ngưỡng theo vùng/nhóm xã: {"TDMNPB": "45"}'
    )
    reference = serializers.CharField(help_text="Căn cứ pháp lý: số, ngày văn bản, điều hoặc phụ lục")
    source = serializers.CharField(required=False, allow_blank=True)


class CriteriaChangesSerializer(serializers.Serializer):
    changes = CriteriaChangeSerializer(many=True, min_length=1)


class IndicatorSpecSerializer(serializers.Serializer):
    tier = serializers.CharField(help_text="standard, advanced…")
    criterion = serializers.CharField(help_text='Số tiêu chí, ví dụ "1"')
    code = serializers.CharField(help_text="Mã chỉ tiêu theo văn bản, ví dụ 1.1")
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.ChoiceField(choices=["number", "percent", "count"])
    unit = serializers.CharField(help_text="Một đơn vị khai báo trong edition.yaml (percent, …)")
    comparator = serializers.ChoiceField(choices=[">=", ">", "<=", "<"])
    reference = serializers.CharField(help_text="Căn cứ pháp lý: số, ngày văn bản, điều hoặc phụ lục")
