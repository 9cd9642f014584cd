"""The dated official lists (schemes), read from places/data/schemes.yaml."""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class SchemeInfo:
    scheme: str
    name_vi: str
    name_en: str
    valid_from: date
    valid_to: date | None
    has_districts: bool
    file: str

    @property
    def short_vi(self) -> str:
        """The list's name without its counts: "Danh mục 2020–2024"."""
        return self.name_vi.split(" (")[0]

    @property
    def short_en(self) -> str:
        return self.name_en.split(" (")[0]

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@cache
def schemes() -> tuple[SchemeInfo, ...]:
    with open(DATA_DIR / "schemes.yaml", encoding="utf-8") as fh:
        return tuple(SchemeInfo(**entry) for entry in yaml.safe_load(fh))


def scheme_info(scheme: str) -> SchemeInfo:
    for info in schemes():
        if info.scheme == scheme:
            return info
    raise KeyError(scheme)


def scheme_on(on: date) -> SchemeInfo | None:
    """The list in force on a date (None before the first list Tamnông holds)."""
    for info in schemes():
        if info.covers(on):
            return info
    return None
