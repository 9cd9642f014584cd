"""The one report of every import: its problems (none: saved, unless a dry run), the rows read, the
records saved and, for a dry run, what would change (old → new)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tamnong.core.imports.reader import Problem


@dataclass(frozen=True)
class Keys:
    """The names a report keeps its problems and its changes under (JSON), and whether its problems are
    listed by cell. The NTM commune data jobs keep theirs as "errors" and "communes", as their stored
    reports and pages always have."""

    problems: str = "problems"
    changes: str = "changes"
    by_cell: bool = False


LISTS = Keys()


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    saved: int = 0
    dry_run: bool = True
    problems_total: int = 0  # counted by `add`, beyond those kept
    changes: list[dict] = field(default_factory=list)  # the dry run's diff, one entry per record
    changes_total: int = 0
    unchanged: int = 0
    kept: int | None = None  # how many problems `add` keeps (None: all)
    keys: Keys = LISTS

    @property
    def ok(self) -> bool:
        return not self.problems and not self.problems_total

    @property
    def communes(self) -> list[dict]:
        """The changes of an NTM commune data report, one per commune (its name for them)."""
        return self.changes

    def add(self, problem: Problem) -> None:
        self.problems_total = max(self.problems_total, len(self.problems)) + 1
        if self.kept is None or len(self.problems) < self.kept:
            self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def as_dict(self) -> dict:
        """As a background job keeps it (JSON)."""
        problems = self.problems
        if self.keys.by_cell:
            problems = sorted(problems, key=lambda p: (p.row or 0, len(p.column), p.column))
        total = max(self.problems_total, len(self.problems))
        if self.keys == LISTS:
            return {"problems": [p.as_dict() for p in problems], "rows": self.rows, "saved": self.saved,
                    "dry_run": self.dry_run, "ok": self.ok, "problems_total": total, "changes": self.changes,
                    "changes_total": self.changes_total, "unchanged": self.unchanged}  # fmt: skip
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "rows": self.rows,
            self.keys.problems: [p.as_dict() for p in problems],
            f"{self.keys.problems}_total": total,
            self.keys.changes: self.changes,
            f"{self.keys.changes}_total": self.changes_total,
            "saved": self.saved,
            "unchanged": self.unchanged,
        }

    @classmethod
    def from_dict(cls, data: dict, keys: Keys = LISTS) -> ImportReport:
        problems = [Problem(**p) for p in data.get(keys.problems, [])]
        return cls(problems=problems, rows=data.get("rows", 0), saved=data.get("saved", 0),
                   dry_run=data.get("dry_run", True), problems_total=data.get(f"{keys.problems}_total", len(problems)),
                   changes=data.get(keys.changes, []), changes_total=data.get(f"{keys.changes}_total", 0),
                   unchanged=data.get("unchanged", 0), keys=keys)  # fmt: skip
