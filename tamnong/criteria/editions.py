"""The criteria editions in force: the repository's texts, with the versions offices approved.

An edition in force is the repository's YAML texts, where the latest approved national version
replaces the national files and each province's latest approved overlay replaces or adds its
`provinces/<code>.yaml`. Every evaluation records the content hash of the texts it used, and
those texts are kept (`EditionVersion`), so an old evaluation is explained with its own rules.
"""

import datetime as dt

from tamnong import rules
from tamnong.core.errors import NotFoundError
from tamnong.criteria.models import CriteriaVersion, EditionVersion, VersionStatus
from tamnong.rules.loader import PROVINCES_DIR

_LOADED: dict[tuple, rules.Edition] = {}  # parsed editions, by the approved versions they include
_KEPT: dict[str, rules.Edition] = {}  # editions as old evaluations used them, by content hash


def _not_found(exc: rules.UnknownEdition) -> NotFoundError:
    return NotFoundError.of(exc, field="edition")


def _approved(edition_id: str) -> list[tuple[int, int | None, dt.datetime]]:
    """(version id, province id, approval time) of the approved versions of an edition, oldest first
    (the time tells a version from another that reused its id after a rollback)."""
    return list(
        CriteriaVersion.objects.filter(edition_id=edition_id, status=VersionStatus.APPROVED)
        .order_by("pk")
        .values_list("pk", "province_id", "reviewed_at")
    )


def edition_texts(
    edition_id: str, *, replacing: CriteriaVersion | None = None, approved_before: int | None = None
) -> dict[str, str]:
    """The YAML texts of the edition in force, or as they would be with a draft `replacing` its part;
    with `approved_before`, as they were before the version of that id was approved (what it changed)."""
    try:
        texts = rules.edition_files(edition_id)
    except rules.UnknownEdition as exc:
        raise _not_found(exc) from None
    latest: dict[int | None, int] = {}
    for pk, province_id, _ in _approved(edition_id):
        if approved_before is None or pk < approved_before:
            latest[province_id] = pk
    if replacing is not None:
        latest[replacing.province_id] = replacing.pk
    versions = {v.pk: v for v in CriteriaVersion.objects.filter(pk__in=latest.values())}
    if replacing is not None:
        versions[replacing.pk] = replacing
    national = versions.get(latest.get(None))
    if national is not None:
        texts = {name: text for name, text in texts.items() if name.startswith(f"{PROVINCES_DIR}/")}
        texts.update(national.files)
    for province_id, pk in latest.items():
        if province_id is not None:
            texts.update(versions[pk].files)
    return texts


def edition_get(edition_id: str) -> rules.Edition:
    """The edition in force (one small query to see which versions are approved; parsed once per process)."""
    key = (edition_id, *_approved(edition_id))
    if key not in _LOADED:
        if len(key) == 1:
            try:
                _LOADED[key] = rules.load_edition(edition_id)
            except rules.UnknownEdition as exc:
                raise _not_found(exc) from None
        else:
            _LOADED[key] = rules.load_edition_texts(edition_texts(edition_id))
    return _LOADED[key]


def edition_list() -> list[rules.Edition]:
    return [edition_get(edition_id) for edition_id in rules.list_editions()]


def edition_in_force(on: dt.date) -> rules.Edition:
    """The latest edition whose validity starts on or before the date."""
    in_force = [e for e in sorted(edition_list(), key=lambda e: e.valid_from) if e.valid_from <= on]
    if not in_force:
        raise rules.NotInForce(
            f"Chưa có bộ tiêu chí nào có hiệu lực vào ngày {on:%d/%m/%Y}.",
            f"No criteria set is in force on {on:%d/%m/%Y}.",
        )
    return in_force[-1]


def edition_version_record(edition: rules.Edition) -> None:
    """Keep the texts of the edition the first time an evaluation uses them (once per content hash),
    in the same transaction as the evaluation."""
    if not EditionVersion.objects.filter(content_hash=edition.content_hash).exists():
        EditionVersion.objects.create(
            content_hash=edition.content_hash, edition_id=edition.id, files=edition_texts(edition.id)
        )


def edition_version_load(content_hash: str) -> rules.Edition | None:
    """An edition as an old evaluation used it, from the texts kept when it was used."""
    if content_hash not in _KEPT:
        version = EditionVersion.objects.filter(content_hash=content_hash).first()
        if version is None:
            return None
        _KEPT[content_hash] = rules.load_edition_texts(version.files)
    return _KEPT[content_hash]
