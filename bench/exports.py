"""Benchmark of the répartition exports: time of one export of 300 and of 3 000 allocations, per format.

Run from the project root: `.venv/bin/python bench/exports.py` (a temporary SQLite file), or with
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/imp_bench` for PostgreSQL (a test database `test_imp_bench`
is created and dropped). Prints one `BENCH <name> <value> <unit>` line per figure:
`export_<format>_ms_300` and `export_<format>_ms_3000` for csv, ods and xlsx (the "par personne" export,
query included). An export should grow linearly: 3 000 rows cost about ten times 300 rows.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.allocation_page import build_lycee, current_start_year, run_in_test_database  # noqa: E402

SIZES = (300, 3000)
ROUNDS = 5


def run():
    from missions.services.exports import FORMATS, render_export

    year = current_start_year()
    lycee = build_lycee({year: 300, year + 1: 3000}, bulk_years={year, year + 1})
    envelopes = {300: lycee[year], 3000: lycee[year + 1]}
    for fmt in FORMATS:
        render_export(envelopes[300], "person", fmt)  # warm-up: libraries imported
    # Interleaved rounds: a burst of load on the machine weighs on every size and format alike.
    timings = {(fmt, size): [] for fmt in FORMATS for size in SIZES}
    for _ in range(ROUNDS):
        for fmt in FORMATS:
            for size in SIZES:
                started = time.perf_counter()
                render_export(envelopes[size], "person", fmt)
                timings[fmt, size].append((time.perf_counter() - started) * 1000)
    for fmt in FORMATS:
        for size in SIZES:
            print(f"BENCH export_{fmt}_ms_{size} {statistics.median(timings[fmt, size]):.1f} ms")


if __name__ == "__main__":
    run_in_test_database(run)
