"""YAML -> Edition. Strict: every schema break is a RulesDataError naming the file, the
path inside it and the reason, in Vietnamese and English.

Layout of an edition folder (details in ``tamnong/rules/README.md``)::

    <edition>/edition.yaml          id, names, legal basis, dates, places, tiers, special rules
    <edition>/<tier id>/cNN.yaml    one criterion of that tier, with its indicators
    <edition>/provinces/<code>.yaml province overlays (optional)

The modules, in the order they read: ``reading`` (strict YAML, content hash), ``schema`` (the
file/path/reason context and field checks), ``header`` (edition.yaml), ``criteria`` (criterion
files, indicators, dated entries), ``overlays`` (province overlays), ``editions`` (folders and
texts into an Edition, the package editions by id, the texts kept per version).
"""

from tamnong.rules.loader.editions import (
    DATA_DIR,
    EDITION_FILE,
    PROVINCES_DIR,
    edition_files,
    list_editions,
    load_edition,
    load_edition_dir,
    load_edition_texts,
)
from tamnong.rules.loader.header import OVERLAY_POLICIES
from tamnong.rules.loader.overlays import load_overlay, overlay_from_text
from tamnong.rules.loader.reading import canonical_json, content_hash, parse_yaml, read_yaml

__all__ = [
    "DATA_DIR",
    "EDITION_FILE",
    "OVERLAY_POLICIES",
    "PROVINCES_DIR",
    "canonical_json",
    "content_hash",
    "edition_files",
    "list_editions",
    "load_edition",
    "load_edition_dir",
    "load_edition_texts",
    "load_overlay",
    "overlay_from_text",
    "parse_yaml",
    "read_yaml",
]
