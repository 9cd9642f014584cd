"""Benchmark: the national and provincial NTM dashboards on each list, and their roll-ups against the old path.

    python bench/bench_dashboard.py [--repeat N] [--only 2025-07]
    DATABASE_URL=postgres://user:password@host:5432/name python bench/bench_dashboard.py

Sets up Django on a temporary SQLite database, or on PostgreSQL when DATABASE_URL names one: then in a fresh
database created next to it (`<name>_dashboard_bench`, dropped at the end), so that the run sees what a
fresh installation sees. Loads the units and the demo records, then:

  - first, as the units are loaded on a fresh database (no planner statistics), times the two reads whose
    shape changed, each against the shape it replaced, in the same run: the old communes of 2020 that the
    later lists continue (once an EXISTS per commune over the coverage table, inside the query of the
    self-assessments; minutes on PostgreSQL without statistics), and the communes of each province (once
    the coverage table joined with the communes); the old shapes get a statement timeout on PostgreSQL;
  - then refreshes the statistics as `load_units` does, and for the nation and one province on each list
    (2020, 2025-01, July 2025; on 31/03/2024, when the demo's Kim Bôi data are dated, and on today's date
    for the list in force):
  - requests the dashboard through Django's test client (real URL, view and template) and prints the
    number of SQL queries of one request and the median of N;
  - times the roll-ups the page needs now (the unit's summary, its children's figures split from it in one
    query, the figures over time from one read, the latest data of each commune) against the old path the
    page took (the unit's summary, one summary per child unit and one per date of the figures over time,
    as `_dashboard` and `ntm_time_series` did before), in the same run, and prints the ratio.

Not a timed test.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import setup_django  # noqa: E402

ON_2024 = dt.date(2024, 3, 31)
# (label, scheme, province code or None, date or None for today)
CASES = (
    ("nation, 2020 list, 31/03/2024", "2020", None, ON_2024),
    ("province Hòa Bình, 2020 list, 31/03/2024", "2020", "17", ON_2024),
    ("nation, 2025-01 list, 31/03/2024", "2025-01", None, ON_2024),
    ("province Hòa Bình, 2025-01 list, 31/03/2024", "2025-01", "17", ON_2024),
    ("nation, 2025-07 list, 31/03/2024", "2025-07", None, ON_2024),
    ("province Phú Thọ, 2025-07 list, 31/03/2024", "2025-07", "25", ON_2024),
    ("nation, 2025-07 list, today", "2025-07", None, None),
    ("province Phú Thọ, 2025-07 list, today", "2025-07", "25", None),
)


def _median_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


# The old shapes on a fresh PostgreSQL database took minutes: each gets this long, then counts as "more".
OLD_SHAPE_TIMEOUT_S = 60


@contextlib.contextmanager
def fresh_postgresql():
    """On PostgreSQL (DATABASE_URL), a fresh database named after the one given (which need not exist),
    dropped at the end."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield
        return
    import psycopg

    base, _, name = url.rpartition("/")
    name, query = name.partition("?")[0], name.partition("?")[2]
    fresh = f"{name}_dashboard_bench"

    def admin(sql: str) -> None:  # through the server's maintenance database, as Django's test runner
        with psycopg.connect(f"{base}/postgres" + (f"?{query}" if query else ""), autocommit=True) as conn:
            conn.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{fresh}"')
    admin(f'CREATE DATABASE "{fresh}"')
    os.environ["DATABASE_URL"] = f"{base}/{fresh}" + (f"?{query}" if query else "")
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        admin(f'DROP DATABASE IF EXISTS "{fresh}"')


def _once_ms(fn, timeout_s: float) -> float | None:
    """One run of fn, timed; on PostgreSQL under a statement timeout (None when it ran out)."""
    from django.db import OperationalError, connection, transaction

    t = time.perf_counter()
    if connection.vendor != "postgresql":
        fn()
        return (time.perf_counter() - t) * 1000
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = '{int(timeout_s * 1000)}ms'")
            fn()
    except OperationalError:
        return None
    return (time.perf_counter() - t) * 1000


def _ms(value: float | None, timeout_s: float) -> str:
    return f"{value:8.0f} ms" if value is not None else f"> {timeout_s * 1000:.0f} ms"


