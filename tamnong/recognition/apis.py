"""Recognition API: dossiers, their transitions, and the register. Thin: parse, call one service or
selector, answer (errors through tamnong.core.apis: 400 naming the field, 403, 404, 409 when stale)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tamnong.accounts.files import file_url
from tamnong.ntm.models import Tier
from tamnong.places.selectors import unit_get_by_key
from tamnong.recognition import selectors, services, workflow
from tamnong.recognition.models import State


class DossierOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    unit = serializers.SerializerMethodField()
    commune = serializers.CharField(source="commune.title")
    tier = serializers.CharField()
    state = serializers.CharField()
    state_since = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    edition_id = serializers.CharField()
    on = serializers.DateField(help_text="Ngày của số liệu tự đánh giá được sao vào hồ sơ")
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    reopened = serializers.ListField(child=serializers.CharField())

    def get_unit(self, obj) -> str:
        return f"{obj.commune.scheme}:{obj.commune.code}"


class DossierDetailSerializer(DossierOutputSerializer):
    items = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    conditions = serializers.JSONField()
    evaluation = serializers.JSONField()
    completeness = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    content_hash = serializers.SerializerMethodField()
    approved_hash = serializers.CharField()

    def get_items(self, obj) -> list[dict]:
        # Files by the address of their private file page (for the dossier's readers), never a storage path.
        return [{"key": i.key, "kind": i.kind, "value": i.value, "evidence": i.evidence,
                 "evidence_file": file_url("recognition-evidence", i.pk) if i.evidence_file else ""}
                for i in selectors.dossier_items(obj)]  # fmt: skip

    def get_documents(self, obj) -> list[dict]:
        return [{"code": d.code, "reference": d.reference, "file": file_url("recognition-document", d.pk) if d.file else ""}
                for d in selectors.dossier_documents(obj)]  # fmt: skip

    def get_completeness(self, obj) -> dict:
        check = services.dossier_completeness(obj)
        return {"complete": check["complete"], "missing_documents": [d["code"] for d in check["missing_documents"]],
                "failed_conditions": [c["key"] for c in check["failed_conditions"]],
                "list_status": check["list_status"]}  # fmt: skip

    def get_reasons(self, obj) -> list[dict]:
        return [{"round": r.round, "target": r.target, "reason": r.reason, "on": r.on} for r in selectors.dossier_reasons(obj)]

    def get_history(self, obj) -> list[dict]:
        return [{"at": e.at, "on": e.on, "by": e.actor.username if e.actor else None, "action": e.action,
                 "from": e.from_state, "to": e.to_state, "item": e.item, "before": e.before, "after": e.after,
                 "note": e.note} for e in selectors.dossier_history(obj)]  # fmt: skip

    def get_content_hash(self, obj) -> str:
        return services.dossier_content_hash(obj)


class DossierListApi(APIView):
    permission_classes = [IsAuthenticated]

    class DossierFilterSerializer(serializers.Serializer):
        unit = serializers.CharField(required=False, help_text="Đơn vị, dạng <danh mục>:<mã>, ví dụ 2020:153")
        state = serializers.ChoiceField(choices=State.choices, required=False)

    class DossierCreateInputSerializer(serializers.Serializer):
        unit = serializers.CharField(help_text="Xã, dạng <danh mục>:<mã>, ví dụ 2020:05068")
        tier = serializers.ChoiceField(choices=Tier.choices)
        on = serializers.DateField(help_text="Ngày lập hồ sơ; sao kết quả tự đánh giá mới nhất đến ngày này")

    @extend_schema(
        operation_id="recognition_dossiers_list",
        summary="Các hồ sơ đề nghị xét công nhận trong phạm vi của người dùng (lọc theo đơn vị, trạng thái)",
        parameters=[DossierFilterSerializer],
        responses=DossierOutputSerializer(many=True),
    )
    def get(self, request):
        filters = self.DossierFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        unit = unit_get_by_key(filters.validated_data["unit"]) if "unit" in filters.validated_data else None
        rows = selectors.dossier_list(actor=request.user, unit=unit, state=filters.validated_data.get("state"))
        return Response(DossierOutputSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="recognition_dossier_create",
        summary="Lập hồ sơ đề nghị xét công nhận: sao (đóng băng) kết quả tự đánh giá mới nhất của xã",
        request=DossierCreateInputSerializer,
        responses={201: DossierDetailSerializer},
    )
    def post(self, request):
        data = self.DossierCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dossier = services.dossier_create(
            commune=unit_get_by_key(data.validated_data["unit"]), tier=data.validated_data["tier"],
            on=data.validated_data["on"], actor=request.user,
        )  # fmt: skip
        return Response(DossierDetailSerializer(dossier).data, status=status.HTTP_201_CREATED)


class DossierDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="recognition_dossier_retrieve",
        summary="Một hồ sơ: giá trị đã đóng băng, tài liệu, điều kiện, mức đầy đủ, lý do trả lại, nhật ký, mã băm",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses=DossierDetailSerializer,
    )
    def get(self, request, pk: int):
        return Response(DossierDetailSerializer(selectors.dossier_get(pk=pk, actor=request.user)).data)


class TransitionReasonSerializer(serializers.Serializer):
    item = serializers.CharField(
        help_text='Chỉ tiêu ("3.1"), tiêu chí ("criterion:advanced/4"), "condition:…", "document:…"'
    )
    reason = serializers.CharField()


class DossierTransitionApi(APIView):
    permission_classes = [IsAuthenticated]

    class TransitionInputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(choices=list(workflow.ACTION_NAMES))
        on = serializers.DateField(help_text="Ngày thực hiện; quy trình (các cấp) áp dụng theo ngày này")
        version = serializers.IntegerField(help_text="Phiên bản hồ sơ đã đọc; khác phiên bản hiện tại → 409")
        reasons = TransitionReasonSerializer(many=True, required=False, default=list)
        decision_number = serializers.CharField(required=False, default="", allow_blank=True)
        decision_date = serializers.DateField(required=False, allow_null=True, default=None)
        note = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(
        operation_id="recognition_dossier_transition",
        summary="Chuyển trạng thái hồ sơ: nộp, thẩm tra, thẩm định, trả lại kèm lý do theo chỉ tiêu, công nhận, "
        "không công nhận, thu hồi",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        request=TransitionInputSerializer,
        responses=DossierDetailSerializer,
    )
    def post(self, request, pk: int):
        data = self.TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        reasons = {r["item"]: r["reason"] for r in v["reasons"]}
        dossier = services.dossier_transition(
            dossier=selectors.dossier_get(pk=pk, actor=request.user, to_write=True), action=v["action"], actor=request.user,
            on=v["on"], expected_version=v["version"], reasons=reasons, decision_number=v["decision_number"],
            decision_date=v["decision_date"], note=v["note"],
        )  # fmt: skip
        return Response(DossierDetailSerializer(dossier).data)


class RegisterOutputSerializer(serializers.Serializer):
    unit = serializers.CharField()
    commune = serializers.CharField()
    tier = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    revoked_on = serializers.DateField(allow_null=True)
    revocation_decision = serializers.CharField()
    dossier = serializers.IntegerField(allow_null=True)
    watch_failing = serializers.ListField(child=serializers.CharField(), allow_null=True)


class RegisterApi(APIView):
    permission_classes = [AllowAny]  # the register is public, as the decisions are

    class RegisterFilterSerializer(serializers.Serializer):
        unit = serializers.CharField(help_text="Đơn vị, dạng <danh mục>:<mã>, ví dụ 2020:153")
        on = serializers.DateField(help_text="Ngày xem sổ, YYYY-MM-DD")

    @extend_schema(
        operation_id="recognition_register",
        summary="Sổ công nhận: các xã đã được công nhận trong đơn vị đến ngày, với mức, số và ngày quyết định",
        parameters=[RegisterFilterSerializer],
        responses=RegisterOutputSerializer(many=True),
    )
    def get(self, request):
        filters = self.RegisterFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        unit = unit_get_by_key(filters.validated_data["unit"])
        rows = selectors.register_list(unit=unit, on=filters.validated_data["on"])
        body = [
            {"unit": f"{r['recognition'].commune.scheme}:{r['recognition'].commune.code}",
             "commune": r["recognition"].commune.title, "tier": r["recognition"].tier,
             "decision_number": r["recognition"].decision_number, "decision_date": r["recognition"].decision_date,
             "revoked_on": r["recognition"].revoked_on if r["revoked"] else None,
             "revocation_decision": r["recognition"].revocation_decision if r["revoked"] else "",
             "dossier": r["dossier"], "watch_failing": r["watch"]["failing"] if r["watch"] else None}
            for r in rows
        ]  # fmt: skip
        return Response(RegisterOutputSerializer(body, many=True).data)
