"""Confirming the répartition while allocations are being changed: once confirmed, the allocations are exactly
those of the version the CA voted on (the confirmation and the allocation service lock the same envelope row)."""

import os
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from missions.models import BoardVote, RepartitionCycle, Role
from missions.services import board
from missions.services.allocations import AllocationRefused, allocate, update_allocation
from missions.services.envelopes import add_dotation, envelope_for
from tests.factories import (
    EstablishmentFactory,
    MissionFactory,
    SchoolYearFactory,
    StaffMemberFactory,
    make_person,
    rate,
)

WRITERS = 8


# Decided before any database set-up: on SQLite the transactional test database is not even prepared.
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (DATABASE_URL=postgres://…): row locks are what is being proved",
)
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_allocation_changes_after_the_repartition_is_confirmed_on_postgresql():
    establishment = EstablishmentFactory(uai="0750654D")
    year = SchoolYearFactory(start_year=2026)
    head = make_person(establishment, Role.HEAD, email="principale@example.org", school_year=year)
    envelope = envelope_for(establishment, year)
    add_dotation(envelope, kind="initial", units=Decimal("40"), granted_on=date(2026, 6, 20))
    mission = MissionFactory(establishment=establishment)
    people = [StaffMemberFactory(establishment=establishment) for _ in range(WRITERS)]
    first = allocate(
        envelope=envelope, staff_member=people[0], mission=mission, actor=head, rate=rate("003"), count=1
    )
    cycle = board.cycle_for(establishment, year)
    board.record_council_avis(cycle, given_on=timezone.localdate(), text="Favorable", actor=head)
    version = board.present(cycle, meeting_date=timezone.localdate() + timedelta(days=1), actor=head)
    board.record_vote(
        version, voted_on=timezone.localdate(), members_present=10, votes_for=8, votes_against=1, abstentions=1,
        result=BoardVote.Result.FAVOURABLE, act_reference="Acte 1", actor=head,
    )  # fmt: skip
    barrier = threading.Barrier(WRITERS + 1)
    errors = []

    def run(step):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            step()
        except (AllocationRefused, board.BoardRefused):
            pass  # refused: fine, what matters is the state at the end
        except Exception as exc:  # anything else is a defect
            errors.append(exc)
        finally:
            connection.close()

    def write(person):
        if person == people[0]:
            return lambda: update_allocation(first, actor=head, count=2)
        return lambda: allocate(
            envelope=envelope, staff_member=person, mission=mission, actor=head, rate=rate("003"), count=1
        )

    threads = [threading.Thread(target=run, args=(write(person),)) for person in people]
    threads.append(threading.Thread(target=run, args=(lambda: board.confirm(cycle, actor=head),)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    cycle = RepartitionCycle.objects.get(pk=cycle.pk)
    if cycle.state == RepartitionCycle.State.CONFIRMED:
        assert not board.changed_since_presented(cycle)
    else:  # an allocation changed first: the head must present again
        assert board.changed_since_presented(cycle)
