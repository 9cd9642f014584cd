"""Benchmark: the NTM dashboards that resolve territories across the three lists.

    python bench/bench_territory.py [--repeat N]

Sets up Django on a temporary SQLite database (or DATABASE_URL: an empty database), loads the units and
the demo records, then requests through Django's test client (real URLs, views and templates):
  - the national dashboard on the July 2025 list on 31/03/2024 (its 34 provinces' figures come from
    the 2020 communes whose territory they took in);
  - the same on the 2020 list;
  - a province dashboard: Tỉnh Phú Thọ of July 2025 on 31/03/2024 (Hòa Bình's communes of 2020);
  - a district dashboard: Huyện Kim Bôi of 2020 on 31/03/2024;
  - a commune officer's page of Xã Bình Sơn (the scope check).
Prints, for each, the number of SQL queries one request makes (counted by a wrapper on the connection) and the
median and best time of N requests. Not a timed test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PAGES = (
    ("national dashboard, 2025-07 list, 31/03/2024", "/ntm/?scheme=2025-07&on=31/03/2024", None),
    ("national dashboard, 2020 list, 31/03/2024", "/ntm/?scheme=2020&on=31/03/2024", None),
    ("province dashboard, Phú Thọ 2025-07, 31/03/2024", "/ntm/2025-07/25/?on=31/03/2024", None),
    ("district dashboard, Kim Bôi 2020, 31/03/2024", "/ntm/2020/153/?on=31/03/2024", None),
    ("commune page, Bình Sơn 2020, as xa.binhson", "/ntm/2020/04990/", "xa.binhson"),
)


def setup_django(tmp: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("TAMNONG_VAR_DIR", tmp)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.makedirs(os.path.join(tmp, "static"), exist_ok=True)
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.contrib.auth import get_user_model
        from django.core import signals
        from django.db import close_old_connections, connection
        from django.test import Client

        from tamnong.demo.services import demo_load
        from tamnong.places.services import units_load

        started = time.perf_counter()
        units_load()
        print(f"units_load: {time.perf_counter() - started:.1f} s")
        demo_load()
        # one connection for the whole run, so that the wrapper counting the queries stays on it
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        client = Client(HTTP_HOST="127.0.0.1")
        users = get_user_model().objects
        for label, url, login in PAGES:
            client.logout()
            if login:
                client.force_login(users.get(username=login))
            client.get(url)  # warm-up
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - t)
            print(
                f"{label}: {len(queries)} queries, median {statistics.median(times) * 1000:.0f} ms, "
                f"best {min(times) * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
