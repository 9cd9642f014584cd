"""Test data and the bridge to the independent JavaScript validators in tests/trace/js."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tamnong.trace.epcis import (
    BizTransaction,
    Event,
    Party,
    QuantityElement,
    declare_error,
    with_hash_id,
)
from tamnong.trace.identifiers import gln_uri, lgtin, place_uri, program_link, sgtin

JS_DIR = Path(__file__).parent / "js"
SITE = "https://truyxuat.tamnong.example.vn"
NAMESPACES = {"tn": f"{SITE}/ns/epcis/"}
ICT = timezone(timedelta(hours=7))

# GS1 Vietnam (prefix 893) numbers with their mod-10 check digits worked out by hand.
JAR_GTIN = "8936045123454"  # Mật ong rừng Hợp Tiến, jar 500 g
BULK_GTIN = "8936045123461"  # raw forest honey, bulk, by the kilogram
APIARY_GLN = "8936045000014"
FACILITY_GLN = "8936045000021"
SHOP_GLN = "8936045000038"
SSCC = "389360450000000008"
HARVEST_LOT = "MO-2024-05"
JAR_LOT = "MO-2024-05/H1"
JAR_SERIALS = ("7K3M9QX2HC4TP", "9HJQK72D9RSYV", "0X4T8N2B6C1VR", "5FR2FMWZ3E7QA")
COMMUNE = place_uri(SITE, "vn-2025", "06778")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 5, day, hour, minute, tzinfo=ICT)


def honey_history() -> list[Event]:
    """A realistic lot history: harvest (commissioning the bulk lot, VietGAP certificate in ILMD), an
    inspection recorded wrongly then corrected, filling jars (transformation), packing the jars into a
    carton (aggregation), shipping, receiving, and the error declaration voiding the wrong inspection."""
    bulk = lgtin(BULK_GTIN, HARVEST_LOT)
    jars = tuple(sgtin(JAR_GTIN, serial) for serial in JAR_SERIALS)
    carton = f"https://id.gs1.org/00/{SSCC}"
    producer = f"https://id.gs1.org/417/{APIARY_GLN}"
    shop = f"https://id.gs1.org/417/{SHOP_GLN}"
    certificate = f"{SITE}/chung-nhan/vietgap/VG-QN-2024-0123"

    def ev(**kwargs: Any) -> Event:
        return with_hash_id(Event(**kwargs), NAMESPACES)

    harvest = ev(
        type="ObjectEvent",
        event_time=at(2, 7, 30),
        action="ADD",
        biz_step="commissioning",
        disposition="active",
        quantity_list=(QuantityElement(bulk, 120, "KGM"),),
        read_point=gln_uri(APIARY_GLN),
        biz_location=COMMUNE,
        ilmd={"tn:vietgapCertificate": certificate, "cbvmda:countryOfOrigin": "VN", "tn:harvestArea": COMMUNE},
    )
    wrong_inspection = ev(
        type="ObjectEvent",
        event_time=at(3, 9),
        action="OBSERVE",
        biz_step="inspecting",
        disposition="non_conformant",
        quantity_list=(QuantityElement(bulk, 120, "KGM"),),
        read_point=gln_uri(FACILITY_GLN),
        extensions={"tn:testReport": f"{SITE}/kiem-nghiem/KN-2024-117", "tn:moisturePercent": 18.5},
    )
    corrected_inspection = ev(
        type="ObjectEvent",
        event_time=at(3, 9),
        action="OBSERVE",
        biz_step="inspecting",
        disposition="conformant",
        quantity_list=(QuantityElement(bulk, 120, "KGM"),),
        read_point=gln_uri(FACILITY_GLN),
        extensions={"tn:testReport": f"{SITE}/kiem-nghiem/KN-2024-117", "tn:moisturePercent": 18.5},
    )
    filling = ev(
        type="TransformationEvent",
        event_time=at(6, 14, 15),
        biz_step="commissioning",
        disposition="active",
        input_quantity_list=(QuantityElement(bulk, "2.0", "KGM"),),
        output_epc_list=jars,
        read_point=gln_uri(FACILITY_GLN, "LINE1"),
        biz_location=gln_uri(FACILITY_GLN),
        ilmd={"tn:vietgapCertificate": certificate, "tn:netWeight": {"tn:value": 500, "tn:unit": "GRM"}},
    )
    packing = ev(
        type="AggregationEvent",
        event_time=at(6, 16),
        action="ADD",
        biz_step="packing",
        disposition="in_progress",
        parent_id=carton,
        child_epcs=jars,
        read_point=gln_uri(FACILITY_GLN, "LINE1"),
        biz_location=gln_uri(FACILITY_GLN),
    )
    shipping = ev(
        type="ObjectEvent",
        event_time=at(7, 8),
        action="OBSERVE",
        biz_step="shipping",
        disposition="in_transit",
        epc_list=(carton,),
        read_point=gln_uri(FACILITY_GLN),
        biz_transaction_list=(BizTransaction(f"{SITE}/giao-dich/PX-2024-015", "desadv"),),
        source_list=(Party("owning_party", producer), Party("location", gln_uri(FACILITY_GLN))),
        destination_list=(Party("owning_party", shop), Party("location", gln_uri(SHOP_GLN))),
    )
    receiving = ev(
        type="ObjectEvent",
        event_time=at(8, 10, 45),
        action="OBSERVE",
        biz_step="receiving",
        disposition="sellable_accessible",
        epc_list=(carton,),
        read_point=gln_uri(SHOP_GLN),
        biz_location=gln_uri(SHOP_GLN),
        biz_transaction_list=(BizTransaction(f"{SITE}/giao-dich/PX-2024-015", "desadv"),),
    )
    void = declare_error(
        wrong_inspection,
        declaration_time=at(9, 11),
        reason="incorrect_data",
        corrective_event_ids=[corrected_inspection.event_id],
    )
    return [harvest, wrong_inspection, corrected_inspection, filling, packing, shipping, receiving, void]


def program_history() -> list[Event]:
    """A household producer without GS1 membership: its lot and items carry program URIs."""
    product_id = 1234
    lot_class = program_link(SITE, product_id, "MIEN-24-07")
    items = tuple(program_link(SITE, product_id, "MIEN-24-07", serial) for serial in JAR_SERIALS[:2])
    harvest = Event(
        type="ObjectEvent",
        event_time=at(20, 6),
        action="ADD",
        biz_step="commissioning",
        disposition="active",
        quantity_list=(QuantityElement(lot_class, "35.5", "KGM"),),
        biz_location=COMMUNE,
    )
    packing = Event(
        type="TransformationEvent",
        event_time=at(21, 15),
        biz_step="commissioning",
        input_quantity_list=(QuantityElement(lot_class, 1, "KGM"),),
        output_epc_list=items,
        biz_location=COMMUNE,
    )
    return [with_hash_id(harvest), with_hash_id(packing)]


def node_path() -> str | None:
    return shutil.which("node")


def run_js(script: str, stdin: str) -> tuple[int, Any]:
    """Run tests/trace/js/<script> with `stdin`; (exit code, its JSON output)."""
    node = node_path()
    assert node, "node is not installed"
    done = subprocess.run(
        [node, str(JS_DIR / script)], input=stdin, capture_output=True, text=True, cwd=JS_DIR, timeout=120
    )
    assert done.returncode in (0, 1), f"{script} failed ({done.returncode}): {done.stderr[-2000:]}"
    return done.returncode, json.loads(done.stdout)
