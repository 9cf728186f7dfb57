"""When an allocation is paid: ninths from October to June, one-off missions after service fait."""

from datetime import date
from decimal import Decimal

import pytest

from missions.models import Allocation
from missions.services.schedule import payment_schedule, person_schedule
from tests.factories import AllocationFactory, EnvelopeFactory, StaffMemberFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def envelope(establishment, school_year):
    return EnvelopeFactory(establishment=establishment, school_year=school_year)


def test_a_quarter_rate_is_paid_in_nine_ninths_exact_to_the_cent(envelope):
    allocation = AllocationFactory(envelope=envelope, rate=rate("001"), count=1)

    instalments = payment_schedule(allocation)

    assert [i.amount for i in instalments] == [Decimal("34.72")] * 8 + [Decimal("34.74")]
    assert sum(i.amount for i in instalments) == Decimal("312.50")
    assert instalments[0].month == date(2026, 10, 1)
    assert instalments[0].label == "octobre 2026"
    assert instalments[-1].month == date(2027, 6, 1)
    assert instalments[-1].label == "juin 2027"


@pytest.mark.parametrize(("code", "count"), [("002", 1), ("003", 1), ("003", 3), ("004", 2), ("005", 1)])
def test_the_nine_amounts_always_add_up_to_the_annual_amount(envelope, code, count):
    allocation = AllocationFactory(envelope=envelope, rate=rate(code), count=count)

    instalments = payment_schedule(allocation)

    assert len(instalments) == 9
    assert sum(i.amount for i in instalments) == allocation.amount
    assert all(i.amount.as_tuple().exponent == -2 for i in instalments)


def test_a_later_first_month_back_pays_the_ninths_already_due(envelope):
    envelope.school_year.first_payment_month = 11
    envelope.school_year.save()
    allocation = AllocationFactory(envelope=envelope, rate=rate("003"), count=1)

    instalments = payment_schedule(allocation)

    assert len(instalments) == 8
    assert (instalments[0].month, instalments[0].ninths, instalments[0].amount) == (
        date(2026, 11, 1),
        2,
        Decimal("277.76"),
    )
    assert instalments[0].label == "novembre 2026"
    assert sum(i.ninths for i in instalments) == 9
    assert sum(i.amount for i in instalments) == Decimal("1250.00")


def test_a_september_first_month_cannot_pay_a_ninth_before_october(envelope):
    envelope.school_year.first_payment_month = 9
    envelope.school_year.save()
    allocation = AllocationFactory(envelope=envelope, rate=rate("003"), count=1)

    assert payment_schedule(allocation)[0].month == date(2026, 10, 1)


def test_a_one_off_mission_waits_for_service_done(envelope):
    allocation = AllocationFactory(
        envelope=envelope, periodicity="one_off", start_date=date(2027, 3, 1), end_date=date(2027, 3, 5)
    )

    (instalment,) = payment_schedule(allocation)

    assert instalment.pending
    assert instalment.label == "en attente du service fait"
    assert instalment.amount == Decimal("1250.00")


def test_a_one_off_mission_is_paid_once_the_month_after_service_done(envelope):
    allocation = AllocationFactory(
        envelope=envelope,
        rate=rate("002"),
        periodicity="one_off",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 18),
        service_done_on=date(2026, 12, 19),
    )

    assert [(i.month, i.amount, i.label) for i in payment_schedule(allocation)] == [
        (date(2027, 1, 1), Decimal("625.00"), "janvier 2027")
    ]


def test_a_discharge_is_never_paid(envelope):
    allocation = AllocationFactory(
        envelope=envelope, kind="discharge", rate=None, count=None, discharge_hours=2
    )
    assert payment_schedule(allocation) == []


def test_a_persons_schedule_is_a_month_by_mission_grid(envelope, django_assert_num_queries):
    person = StaffMemberFactory(establishment=envelope.establishment)
    AllocationFactory(
        envelope=envelope, staff_member=person, rate=rate("003"), mission__title="B — Numérique"
    )
    AllocationFactory(envelope=envelope, staff_member=person, rate=rate("001"), mission__title="A — Tutorat")
    AllocationFactory(
        envelope=envelope,
        staff_member=person,
        mission__title="C — Voyage",
        rate=rate("002"),
        periodicity="one_off",
        start_date=date(2027, 4, 1),
        end_date=date(2027, 4, 8),
        service_done_on=date(2027, 4, 9),
    )
    AllocationFactory(
        envelope=envelope,
        staff_member=person,
        mission__title="D — Sortie",
        periodicity="one_off",
        start_date=date(2027, 5, 1),
        end_date=date(2027, 5, 2),
    )
    AllocationFactory(
        envelope=envelope, staff_member=person, kind="discharge", rate=None, count=None, discharge_hours=1
    )
    AllocationFactory(envelope=envelope, staff_member=person, rate=rate("005"), is_draft=True)
    allocations = list(
        Allocation.objects.filter(staff_member=person).select_related(
            "envelope__school_year", "rate", "mission"
        )
    )

    with django_assert_num_queries(0):
        grid = person_schedule(allocations)

    assert [a.mission.title for a in grid.columns] == [
        "A — Tutorat",
        "B — Numérique",
        "C — Voyage",
        "D — Sortie",
    ]
    assert len(grid.discharges) == 1
    assert [row.label for row in grid.rows][0] == "octobre 2026"
    assert [row.label for row in grid.rows][-1] == "juin 2027"
    may = next(row for row in grid.rows if row.month == date(2027, 5, 1))
    assert may.cells == [Decimal("34.72"), Decimal("138.88"), Decimal("625.00"), None]
    assert may.total == Decimal("798.60")
    assert grid.column_totals == [Decimal("312.50"), Decimal("1250.00"), Decimal("625.00"), Decimal("0.00")]
    assert grid.scheduled_total == Decimal("2187.50")
    assert [amount for _allocation, amount in grid.pending] == [Decimal("1250.00")]
    assert grid.annual_total == Decimal("3437.50")
