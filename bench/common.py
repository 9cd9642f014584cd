"""What the benchmarks share: Django on a temporary SQLite database (or DATABASE_URL: an empty
database) with the units and the demo records loaded, the command line (--repeat N), a test client on
one connection for the whole run, the queries of a call counted and the median of N runs.

    def main() -> None:
        with bench_django(__doc__) as (args, client):
            ...
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: tamnong and config


def setup_django(tmp: str) -> None:
    """Django on a database under `tmp` (unless DATABASE_URL names one), migrated; static files unhashed."""
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


def arguments(doc: str) -> argparse.Namespace:
    """The command line of a benchmark: its description is the first line of its docstring."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    return parser.parse_args()


@contextmanager
def bench_django(doc: str, *, time_units: bool = False) -> Iterator[tuple[argparse.Namespace, object]]:
    """The command line's arguments and a test client, on a migrated temporary database with the units
    and the demo records loaded (`time_units`: print how long loading the units took). One database
    connection serves the whole run, so that a wrapper counting queries stays on it."""
    args = arguments(doc)
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core import signals
        from django.db import close_old_connections
        from django.test import Client

        from tamnong.demo.services import demo_load
        from tamnong.places.services import units_load

        started = time.perf_counter()
        units_load()
        if time_units:
            print(f"units_load: {time.perf_counter() - started:.1f} s")
        demo_load()
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        yield args, Client(HTTP_HOST="127.0.0.1")


def queries_of(fn: Callable[[], Any]) -> tuple[list[str], Any]:
    """The SQL statements one call of `fn` sends, and what it returned."""
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        result = fn()
    return queries, result


def times_of(fn: Callable[[], object], repeat: int) -> list[float]:
    """The seconds each of `repeat` calls of `fn` takes."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """The median time of `repeat` calls of `fn`, in milliseconds, after one call to warm up."""
    fn()
    return statistics.median(times_of(fn, repeat)) * 1000
