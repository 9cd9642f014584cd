"""Legal cases as data: a case states a situation (a commune's facts on a date, an OCOP total, a
certificate's dates, an act at a level on a date) and what the law makes of it; the runner asks the
engine and names every difference. The cases shipped with the rules are under `data/cases/`; a
criteria version keeps its boundary cases (`boundary_cases`). `tamnong cases [path]` runs them.

Pure Python, like the rest of the engine.
"""

from tamnong.rules.cases.boundary import boundary_cases
from tamnong.rules.cases.files import ROOT, case_files, cases_from_data, collect, read_file
from tamnong.rules.cases.model import Case, Mismatch, Outcome, show
from tamnong.rules.cases.run import run, run_all, summary

__all__ = [
    "Case",
    "Mismatch",
    "Outcome",
    "ROOT",
    "boundary_cases",
    "case_files",
    "cases_from_data",
    "collect",
    "read_file",
    "run",
    "run_all",
    "show",
    "summary",
]
