"""One rule for an allocation's amount, and the totals computed by the database agree with it to the cent.

With a base amount such as 1 262,37 €, a half rate is 631,185 €: rounded once per IMP (631,19 €), then times
the number of IMP. Summing multiples in SQL then rounding (the old way) drifted by a cent or more per total.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from missions.models import Allocation, Mission
from missions.models.catalogue import pay_amount
from missions.services.alerts import equality_summary
from missions.services.allocations import (
    allocate,
    mission_subtotals,
    person_and_mission_totals,
    person_totals,
)
from missions.services.envelopes import add_dotation, envelope_for, summarize
from missions.services.schedule import payment_schedule
from missions.templatetags.french import euros
from tests.factories import SchoolYearFactory, StaffMemberFactory, rate

pytestmark = pytest.mark.django_db

BASE = Decimal("1262.37")


@pytest.fixture
def envelope(establishment):
    year = SchoolYearFactory(start_year=2031, imp_base_amount=BASE)
    envelope = envelope_for(establishment, year)
    add_dotation(envelope, kind="initial", units=Decimal("60"), granted_on=year.start_date)
    return envelope


@pytest.fixture
def repartition(envelope, establishment):
    """Nine people on every rate and several numbers of IMP, two missions, and a décharge (hours, no euros)."""
    discipline = Mission.objects.get(code="coordination-discipline", establishment=None)
    trip = Mission.objects.get(code="voyage-scolaire", establishment=None)
    cases = [("001", 1), ("001", 3), ("002", 1), ("002", 3), ("003", 1), ("002", 2), ("004", 1), ("005", 1)]
    for index, (code, count) in enumerate(cases):
        person = StaffMemberFactory(establishment=establishment, sex="F" if index % 2 else "M")
        mission = trip if code in ("001", "005") else discipline
        kwargs = {"rate": rate(code), "count": count}
        if mission == trip:
            kwargs |= {
                "start_date": envelope.school_year.start_date,
                "end_date": envelope.school_year.start_date,
            }
        allocate(envelope=envelope, staff_member=person, mission=mission, actor=None, **kwargs)
    allocate(
        envelope=envelope,
        staff_member=StaffMemberFactory(establishment=establishment),
        mission=discipline,
        actor=None,
        kind=Allocation.Kind.DISCHARGE,
        discharge_hours=Decimal("1.5"),
    )
    return list(Allocation.objects.filter(envelope=envelope).select_related("rate", "envelope__school_year"))


def test_a_half_rate_of_1262_37_is_631_19_per_imp():
    assert pay_amount(Decimal("0.50"), 1, BASE) == Decimal("631.19")
    assert pay_amount(Decimal("0.50"), 3, BASE) == Decimal("1893.57")
    assert pay_amount(Decimal("0.25"), 1, BASE) == Decimal("315.59")
    assert rate("002").amount(SchoolYearFactory(start_year=2031, imp_base_amount=BASE)) == Decimal("631.19")


def test_python_and_sql_totals_agree_to_the_cent(envelope, repartition):
    by_person, by_mission = person_totals(envelope), mission_subtotals(envelope)

    for allocation in repartition:
        assert by_person[allocation.staff_member_id].amount == allocation.amount
    for mission_id, total in by_mission.items():
        assert total.amount == sum(a.amount for a in repartition if a.mission_id == mission_id)
    paid = sum(a.amount for a in repartition)
    assert summarize(envelope).paid_euros == paid
    assert sum(row.total_amount for row in equality_summary(envelope)) == paid
    # the décharge counts on the envelope in IMP, not in euros
    discharge = next(a for a in repartition if not a.is_pay)
    assert discharge.amount == Decimal("0.00") and by_person[discharge.staff_member_id].units == Decimal(
        "1.5"
    )


def test_the_schedule_pays_exactly_each_amount(envelope, repartition):
    for allocation in repartition:
        if allocation.is_pay and not allocation.is_one_off:
            assert sum(i.amount for i in payment_schedule(allocation)) == allocation.amount


def test_the_gauge_shows_imp_allocated_and_euros_only_for_what_is_paid(
    client_for, personas, establishment, envelope, repartition
):
    page = (
        client_for(personas.head)
        .get(reverse("allocation_list", args=[establishment.uai]) + "?annee=2031")
        .content.decode()
    )
    gauge = page[
        page.index('id="envelope-gauge"') : page.index("</section>", page.index('id="envelope-gauge"'))
    ]

    paid = sum(a.amount for a in repartition)
    allocated = sum(a.units for a in repartition)
    assert f"{allocated:.2f}".rstrip("0").rstrip(".").replace(".", ",") + " IMP" in gauge
    assert "versé en indemnités" in gauge
    assert euros(paid) in gauge.replace("&nbsp;", "\u00a0")


def test_the_screen_totals_of_loaded_rows_are_the_sql_totals(envelope, establishment, repartition):
    # a roll-over's draft is on the screen but draws nothing: both ways leave it out
    draft = repartition[0]
    Allocation.objects.filter(pk=draft.pk).update(is_draft=True)
    loaded = list(
        Allocation.objects.filter(envelope=envelope).select_related("rate", "envelope__school_year")
    )

    by_person, by_mission = person_and_mission_totals(loaded, BASE)

    assert by_person == person_totals(envelope) and by_mission == mission_subtotals(envelope)
    assert draft.staff_member_id not in by_person
