"""Tamnông rules engine: dated legal thresholds in YAML, evaluated for one commune.

Pure Python: imports only the standard library, PyYAML and (for authoring) ruamel.yaml.
"""

from tamnong.rules.errors import (
    FactsError,
    NotInForce,
    PlaceIncomplete,
    PlaceInvalid,
    RulesDataError,
    RulesError,
    UnknownEdition,
)
from tamnong.rules.evaluate import evaluate, meets, resolution_hash
from tamnong.rules.explain import format_value
from tamnong.rules.formatting import format_number, format_number_vi
from tamnong.rules.in_force import in_force
from tamnong.rules.loader import (
    edition_files,
    list_editions,
    load_edition,
    load_edition_dir,
    load_edition_texts,
    load_overlay,
    read_yaml,
)
from tamnong.rules.model import Assessment, Edition, Facts, Place
from tamnong.rules.results import Evaluation

__all__ = [
    "Assessment",
    "edition_files",
    "Edition",
    "Evaluation",
    "Facts",
    "FactsError",
    "NotInForce",
    "Place",
    "PlaceIncomplete",
    "PlaceInvalid",
    "RulesDataError",
    "RulesError",
    "UnknownEdition",
    "evaluate",
    "format_number",
    "format_value",
    "format_number_vi",
    "in_force",
    "list_editions",
    "load_edition",
    "load_edition_dir",
    "load_edition_texts",
    "load_overlay",
    "meets",
    "read_yaml",
    "resolution_hash",
]
