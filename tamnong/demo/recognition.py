"""Demo recognition dossiers (tamnong/demo/data/recognition.yaml): Nam Thượng's advanced-tier dossier,
submitted to the district as of 31/03/2024. Kim Bôi's recognised communes come from the NTM demo's
register (kim-boi-2024-03.yaml), not from here. Idempotent."""

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from tamnong.places.models import AdminUnit
from tamnong.recognition.models import Dossier
from tamnong.recognition.services import (
    ItemChange,
    dossier_condition_record,
    dossier_create,
    dossier_document_record,
    dossier_items_update,
    dossier_transition,
)

DATA = Path(__file__).parent / "data" / "recognition.yaml"


@transaction.atomic
def recognition_demo_load() -> int:
    """Create the demo dossiers that do not exist yet; returns how many were created."""
    spec = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    created = 0
    for d in spec["dossiers"]:
        commune = AdminUnit.objects.get(scheme=d["commune"]["scheme"], code=d["commune"]["code"])
        if Dossier.objects.filter(commune=commune, tier=d["tier"], is_demo=True).exists():
            continue
        actor = get_user_model().objects.get(username=d["by"])
        on = d["as_of"]
        dossier = dossier_create(commune=commune, tier=d["tier"], on=on, actor=actor, is_demo=True)
        changes = {code: ItemChange(value=value) for code, value in (d.get("values") or {}).items()}
        direct = d.get("direct") or {}
        for number in direct.get("criteria", []):
            changes[f"criterion:{d['tier']}/{number}"] = ItemChange(
                met=True, evidence=direct["evidence"].format(n=number)
            )
        dossier = dossier_items_update(dossier=dossier, changes=changes, actor=actor, on=on, expected_version=None)
        for code, reference in (d.get("documents") or {}).items():
            dossier = dossier_document_record(
                dossier=dossier, code=code, reference=reference, actor=actor, on=on, expected_version=None
            )
        for key, condition in (d.get("conditions") or {}).items():
            dossier = dossier_condition_record(
                dossier=dossier, key=key, met=condition["met"], evidence=condition["evidence"], actor=actor, on=on,
                expected_version=None,
            )  # fmt: skip
        if d.get("submit"):
            dossier_transition(dossier=dossier, action="submit", actor=actor, on=on, expected_version=None)
        created += 1
    return created
