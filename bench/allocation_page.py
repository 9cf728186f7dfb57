"""Benchmark of the allocation screen: queries and time with 30 and 300 allocations, and one allocation write.

Run from the project root: `.venv/bin/python bench/allocation_page.py` (a temporary SQLite file), or with
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/imp_bench` for PostgreSQL (a test database `test_imp_bench`
is created and dropped). Prints one `BENCH <name> <value> <unit>` line per figure (docs/architecture.md, "Benchmarks").

`build_lycee` is also used by tests/test_allocation_page_queries.py, so the test and the benchmark measure the
same data: a lycée with 150 staff, 40 missions, and envelopes holding the requested number of allocations.
"""

import os
import statistics
import sys
import tempfile
import time
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAFF_COUNT = 150
MISSION_COUNT = 40
PAGE_REQUESTS = 15
WRITES = 30
# Rates used in turn: quart, demi, base (STSWeb codes); every 25th allocation is a décharge (ARE) in hours.
RATE_CYCLE = ("001", "002", "003")


def current_start_year(today=None) -> int:
    today = today or date.today()
    return today.year if today.month >= 9 else today.year - 1


def build_lycee(allocations_by_year: dict[int, int], *, uai="0911234A"):
    """A lycée with its head, 150 staff and 40 missions; for each start year, an envelope with N allocations.

    Allocations go through the allocation service (envelope lock, rules, history), as the screen's do.
    """
    from missions.models import Establishment, Mission, Rate, Role, RoleGrant, SchoolYear, StaffMember, User
    from missions.services.allocations import allocate
    from missions.services.envelopes import add_dotation, envelope_for

    establishment = Establishment.objects.create(
        uai=uai, name="Lycée Marie-Curie", kind=Establishment.Kind.LGT
    )
    current = SchoolYear.for_start_year(current_start_year())
    head = User.objects.create_user("proviseure.bench@example.org", "bench-password-42", first_name="Hélène")
    RoleGrant.objects.create(user=head, establishment=establishment, school_year=current, role=Role.HEAD)
    categories = [StaffMember.Category.TEACHER] * 8 + [
        StaffMember.Category.CPE,
        StaffMember.Category.LIBRARIAN,
    ]
    staff = StaffMember.objects.bulk_create(
        StaffMember(
            establishment=establishment,
            usage_name=f"Personne{n:03d}",
            first_name=("Claire", "Louis", "Inès", "Hugo")[n % 4],
            sex=StaffMember.Sex.FEMALE if n % 2 else StaffMember.Sex.MALE,
            category=categories[n % len(categories)],
            disciplines="Lettres modernes",
        )
        for n in range(STAFF_COUNT)
    )
    rates = {rate.code: rate for rate in Rate.objects.all()}
    missions = []
    for n in range(MISSION_COUNT):
        mission = Mission.objects.create(
            establishment=establishment,
            code=f"mission-bench-{n:02d}",
            title=f"Mission {n:02d}",
            category=Mission.Category.PRIORITY if n % 4 == 0 else Mission.Category.OTHER,
            suggested_rate=rates["003"],
        )
        mission.allowed_rates.set(rates.values())
        missions.append(mission)
    envelopes = {}
    for start_year, count in allocations_by_year.items():
        envelope = envelope_for(establishment, SchoolYear.for_start_year(start_year))
        add_dotation(
            envelope, kind="initial", units=Decimal(count), granted_on=date(start_year, 6, 20), actor=head
        )
        for n in range(count):
            # (n % 150, n % 40) never repeats below lcm(150, 40) = 600 allocations.
            arguments = {"rate": rates[RATE_CYCLE[n % 3]], "count": 1}
            if n % 25 == 24:
                arguments = {"kind": "discharge", "discharge_hours": Decimal("1")}
            allocate(
                envelope=envelope,
                staff_member=staff[n % STAFF_COUNT],
                mission=missions[n % MISSION_COUNT],
                actor=head,
                **arguments,
            )
        envelopes[start_year] = envelope
    return {"establishment": establishment, "head": head, "staff": staff, "missions": missions, **envelopes}


def measure_page(client, url):
    """(queries of one request, median time of PAGE_REQUESTS requests in ms)."""
    from django.db import connection

    client.get(url)  # warm-up: templates compiled, caches filled
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(PAGE_REQUESTS):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return len(queries), statistics.median(timings)


def measure_writes(lycee, start_year):
    from missions.models import Rate, SchoolYear
    from missions.services.allocations import allocate
    from missions.services.envelopes import add_dotation, envelope_for

    envelope = envelope_for(lycee["establishment"], SchoolYear.for_start_year(start_year))
    add_dotation(envelope, kind="initial", units=Decimal(WRITES), granted_on=date(start_year, 6, 20))
    rate = Rate.objects.get(code="003")
    timings = []
    for n in range(WRITES):
        started = time.perf_counter()
        allocate(
            envelope=envelope,
            staff_member=lycee["staff"][n],
            mission=lycee["missions"][n % MISSION_COUNT],
            actor=lycee["head"],
            rate=rate,
            count=1,
        )
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def run():
    from django.test import Client
    from django.urls import reverse

    year = current_start_year()
    lycee = build_lycee({year: 300, year + 1: 30})
    client = Client()
    client.force_login(lycee["head"])
    url = reverse("allocation_list", args=[lycee["establishment"].uai])
    queries_300, ms_300 = measure_page(client, f"{url}?annee={year}")
    queries_30, ms_30 = measure_page(client, f"{url}?annee={year + 1}")
    write_ms = measure_writes(lycee, year + 2)
    print(f"BENCH allocation_page_queries_30 {queries_30} queries")
    print(f"BENCH allocation_page_queries_300 {queries_300} queries")
    print(f"BENCH allocation_page_ms_30 {ms_30:.1f} ms")
    print(f"BENCH allocation_page_ms_300 {ms_300:.1f} ms")
    print(f"BENCH allocation_write_ms {write_ms:.1f} ms")


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imp_missions.settings_test")
    workdir = tempfile.TemporaryDirectory(prefix="bench-allocation-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir.name}/bench.sqlite3")

    # whitenoise warns that STATIC_ROOT does not exist (no collectstatic here): irrelevant to the figures.
    warnings.filterwarnings("ignore", message="No directory at")
    import django
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    django.setup()
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        # A file, not Django's default in-memory test database: closer to a real server.
        database["TEST"]["NAME"] = str(Path(workdir.name) / "test_bench.sqlite3")
    # No setup_test_environment(): it instruments every template render, which would inflate the timings.
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        run()
    finally:
        teardown_databases(old_config, verbosity=0)
        workdir.cleanup()


if __name__ == "__main__":
    main()
