"""EPCIS 2.0 events and documents (tamnong.trace.epcis), without Django."""

import copy
import hashlib
import json
from datetime import datetime
from decimal import Decimal

import pytest

from tamnong.trace.epcis import (
    BIZ_STEPS,
    DISPOSITIONS,
    EPCIS_CONTEXT,
    EpcisError,
    Event,
    QuantityElement,
    declare_error,
    document,
    event_hash_id,
    parse_document,
    pre_hash_string,
)
from tests.trace.helpers import NAMESPACES, SITE, at, honey_history, program_history


@pytest.fixture(scope="module")
def history():
    return honey_history()


@pytest.fixture
def doc(history):
    return json.loads(json.dumps(document(history, at(9, 12), namespaces=NAMESPACES), ensure_ascii=False))


def test_the_vocabularies_are_those_of_cbv_2_0():
    assert len(BIZ_STEPS) == 41 and len(DISPOSITIONS) == 33
    assert {"commissioning", "inspecting", "packing", "shipping", "receiving", "creating_class_instance"} <= BIZ_STEPS
    assert not {"harvesting", "producing", "transforming"} & BIZ_STEPS  # not CBV 2.0 business steps
    assert {"conformant", "non_conformant", "in_transit", "sellable_accessible"} <= DISPOSITIONS


def test_document_has_the_epcis_2_0_shape(history, doc):
    assert doc["@context"] == [EPCIS_CONTEXT, NAMESPACES]
    assert doc["type"] == "EPCISDocument"
    assert doc["schemaVersion"] == "2.0"
    assert doc["creationDate"] == "2024-05-09T12:00:00+07:00"
    events = doc["epcisBody"]["eventList"]
    assert [e["type"] for e in events] == [e.type for e in history]
    harvest = events[0]
    assert harvest["eventTime"] == "2024-05-02T07:30:00+07:00"
    assert harvest["eventTimeZoneOffset"] == "+07:00"
    assert harvest["quantityList"] == [
        {"epcClass": "https://id.gs1.org/01/08936045123461/10/MO-2024-05", "quantity": 120, "uom": "KGM"}
    ]
    assert harvest["ilmd"]["tn:vietgapCertificate"].startswith(f"{SITE}/chung-nhan/vietgap/")
    assert "epcList" not in harvest and "errorDeclaration" not in harvest
    assert "action" not in events[3]  # TransformationEvent
    assert events[3]["inputQuantityList"][0]["quantity"] == 2
    void = events[-1]
    assert void["eventID"] == events[1]["eventID"]
    assert void["errorDeclaration"] == {
        "declarationTime": "2024-05-09T11:00:00+07:00",
        "reason": "incorrect_data",
        "correctiveEventIDs": [events[2]["eventID"]],
    }


def test_document_round_trips(history, doc):
    assert parse_document(doc) == history
    programs = program_history()
    assert parse_document(json.loads(json.dumps(document(programs, at(22, 8))))) == programs


def test_parse_accepts_a_single_event_and_a_query_document(history, doc):
    single = {"@context": doc["@context"], **doc["epcisBody"]["eventList"][5]}
    assert parse_document(single) == [history[5]]
    query = {
        "@context": doc["@context"],
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": doc["creationDate"],
        "epcisBody": {"queryResults": {"queryName": "SimpleEventQuery", "resultsBody": doc["epcisBody"]}},
    }
    assert parse_document(query) == history


def test_parse_accepts_cbv_urns_and_web_uris_as_bare_strings(doc):
    event = doc["epcisBody"]["eventList"][5]
    event["bizStep"] = "urn:epcglobal:cbv:bizstep:shipping"
    event["disposition"] = "https://ref.gs1.org/cbv/Disp-in_transit"
    parsed = parse_document(doc)[5]
    assert (parsed.biz_step, parsed.disposition) == ("shipping", "in_transit")


def _mutate(doc, index, key, value):
    out = copy.deepcopy(doc)
    if value is KeyError:
        del out["epcisBody"]["eventList"][index][key]
    else:
        out["epcisBody"]["eventList"][index][key] = value
    return out


