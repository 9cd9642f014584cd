"""The boundary cases an approved criteria version keeps (made by tamnong.rules.cases.boundary_cases
on approval), run against the edition as that version made it: for its page and `tamnong cases`."""

from __future__ import annotations

from dataclasses import dataclass

from tamnong import rules
from tamnong.criteria.editions import edition_list, edition_texts
from tamnong.criteria.models import CriteriaVersion, VersionStatus
from tamnong.rules import authoring, cases


@dataclass(frozen=True)
class CaseSet:
    """The cases of one approved version and the edition they are run against."""

    version: CriteriaVersion
    title_vi: str
    title_en: str
    edition: rules.Edition | None
    cases: list[cases.Case]

    def title(self, lang: str = "vi") -> str:
        return self.title_en if lang == "en" else self.title_vi

    def run(self) -> list[cases.Outcome]:
        return cases.run_all(self.cases, edition=self.edition)


def version_edition(version: CriteriaVersion) -> rules.Edition | None:
    """The edition as it was once this version was approved (later versions left out)."""
    edition, _ = authoring.load(edition_texts(version.edition_id, approved_before=version.pk, replacing=version))
    return edition


def case_set(version: CriteriaVersion, edition: rules.Edition | None = None) -> CaseSet:
    names = {e.id: (e.name_vi, e.name_en) for e in edition_list()}
    name_vi, name_en = names.get(version.edition_id, (version.edition_id, version.edition_id))
    where_vi = version.province.title if version.province_id else "toàn quốc"
    where_en = version.province.title if version.province_id else "national"
    title_vi = f"{name_vi} — {where_vi} — phiên bản {version.number}"
    title_en = f"{name_en} — {where_en} — version {version.number}"
    return CaseSet(
        version=version, title_vi=title_vi, title_en=title_en,
        edition=edition if edition is not None else version_edition(version),
        cases=cases.cases_from_data(list(version.cases or []), title_vi, edition_id=version.edition_id),
    )  # fmt: skip


def approved_case_sets() -> list[CaseSet]:
    """Every approved version that keeps cases, oldest first."""
    versions = CriteriaVersion.objects.filter(status=VersionStatus.APPROVED).select_related("province").order_by("pk")
    return [case_set(v) for v in versions if v.cases]


def version_case_outcomes(version: CriteriaVersion, edition: rules.Edition | None = None) -> list[cases.Outcome]:
    """The version's cases run against the edition it made (none before it is approved)."""
    if version.status != VersionStatus.APPROVED or not version.cases:
        return []
    return case_set(version, edition).run()
