"""docs/api.md is the OpenAPI document written out: it fails here when an API changed and `make docs` was
not run (scripts/api_reference.py regenerates it; the committed file must equal what it writes)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("api_reference", ROOT / "scripts" / "api_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_api_md_is_what_the_openapi_document_gives():
    script = _script()
    doc = script.schema()
    assert "/api/v1/evaluate" in doc["paths"]  # the schema of the running project, not an empty one
    expected = script.render(doc)
    committed = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert committed == expected, "docs/api.md is out of date with the OpenAPI document: run `make docs` and commit it"


def test_every_operation_of_the_schema_is_in_the_reference():
    script = _script()
    doc = script.schema()
    committed = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for path, item in doc["paths"].items():
        for method in script.METHODS:
            if method in item:
                assert f"### `{method.upper()} {path}`" in committed
