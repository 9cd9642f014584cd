"""Output shapes of the evaluation and roll-up API: the OpenAPI document is generated from these,
and every response goes through them, so the document cannot drift from what is sent."""

from rest_framework import serializers

from tamnong.criteria.serializers import BandField, NameSerializer, PlaceSerializer
from tamnong.places.apis import UnitRefSerializer


class AssessmentSerializer(serializers.Serializer):
    met = serializers.BooleanField()
    evidence = serializers.CharField()
    by = serializers.CharField(allow_null=True)


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