@pytest.mark.parametrize(
    ("index", "key", "value", "field", "start"),
    [
        (1, "bizStep", "harvesting", "eventList[1].bizStep", "Sự kiện 2, trường bizStep: «harvesting» không phải"),
        (
            2,
            "eventTimeZoneOffset",
            KeyError,
            "eventList[2].eventTimeZoneOffset",
            "Sự kiện 3, trường eventTimeZoneOffset: bắt buộc",
        ),
        (
            0,
            "eventTime",
            "02/05/2024 07:30",
            "eventList[0].eventTime",
            "Sự kiện 1, trường eventTime: «02/05/2024 07:30»",
        ),
        (0, "eventTime", "2024-05-02T07:30:00", "eventList[0].eventTime", "Sự kiện 1, trường eventTime:"),
        (5, "action", KeyError, "eventList[5].action", "Sự kiện 6, trường action: bắt buộc"),
        (
            3,
            "action",
            "ADD",
            "eventList[3].action",
            "Sự kiện 4, trường action: trường không có trong TransformationEvent",
        ),
        (4, "parentID", KeyError, "eventList[4].parentID", "Sự kiện 5, trường parentID: bắt buộc"),
        (
            0,
            "quantityList",
            [{"epcClass": "lô 1", "quantity": 1}],
            "eventList[0].quantityList[0].epcClass",
            "Sự kiện 1, trường quantityList[0].epcClass: «lô 1» không phải một URI",
        ),
        (
            0,
            "quantityList",
            [{"epcClass": "https://x.vn/a", "quantity": 1, "uom": "kg"}],
            "eventList[0].quantityList[0].uom",
            "Sự kiện 1, trường quantityList[0].uom: «kg»",
        ),
        (
            0,
            "quantityList",
            [{"epcClass": "https://x.vn/a", "quantity": 2.5}],
            "eventList[0].quantityList[0].quantity",
            "Sự kiện 1, trường quantityList[0].quantity:",
        ),
        (
            3,
            "colour",
            "gold",
            "eventList[3].colour",
            "Sự kiện 4, trường colour: trường không có trong TransformationEvent",
        ),
        (6, "xx:note", "hello", "eventList[6].@context", "Sự kiện 7, trường @context: tiền tố «xx» chưa được khai báo"),
        (1, "ilmd", {"tn:a": "b"}, "eventList[1].ilmd", "Sự kiện 2, trường ilmd: ILMD chỉ dùng"),
        (
            5,
            "epcList",
            ["https://id.gs1.org/00/389360450000000008"] * 2,
            "eventList[5].epcList",
            "Sự kiện 6, trường epcList: «https://id.gs1.org/00/389360450000000008» xuất hiện hai lần",
        ),
        (
            7,
            "errorDeclaration",
            {"reason": "incorrect_data"},
            "eventList[7].errorDeclaration.declarationTime",
            "Sự kiện 8, trường errorDeclaration.declarationTime: bắt buộc",
        ),
        (
            7,
            "errorDeclaration",
            {"declarationTime": "2024-05-09T11:00:00+07:00", "reason": "typo"},
            "eventList[7].errorDeclaration.reason",
            "Sự kiện 8, trường errorDeclaration.reason: «typo»",
        ),
    ],
)
def test_capture_errors_name_the_event_and_the_field_in_vietnamese(doc, index, key, value, field, start):
    with pytest.raises(EpcisError) as caught:
        parse_document(_mutate(doc, index, key, value))
    assert caught.value.field == field
    assert caught.value.event_index == index
    assert caught.value.message_vi.startswith(start), caught.value.message_vi
    assert caught.value.message_en.startswith(f"Event {index + 1}, field ")


@pytest.mark.parametrize(
    ("change", "field", "start"),
    [
        ({"schemaVersion": "1.2"}, "schemaVersion", "Trường schemaVersion: phải là «2.0»"),
        ({"@context": ["https://example.com/other.jsonld"]}, "@context", "Trường @context: thiếu ngữ cảnh EPCIS 2.0"),
        ({"creationDate": "hôm nay"}, "creationDate", "Trường creationDate: «hôm nay»"),
        ({"type": "EPCISMasterDataDocument"}, "type", "Trường type:"),
        ({"epcisBody": {"events": []}}, "epcisBody.eventList", "Trường epcisBody.eventList: phải là một danh sách"),
    ],
)
def test_document_level_errors(doc, change, field, start):
    with pytest.raises(EpcisError) as caught:
        parse_document({**doc, **change})
    assert caught.value.field == field
    assert caught.value.event_index is None
    assert caught.value.message_vi.startswith(start)


