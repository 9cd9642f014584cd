"""Benchmark: the national and provincial NTM dashboards on each list, and their roll-ups against the old path.

    python bench/bench_dashboard.py [--repeat N]

Sets up Django on a temporary SQLite database (or DATABASE_URL: an empty database), loads the units and
the demo records, then for the nation and one province on each list (2020, 2025-01, July 2025; on
31/03/2024, when the demo's Kim Bôi data are dated, and on today's date for the list in force):

  - requests the dashboard through Django's test client (real URL, view and template) and prints the
    number of SQL queries of one request and the median of N;
  - times the roll-ups the page needs now (the unit's summary, its children's figures split from it in one
    query, the figures over time from one read, the latest data of each commune) against the old path the
    page took (the unit's summary, one summary per child unit and one per date of the figures over time,
    as `_dashboard` and `ntm_time_series` did before), in the same run, and prints the ratio.

Not a timed test.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from common import bench_django

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


def main() -> None:
    with bench_django(__doc__) as (args, client):
        from django.db import connection

        from tamnong.core import clock
        from tamnong.ntm.latest import commune_latest_list
        from tamnong.ntm.models import SelfAssessment
        from tamnong.ntm.rollups import communes_attributed, ntm_children, ntm_summary, ntm_time_series
        from tamnong.places.models import AdminUnit, Level

        def counted(fn) -> int:
            queries = []

            def count(execute, sql, params, many, context):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                fn()
            return len(queries)

        print(f"{'page':46} {'queries':>7} {'page ms':>8} {'roll-ups now':>12} {'old path':>9} {'ratio':>6}")
        for label, scheme, code, on in CASES:
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
