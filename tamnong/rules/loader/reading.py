"""Reading YAML strictly: dates stay text, only true/false are booleans, no duplicate keys; a
broken file is a RulesDataError naming it (and the line). The content hash of parsed files."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from tamnong.rules.errors import RulesDataError


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (we parse them with a path for the error),
    reads only true/false as booleans (``on:``/``yes`` stay text) and refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def read_yaml(path: Path, name: str | None = None) -> Any:
    """Read one YAML file strictly. ``name`` is how errors name the file."""
    name = name or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RulesDataError(name, "", f"không đọc được tệp ({e.strerror})", f"cannot read file ({e.strerror})") from e
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where_vi = f" (dòng {mark.line + 1})" if mark else ""
        where_en = f" (line {mark.line + 1})" if mark else ""
        problem = e.problem or str(e)
        raise RulesDataError(
            name, "", f"YAML không hợp lệ{where_vi}: {problem}", f"invalid YAML{where_en}: {problem}"
        ) from e
    except yaml.YAMLError as e:
        raise RulesDataError(name, "", f"YAML không hợp lệ: {e}", f"invalid YAML: {e}") from e


def _stringify_keys(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _stringify_keys(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_stringify_keys(v) for v in obj]
    return obj


def canonical_json(obj: Any) -> str:
    """Canonical serialisation used for content hashes (independent of YAML layout)."""
    return json.dumps(_stringify_keys(obj), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(files: Mapping[str, Any]) -> str:
    """sha256 over the canonical serialisation of parsed files, keyed by relative name."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode("utf-8"))
        h.update(b"\0")
        h.update(canonical_json(files[name]).encode("utf-8"))
        h.update(b"\0")
    return "sha256:" + h.hexdigest()
