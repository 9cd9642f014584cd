"""One writer of evaluation snapshots: `tamnong.ntm.snapshots.snapshots_write`. Every other module of
tamnong only reads them; a second writer (a model instance built, a manager or queryset write, a bulk
insert, raw SQL naming the table) fails this test, naming the file and the line."""

import ast
import datetime as dt
from pathlib import Path

import pytest

import tamnong
from tamnong.ntm import snapshots

ROOT = Path(tamnong.__file__).parent
WRITER = ROOT / "ntm" / "snapshots.py"
MODEL = "EvaluationSnapshot"
TABLE = "evaluationsnapshot"  # in ntm_evaluationsnapshot, however the SQL quotes it
WRITES = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update", "delete", "raw",
          "save", "save_base", "_do_insert", "_do_update"}  # fmt: skip
BULK_WRITERS = {"rows_insert", "bulk_create_with_history", "bulk_update_with_history", "history_created"}


def _chain(node: ast.AST) -> tuple[str | None, list[str]]:
    """The name a chain of attributes and calls starts from, and the attributes along it."""
    attrs = []
    while True:
        if isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return (node.id if isinstance(node, ast.Name) else None), attrs


def _from_model(node: ast.AST) -> bool:
    """Whether a chain starts from the model (`EvaluationSnapshot.…`, `models.EvaluationSnapshot.…`)."""
    root, attrs = _chain(node)
    return root == MODEL or MODEL in attrs


def _names_model(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == MODEL or isinstance(node, ast.Attribute) and node.attr == MODEL


def snapshot_writes(source: str) -> list[tuple[int, str]]:
    """(line, what) of each write of a snapshot in a module's source."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and TABLE in node.value.lower():
            out.append((node.lineno, "SQL naming the snapshots' table"))
        if isinstance(node, ast.Attribute) and node.attr == "db_table" and _from_model(node):
            out.append((node.lineno, "the snapshots' table name"))
        if not isinstance(node, ast.Call):
            continue
        if _names_model(node.func):
            out.append((node.lineno, f"{MODEL}(…) built"))
        root, attrs = _chain(node.func)
        if _from_model(node.func) and WRITES & set(attrs):
            out.append((node.lineno, f"{MODEL}.{'.'.join(reversed(attrs))}(…)"))
        if (
            isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
            and root
            and root != MODEL
            and "snapshot" in root.lower()
        ):
            out.append((node.lineno, f"{root}.{node.func.attr}(…)"))
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if callee in BULK_WRITERS and any(_names_model(a) for a in node.args):
            out.append((node.lineno, f"{callee}({MODEL}, …)"))
    return out


def test_snapshots_are_written_by_one_module_only():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if path == WRITER or "migrations" in path.parts:
            continue
        found += [f"{path.relative_to(ROOT.parent)}:{line}: {what}" for line, what in snapshot_writes(path.read_text())]
    assert not found, "evaluation snapshots are written only by tamnong/ntm/snapshots.py:\n" + "\n".join(found)


def test_the_writer_writes_them():
    """The guard sees the writer's own writes (so it would see a copy elsewhere)."""
    assert snapshot_writes(WRITER.read_text())


@pytest.mark.parametrize(
    "source",
    [
        "EvaluationSnapshot.objects.update_or_create(self_assessment=sa, defaults={})",
        "EvaluationSnapshot.objects.filter(pk=1).update(criteria_met=3)",
        "models.EvaluationSnapshot.objects.bulk_create(rows)",
        "EvaluationSnapshot(self_assessment=sa).save()",
        "snapshot.save(update_fields=['result'])",
        "rows_insert(EvaluationSnapshot, columns, rows)",
        "cursor.execute('INSERT INTO ntm_evaluationsnapshot (id) VALUES (1)')",
        "cursor.execute(f'UPDATE {EvaluationSnapshot._meta.db_table} SET criteria_met = 0')",
    ],
)
def test_each_kind_of_write_is_seen(source):
    assert snapshot_writes(source)


def test_reads_are_not_writes():
    assert not snapshot_writes(
        "EvaluationSnapshot.objects.filter(self_assessment__on__lte=on).values_list('criteria_met')\n"
        "statistics_refresh(SelfAssessment, EvaluationSnapshot)\n"
        "db_value(EvaluationSnapshot, 'facts', facts)\n"
    )


@pytest.mark.django_db
def test_a_refresh_replaces_the_snapshot_in_place_stamped_by_the_one_clock(units):
    """The writer updates an existing snapshot (the same row, the same fields for the same data) and
    dates it with tamnong.core.clock, not the database's own time."""
    import time_machine
    from django.contrib.auth import get_user_model

    from tamnong.demo.services import demo_logins_create
    from tamnong.ntm.models import EvaluationSnapshot, SelfAssessment
    from tamnong.ntm.services import evaluation_snapshot_refresh, self_assessment_save
    from tamnong.places.selectors import unit_get_by_key

    SelfAssessment.objects.all().delete()
    demo_logins_create()
    sa = self_assessment_save(
        commune=unit_get_by_key("2020:05068"), edition_id="ntm/commune-2021-2025", on=dt.date(2024, 12, 31),
        values={"3.1": 85}, actor=get_user_model().objects.get(username="huyen.kimboi"),
    )  # fmt: skip
    first = EvaluationSnapshot.objects.get(self_assessment=sa)
    with time_machine.travel(dt.datetime(2025, 1, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        again = evaluation_snapshot_refresh(sa)
    assert again.pk == first.pk and EvaluationSnapshot.objects.filter(self_assessment=sa).count() == 1
    assert again.computed_at == dt.datetime(2025, 1, 2, 9, 0, tzinfo=dt.UTC)
    assert {f: getattr(again, f) for f in snapshots.FIELDS} == {f: getattr(first, f) for f in snapshots.FIELDS}
