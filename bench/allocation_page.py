"""Benchmark of the allocation screen: queries and time with 30, 300 and 3 000 allocations, and one write.

Run from the project root: `.venv/bin/python bench/allocation_page.py` (a temporary SQLite file), or with
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/imp_bench` for PostgreSQL (a test database `test_imp_bench`
is created and dropped). Prints one `BENCH <name> <value> <unit>` line per figure (docs/architecture.md, "Benchmarks").

`build_lycee` is also used by tests/test_allocation_page_queries.py, so the test and the benchmark measure the
same data: a lycée with 150 staff, 40 missions, and envelopes holding the requested number of allocations.
The 3 000 allocations are bulk-inserted (3 000 calls of the service would take minutes): same rows, no history.
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


def build_lycee(allocations_by_year: dict[int, int], *, uai="0911234A", bulk_years=()):
    """A lycée with its head, 150 staff and 40 missions; for each start year, an envelope with N allocations.

    Allocations go through the allocation service (envelope lock, rules, history), as the screen's do; those
    of `bulk_years` are bulk-inserted with the units the service would compute (no history).
    """
    from missions.models import Establishment, Mission, Rate, Role, RoleGrant, SchoolYear, StaffMember, User
    from missions.services.allocations import allocate
    from missions.services.envelopes import envelope_for

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
        grant_units(envelope, count, start_year, actor=head)
        if start_year in bulk_years:
            bulk_allocations(envelope, staff, missions, rates, count)
            envelopes[start_year] = envelope
            continue
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


def bulk_allocations(envelope, staff, missions, rates, count):
    """`count` allocations in one insert: person n % 150 on mission (n // 150) % 40, distinct up to 6 000."""
    from missions.models import Allocation
    from missions.services.allocation_rules import units_for

    rows = []
    for n in range(count):
        values = {"kind": "pay", "rate": rates[RATE_CYCLE[n % 3]], "count": 1, "discharge_hours": None}
        if n % 25 == 24:
            values = {"kind": "discharge", "rate": None, "count": None, "discharge_hours": Decimal("1")}
        units = units_for(school_year=envelope.school_year, **values)
        rows.append(
            Allocation(
                envelope=envelope,
                staff_member=staff[n % STAFF_COUNT],
                mission=missions[(n // STAFF_COUNT) % MISSION_COUNT],
                units=units,
                **values,
            )
        )
    Allocation.objects.bulk_create(rows, batch_size=500)


def count_queries(client, url) -> int:
    """The SQL queries of one request of `url` (after a warm-up request)."""
    from django.db import connection

    client.get(url)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def time_request(client, url) -> float:
    started = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - started) * 1000


def grant_units(envelope, units, start_year, actor=None):
    """Notify `units` IMP: one dotation is at most 500 IMP (a plausibility bound), so a bench's large
    envelope gets supplements."""
    from missions.services.envelopes import add_dotation

    left, kind = Decimal(units), "initial"
    while left > 0:
        part = min(left, Decimal(500))
        add_dotation(envelope, kind=kind, units=part, granted_on=date(start_year, 6, 20), actor=actor)
        left, kind = left - part, "supplement"


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
    lycee = build_lycee({year: 300, year + 1: 30, year + 2: 3000}, bulk_years={year + 2})
    client = Client()
    client.force_login(lycee["head"])
    url = reverse("allocation_list", args=[lycee["establishment"].uai])
    queries, timings = {}, {}
    # Interleaved rounds, so that a burst of load on the machine weighs on every size alike.
    client.get(f"{url}?annee={year}")  # warm-up: templates compiled, caches filled, session refreshed
    for size, annee in ((30, year + 1), (300, year), (3000, year + 2)):
        queries[size] = count_queries(client, f"{url}?annee={annee}")
        timings[size] = []
    for _ in range(PAGE_REQUESTS):
        for size, annee in ((30, year + 1), (300, year), (3000, year + 2)):
            timings[size].append(time_request(client, f"{url}?annee={annee}"))
    write_ms = measure_writes(lycee, year + 3)
    for size in (30, 300, 3000):
        print(f"BENCH allocation_page_queries_{size} {queries[size]} queries")
    for size in (30, 300, 3000):
        print(f"BENCH allocation_page_ms_{size} {statistics.median(timings[size]):.1f} ms")
    print(f"BENCH allocation_write_ms {write_ms:.1f} ms")


def run_in_test_database(function):
    """Run `function` against a fresh test database (SQLite file by default, or DATABASE_URL's server)."""
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
        function()
    finally:
        teardown_databases(old_config, verbosity=0)
        workdir.cleanup()


def main():
    run_in_test_database(run)


if __name__ == "__main__":
    main()
