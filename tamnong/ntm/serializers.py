"""Output shapes of the criteria and evaluation API: the OpenAPI document is generated from these,
and every response goes through them, so the document cannot drift from what is sent."""

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


class AssessmentSerializer(serializers.Serializer):
    met = serializers.BooleanField()
    evidence = serializers.CharField()
    by = serializers.CharField(allow_null=True)


class BandField(serializers.ListField):
    """A score band [from, below]."""

    child = serializers.FloatField()

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, min_length=2, max_length=2, **kwargs)


class IndicatorResultSerializer(NameSerializer):
    tier = serializers.CharField()
    criterion = serializers.CharField()
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=["number", "percent", "yes_no", "score_band", "count"])
    unit = serializers.CharField()
    value = serializers.JSONField(allow_null=True, help_text="number or true/false")
    comparator = serializers.CharField(allow_null=True)
    threshold = serializers.JSONField(allow_null=True, help_text="number or true/false")
    band = BandField()
    effective = serializers.DateField(allow_null=True)
    reference = serializers.CharField(allow_null=True)
    origin = serializers.CharField(allow_null=True, help_text="national | province | derived")
    place_used = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["met", "not_met", "missing", "not_applicable", "unknown"])
    explanation_vi = serializers.CharField()
    explanation_en = serializers.CharField()
    province_only = serializers.BooleanField()


class CriterionResultSerializer(NameSerializer):
    tier = serializers.CharField()
    number = serializers.CharField()
    group = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["met", "not_met", "incomplete"])
    basis = serializers.ChoiceField(choices=["indicators", "direct_assessment", "needs_direct_assessment"])
    assessment = AssessmentSerializer(allow_null=True)
    indicators = IndicatorResultSerializer(many=True)
    explanation_vi = serializers.CharField()
    explanation_en = serializers.CharField()


class TierResultSerializer(NameSerializer):
    id = serializers.CharField()
    criteria = CriterionResultSerializer(many=True)
    criteria_met = serializers.IntegerField()
    criteria_total = serializers.IntegerField()
    indicators_met = serializers.IntegerField()
    indicators_applicable = serializers.IntegerField()
    lower_reached = serializers.BooleanField()
    reached = serializers.BooleanField()
    place_used = serializers.CharField()
    special_rules_applied = serializers.ListField(child=serializers.CharField())
    explanation_vi = serializers.CharField()
    explanation_en = serializers.CharField()


class GapSerializer(serializers.Serializer):
    tier = serializers.CharField()
    criterion = serializers.CharField()
    indicator = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    need_vi = serializers.CharField()
    need_en = serializers.CharField()


class ParameterUsedSerializer(serializers.Serializer):
    tier = serializers.CharField()
    criterion = serializers.CharField()
    indicator = serializers.CharField()
    origin = serializers.CharField()
    effective = serializers.DateField()
    reference = serializers.CharField()
    source = serializers.CharField(allow_null=True)
    place_used = serializers.CharField(allow_null=True)
    comparator = serializers.CharField(allow_null=True)
    threshold = serializers.JSONField(allow_null=True)
    band = BandField()
    unknown = serializers.BooleanField()
    derived_from = serializers.DictField(allow_null=True)
    factor = serializers.FloatField(allow_null=True)


class TraceSerializer(serializers.Serializer):
    edition_id = serializers.CharField()
    content_hash = serializers.CharField()
    overlay_province = serializers.CharField(allow_null=True)
    overlay_hash = serializers.CharField(allow_null=True)
    resolution_hash = serializers.CharField()
    special_rules_applied = serializers.ListField(child=serializers.CharField())
    parameters = ParameterUsedSerializer(many=True)


class EvaluationSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    edition_id = serializers.CharField()
    on = serializers.DateField()
    place = PlaceSerializer()
    tiers = TierResultSerializer(many=True)
    tier_reached = serializers.CharField(allow_null=True)
    next_tier = serializers.CharField(allow_null=True)
    gaps = GapSerializer(many=True)
    notes_vi = serializers.ListField(child=serializers.CharField())
    notes_en = serializers.ListField(child=serializers.CharField())
    trace = TraceSerializer()


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


class CommuneRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class TargetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    average_criteria = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False)
    communes_standard = serializers.IntegerField(allow_null=True)
    communes_advanced = serializers.IntegerField(allow_null=True)
    communes_model = serializers.IntegerField(allow_null=True)
    communes_15_18 = serializers.IntegerField(allow_null=True)
    communes_10_14 = serializers.IntegerField(allow_null=True)
    planned = serializers.ListField(child=serializers.DictField())


class CommuneStandingSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    on = serializers.DateField()
    criteria_met = serializers.IntegerField()
    criteria_total = serializers.IntegerField()
    indicators_met = serializers.IntegerField()
    tier_reached = serializers.CharField(allow_blank=True)
    recognised_tier = serializers.CharField(allow_null=True)


class NtmSummarySerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    on = serializers.DateField()
    edition = serializers.CharField()
    communes_in_unit = serializers.IntegerField(help_text="rural communes (xã, đặc khu) of the unit")
    communes_assessed = serializers.IntegerField()
    average_criteria = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False)
    average_indicators = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    tiers = serializers.DictField(child=CommuneRefSerializer(many=True), help_text="recognised communes per tier")
    distribution = serializers.DictField(child=serializers.IntegerField(), help_text='{"19": 6, "15-18": 1, ...}')
    criteria_share = serializers.DictField(
        child=serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False),
        help_text="percent of assessed communes meeting each criterion",
    )
    communes = CommuneStandingSerializer(many=True)
    targets = TargetSerializer(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())
    attribution = serializers.CharField(
        allow_null=True, help_text="the rule used when the data are on an earlier list than the unit"
    )
    text_vi = serializers.CharField()
    text_en = serializers.CharField()


class SelfAssessmentSerializer(serializers.Serializer):
    unit = UnitRefSerializer(source="commune")
    edition = serializers.CharField(source="edition_id")
    on = serializers.DateField()
    period = serializers.CharField()
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()
    updated_by = serializers.CharField(allow_null=True)
    values = serializers.SerializerMethodField()
    assessments = serializers.SerializerMethodField()
    criteria_met = serializers.IntegerField(source="evaluation.criteria_met")
    criteria_total = serializers.IntegerField(source="evaluation.criteria_total")
    tier_reached = serializers.CharField(source="evaluation.tier_reached")
    content_hash = serializers.CharField(source="evaluation.content_hash")

    def get_values(self, sa) -> dict:
        return {v.code: v.value for v in sa.values.all()}

    def get_assessments(self, sa) -> dict:
        return {a.criterion: {"met": a.met, "evidence": a.evidence, "by": a.assessed_by} for a in sa.assessments.all()}


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
