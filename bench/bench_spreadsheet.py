"""Benchmark: what reading an import file costs the server (tamnong.core.imports.reader.file_rows).

    python bench/bench_spreadsheet.py [--rows N]

Writes a synthetic OCOP products list of N rows (default 100,000; the template's 11 columns) as XLSX
and as CSV, a 1,000-row XLSX, and the attack files (a sheet declaring A1:XFD1048576 with one cell in
XFD1048576, a DTD with a billion laughs, a 300 MB zip bomb), then reads each in a fresh child process
and prints its peak memory (ru_maxrss of the child, and tracemalloc's peak of the reading itself) and
time, with the ratios to the baseline measured in the same run: the same rows read as CSV. Not a timed
test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def child(path: str) -> None:
    """Read one file as an import does and print what it cost."""
    from tamnong.core.imports.reader import FileUnreadable, file_rows

    content = Path(path).read_bytes()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        rows = file_rows(content)
        outcome = f"{len(rows):,} rows read"
    except FileUnreadable as exc:
        outcome = f"refused: {exc.problems[0].reason_en[:70]}…"
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak / 2**20, "rss_mb": rss / 1024,
                      "rss_growth_mb": (rss - base) / 1024, "outcome": outcome}))  # fmt: skip


ROW = ["Chè xanh số {i}", "HTX Chè {i}", "hợp tác xã", "", "05068", "1", "1.1a", 3, "15/QĐ-UBND", "20/06/2024",
       "huyện"]  # fmt: skip


def rows(n: int):
    from tamnong.ocop.imports import COLUMNS

    yield [h for _, h, _ in COLUMNS]
    yield [c for c, _, _ in COLUMNS]
    for i in range(n):
        yield [v.format(i=i) if isinstance(v, str) else v for v in ROW]


def write_xlsx(path: Path, n: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Sản phẩm OCOP")
    for row in rows(n):
        ws.append(row)
    wb.save(path)


def write_csv(path: Path, n: int) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in rows(n):
        writer.writerow(row)
    path.write_bytes(("\ufeff" + out.getvalue()).encode())


def measure(path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from tests.core import spreadsheets

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = {}
        files[f"CSV, {args.rows:,} rows (baseline)"] = tmp / "big.csv"
        write_csv(files[f"CSV, {args.rows:,} rows (baseline)"], args.rows)
        files[f"XLSX, {args.rows:,} rows"] = tmp / "big.xlsx"
        write_xlsx(files[f"XLSX, {args.rows:,} rows"], args.rows)
        files["XLSX, 1,000 rows"] = tmp / "small.xlsx"
        write_xlsx(files["XLSX, 1,000 rows"], 1000)
        good = [list(r) for r in rows(1)]
        attacks = {
            "dimension bomb (A1:XFD1048576)": spreadsheets.dimension_bomb(good),
            "billion laughs": spreadsheets.billion_laughs(good),
            "zip bomb (300 MB sheet)": spreadsheets.zip_bomb(),
        }
        for name, content in attacks.items():
            files[name] = tmp / f"{len(files)}.xlsx"
            files[name].write_bytes(content)
        results = {name: measure(path) for name, path in files.items()}
        base = next(iter(results.values()))
        print("Reading import files (tamnong.core.imports.reader.file_rows), each in a fresh process; "
              "ratios to the first line")  # fmt: skip
        print(f"{'file':<34} {'size':>9} {'time':>8} {'ratio':>6} {'traced':>9} {'ratio':>6} {'maxrss':>8}  outcome")
        for name, r in results.items():
            size = files[name].stat().st_size
            print(f"{name:<34} {size / 1024:>7.0f}KB {r['seconds']:>7.2f}s {r['seconds'] / base['seconds']:>6.2f} "
                  f"{r['peak_mb']:>7.1f}MB {r['peak_mb'] / base['peak_mb']:>6.2f} {r['rss_mb']:>6.0f}MB  "
                  f"{r['outcome']}")  # fmt: skip


if __name__ == "__main__":
    main()