def test_events_check_the_rules_of_each_type():
    t = at(2, 7)
    lot = "https://id.gs1.org/01/08936045123461/10/MO-2024-05"
    ok = Event(
        type="ObjectEvent", event_time=t, action="ADD", quantity_list=[QuantityElement(lot, Decimal("1.5"), "KGM")]
    )
    assert ok.event_time_zone_offset == "+07:00" and isinstance(ok.quantity_list, tuple)
    cases = [
        ({"type": "QuantityEvent", "action": "ADD", "epc_list": [lot]}, "type"),
        ({"type": "ObjectEvent", "action": "ADD"}, "epcList"),
        ({"type": "ObjectEvent", "action": "MOVE", "epc_list": [lot]}, "action"),
        ({"type": "ObjectEvent", "action": "ADD", "epc_list": [lot], "biz_step": "producing"}, "bizStep"),
        ({"type": "ObjectEvent", "action": "ADD", "epc_list": [lot], "disposition": "good"}, "disposition"),
        ({"type": "ObjectEvent", "action": "ADD", "epc_list": [lot], "child_epcs": [lot]}, "childEPCs"),
        ({"type": "ObjectEvent", "action": "ADD", "epc_list": [lot], "extensions": {"note": "x"}}, "note"),
        ({"type": "ObjectEvent", "action": "ADD", "epc_list": [lot], "extensions": {"tn:x": None}}, "tn:x"),
        ({"type": "AggregationEvent", "action": "ADD", "child_epcs": [lot]}, "parentID"),
        ({"type": "AssociationEvent", "action": "ADD", "parent_id": lot}, "childEPCs"),
        ({"type": "TransformationEvent", "input_epc_list": [lot]}, "outputQuantityList"),
        (
            {"type": "ObjectEvent", "action": "ADD", "epc_list": [lot], "event_time_zone_offset": "+7"},
            "eventTimeZoneOffset",
        ),
    ]
    for kwargs, field in cases:
        with pytest.raises(EpcisError) as caught:
            Event(event_time=t, **kwargs)
        assert caught.value.field == field, kwargs
        assert caught.value.message_vi.startswith(f"Trường {field}: ")
    with pytest.raises(EpcisError) as caught:
        Event(type="ObjectEvent", event_time=datetime(2024, 5, 2, 7), action="ADD", epc_list=[lot])
    assert caught.value.field == "eventTime" and "múi giờ" in caught.value.message_vi
    # an AggregationEvent that only observes may leave its parent out (EPCIS 2.0, AggregationEvent)
    assert Event(type="AggregationEvent", event_time=t, action="OBSERVE", child_epcs=[lot]).parent_id is None


def test_document_refuses_undeclared_prefixes(history):
    with pytest.raises(EpcisError) as caught:
        document(history, at(9, 12))
    assert caught.value.field == "eventList[0].@context"
    assert caught.value.message_vi.startswith("Sự kiện 1, trường @context: tiền tố «tn» chưa được khai báo")


def test_pre_hash_string_follows_cbv_2_0_section_8_9():
    event = Event(
        type="ObjectEvent",
        event_time=datetime.fromisoformat("2024-05-07T08:00:00.123456+07:00"),
        action="OBSERVE",
        biz_step="shipping",
        disposition="in_transit",
        epc_list=["https://id.gs1.org/01/08936045123454/21/B", "urn:epc:id:sgtin:8936045.012345.A"],
        quantity_list=[
            QuantityElement("https://shop.example.vn/01/8936045123461/10/L1?exp=250101", Decimal("2.50"), "KGM")
        ],
        read_point="urn:epc:id:sgln:8936045.00002.0",
        extensions={"tn:b": " x ", "tn:a": {"tn:y": True, "tn:x": 3.0}},
    )
    ns = "{" + NAMESPACES["tn"] + "}"
    assert pre_hash_string(event, NAMESPACES) == (
        "eventType=ObjectEvent"
        "eventTime=2024-05-07T01:00:00.123Z"
        "eventTimeZoneOffset=+07:00"
        "epcListepc=https://id.gs1.org/01/08936045123454/21/Aepc=https://id.gs1.org/01/08936045123454/21/B"
        "quantityListquantityElementepcClass=https://id.gs1.org/01/08936045123461/10/L1quantity=2.5uom=KGM"
        "action=OBSERVE"
        "bizStep=https://ref.gs1.org/cbv/BizStep-shipping"
        "disposition=https://ref.gs1.org/cbv/Disp-in_transit"
        "readPointid=https://id.gs1.org/414/8936045000021"
        f"{ns}a{ns}x=3{ns}y=true{ns}b=x"
    )
    expected = hashlib.sha256(pre_hash_string(event, NAMESPACES).encode()).hexdigest()
    assert event_hash_id(event, NAMESPACES) == f"ni:///sha-256;{expected}?ver=CBV2.0"


def test_hash_ids_ignore_the_error_declaration_and_see_every_change(history):
    wrong, corrected, void = history[1], history[2], history[7]
    assert wrong.event_id == void.event_id == event_hash_id(void, NAMESPACES)
    assert wrong.event_id != corrected.event_id  # only the disposition differs
    assert len({e.event_id for e in history}) == len(history) - 1
    again = declare_error(history[0], declaration_time=at(10, 8), corrective_event_ids=[])
    assert event_hash_id(again, NAMESPACES) == history[0].event_id
    with pytest.raises(EpcisError, match="eventID"):
        declare_error(
            Event(type="ObjectEvent", event_time=at(1, 1), action="ADD", epc_list=["https://x.vn/1"]),
            declaration_time=at(2, 1),
        )