def shapes_compare(timeout_s: float) -> None:
    """The reads whose shape changed, each against the shape it replaced, on the database as loaded."""
    from django.db.models import Exists, OuterRef

    from tamnong.ntm.models import SelfAssessment
    from tamnong.places import territory
    from tamnong.places.models import RURAL_KINDS, AdminUnit, CoverageLink, CoverageShare, Level, UnitCoverage

    rural = {"level": Level.COMMUNE, "kind__in": RURAL_KINDS}

    def continued_old(later):
        old = AdminUnit.objects.filter(scheme="2020", **rural).filter(
            Exists(UnitCoverage.objects.filter(unit=OuterRef("pk"), link=CoverageLink.LATER, covered__scheme=later))
        )
        return lambda: list(SelfAssessment.objects.filter(commune__in=old.values("pk")).values_list("on", flat=True))

    def continued_now(later):
        def run():
            ids = territory.continued_on("2020", later, **rural)
            return [
                on
                for pk, on in SelfAssessment.objects.filter(commune__scheme="2020").values_list("commune_id", "on")
                if pk in ids
            ]

        return run

    def children_old(scheme):
        provinces = list(AdminUnit.objects.filter(scheme=scheme, level=Level.PROVINCE))
        return lambda: list(
            UnitCoverage.objects.filter(
                unit__in=provinces, share__in=CoverageShare.values, covered__scheme="2020",
                covered__level=Level.COMMUNE, covered__kind__in=RURAL_KINDS,
            ).values_list("unit_id", "covered_id")
        )  # fmt: skip

    def children_now(scheme):
        provinces = list(AdminUnit.objects.filter(scheme=scheme, level=Level.PROVINCE))

        def run():
            ids = set(AdminUnit.objects.filter(scheme="2020", **rural).values_list("pk", flat=True))
            rows = UnitCoverage.objects.filter(unit__in=provinces, share__in=CoverageShare.values)
            return [row for row in rows.values_list("unit_id", "covered_id") if row[1] in ids]

        return run

    print(f"{'read (fresh database, no planner statistics)':58} {'old shape':>11} {'now':>11} {'ratio':>7}")
    for label, old, now in (
        ("2020 communes continued on 2025-01, their records", continued_old("2025-01"), continued_now("2025-01")),
        ("2020 communes continued on 2025-07, their records", continued_old("2025-07"), continued_now("2025-07")),
        ("2020 communes of each 2025-07 province", children_old("2025-07"), children_now("2025-07")),
        ("2020 communes of each 2025-01 province", children_old("2025-01"), children_now("2025-01")),
    ):
        now_ms = _once_ms(now, timeout_s)
        old_ms = _once_ms(old, timeout_s)
        if old_ms is None:
            ratio = f">{timeout_s * 1000 / now_ms:5.0f}×" if now_ms else "     ?"
        else:
            ratio = f"{old_ms / now_ms:6.1f}×" if now_ms else "     ?"
        print(f"{label:58} {_ms(old_ms, timeout_s):>11} {_ms(now_ms, timeout_s):>11} {ratio:>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shape-timeout", type=float, default=OLD_SHAPE_TIMEOUT_S, help="seconds (PostgreSQL)")
    parser.add_argument("--only", default="", help="only the pages whose label holds this text, e.g. 2025-07")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, fresh_postgresql():
        setup_django(tmp)
        from django.core import signals
        from django.db import close_old_connections, connection
        from django.test import Client

        from tamnong.core import clock
        from tamnong.core.bulk import statistics_refresh
        from tamnong.demo.services import demo_load
        from tamnong.ntm.latest import commune_latest_list
        from tamnong.ntm.models import SelfAssessment
        from tamnong.ntm.rollups import communes_attributed, ntm_children, ntm_summary, ntm_time_series
        from tamnong.places.models import AdminUnit, AdminUnitSuccession, Level, UnitCoverage
        from tamnong.places.services import units_load

        print(f"database: {connection.vendor}")
        # loaded as on a fresh database before `load_units` refreshed the statistics
        with mock.patch("tamnong.places.services.statistics_refresh"):
            units_load()
        demo_load()
        shapes_compare(args.shape_timeout)
        statistics_refresh(AdminUnit, AdminUnitSuccession, UnitCoverage)
        print()
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        client = Client(HTTP_HOST="127.0.0.1")

        def counted(fn) -> int:
            queries = []

            def count(execute, sql, params, many, context):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                fn()
            return len(queries)

        print(f"{'page':46} {'queries':>7} {'page ms':>8} {'roll-ups now':>12} {'old path':>9} {'ratio':>6}")
        for label, scheme, code, on in (case for case in CASES if args.only in case[0]):
            on = on or clock.today()
            unit = AdminUnit.objects.get(scheme=scheme, code=code) if code else None
            url = f"/ntm/{scheme}/{code}/?on={on:%d/%m/%Y}" if code else f"/ntm/?scheme={scheme}&on={on:%d/%m/%Y}"
            children = list(
                unit.children.order_by("name_folded")
                if unit
                else AdminUnit.objects.filter(scheme=scheme, level=Level.PROVINCE)
            )
            grouped = [c for c in children if c.level != Level.COMMUNE]

            def page(url=url):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            def now(unit=unit, scheme=scheme, on=on, grouped=grouped):
                summary = ntm_summary(unit=unit, scheme=scheme, on=on)
                ntm_children(summary=summary, children=grouped)
                ntm_time_series(unit=unit, scheme=scheme, until=on, edition_id=summary.edition.id)
                commune_latest_list(unit=unit, scheme=scheme, on=on)

            def old(unit=unit, scheme=scheme, on=on, grouped=grouped):
                summary = ntm_summary(unit=unit, scheme=scheme, on=on)
                for child in grouped:
                    ntm_summary(unit=child, on=on, edition_id=summary.edition.id)
                # the figures over time as they were computed: a summary per date
                communes, _ = communes_attributed(unit, scheme, on)
                dates = SelfAssessment.objects.filter(commune__in=communes, on__lte=on).values_list("on", flat=True)
                for day in sorted(set(dates))[-12:]:
                    ntm_summary(unit=unit, scheme=scheme, on=day, edition_id=summary.edition.id)

            page()
            queries = counted(page)
            page_ms = _median_ms(page, args.repeat)
            now_ms = _median_ms(now, args.repeat)
            old_ms = _median_ms(old, args.repeat)
            now_q, old_q = counted(now), counted(old)
            print(
                f"{label:46} {queries:7d} {page_ms:8.0f} {now_ms:8.0f} ms ({now_q} q) {old_ms:6.0f} ms ({old_q} q) "
                f"{old_ms / now_ms:5.1f}×"
            )
        print(
            "ratio: old path time / roll-ups now (the roll-ups now also read each commune's latest data, the "
            "reports of the cycle and the recognitions inherited, which the old path did not)"
        )


if __name__ == "__main__":
    main()
