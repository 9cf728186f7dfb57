"""The envelope holds under concurrent edits: many heads clicking at once never overspend it.

Each thread has its own database connection, so these tests commit for real (`transaction=True`);
`serialized_rollback` puts back the rates and the national catalogue of the data migrations afterwards,
for the tests that run next.
"""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from missions.models import Allocation
from missions.services.allocations import AllocationRefused, allocate
from missions.services.envelopes import add_dotation, envelope_for, summarize
from tests.factories import EstablishmentFactory, MissionFactory, SchoolYearFactory, StaffMemberFactory, rate

THREADS = 24
UNITS_LEFT = 5


def race_for_the_last_units(threads=THREADS, units_left=UNITS_LEFT):
    """GIVEN an envelope of 10 IMP with `units_left` left, WHEN `threads` threads ask for 1 IMP each at the
    same instant, THEN return (successes, refusals, other errors, envelope)."""
    establishment = EstablishmentFactory(uai="0750654D")
    envelope = envelope_for(establishment, SchoolYearFactory(start_year=2026))
    add_dotation(envelope, kind="initial", units=Decimal("10"), granted_on=date(2026, 6, 20))
    mission = MissionFactory(establishment=establishment, title="Devoirs faits")
    first = StaffMemberFactory(establishment=establishment)
    allocate(
        envelope=envelope,
        staff_member=first,
        mission=mission,
        actor=None,
        rate=rate("003"),
        count=10 - units_left,
    )
    people = [StaffMemberFactory(establishment=establishment) for _ in range(threads)]
    base_rate = rate("003")
    barrier = threading.Barrier(threads)
    results, lock = {"ok": 0, "refused": 0, "errors": []}, threading.Lock()

    def take_one_imp(person):
        try:
            # Connect first, so the threads really start the transaction together after the barrier.
            connection.ensure_connection()
            barrier.wait(timeout=30)
            allocate(
                envelope=envelope, staff_member=person, mission=mission, actor=None, rate=base_rate, count=1
            )
            outcome = "ok"
        except AllocationRefused:
            outcome = "refused"
        except Exception as exc:  # any other failure is a defect of the locking: report it
            outcome = exc
        finally:
            connection.close()
        with lock:
            if isinstance(outcome, str):
                results[outcome] += 1
            else:
                results["errors"].append(repr(outcome))

    workers = [threading.Thread(target=take_one_imp, args=(person,)) for person in people]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return results, envelope


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_threads_taking_the_last_units_never_exceed_the_envelope_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…): select_for_update is what is being proved")

    results, envelope = race_for_the_last_units()

    assert results["errors"] == []
    assert results["ok"] == UNITS_LEFT
    assert results["refused"] == THREADS - UNITS_LEFT
    summary = summarize(envelope)
    assert summary.allocated_units == summary.total_units == Decimal("10")
    assert Allocation.objects.filter(envelope=envelope).count() == 1 + UNITS_LEFT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_threads_taking_the_last_units_never_exceed_the_envelope_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite variant (the PostgreSQL one runs with DATABASE_URL=postgres://…)")
    if connection.is_in_memory_db():
        pytest.skip(
            "the SQLite test database is in memory (shared cache): its table locks answer 'database table is "
            "locked' at once instead of waiting, so threads cannot queue on the IMMEDIATE write lock there"
        )

    results, envelope = race_for_the_last_units()

    assert results["errors"] == []
    assert results["ok"] == UNITS_LEFT
    summary = summarize(envelope)
    assert summary.allocated_units == summary.total_units
