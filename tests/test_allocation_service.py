"""The allocation service: the rules an allocation follows, and the envelope it can never exceed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from missions.models import Allocation, Event, SchoolYear
from missions.services.allocation_history import Action, allocation_history
from missions.services.allocations import (
    AllocationRefused,
    allocate,
    person_totals,
    record_service_done,
    remove_allocation,
    units_for,
    update_allocation,
)
from missions.services.envelopes import add_dotation, envelope_for
from tests.factories import MissionFactory, StaffMemberFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def envelope(granted_envelope):
    return granted_envelope(7)


@pytest.fixture
def teacher(establishment):
    return StaffMemberFactory(establishment=establishment, usage_name="Lefèvre", first_name="Anne")


@pytest.fixture
def mission(establishment):
    return MissionFactory(establishment=establishment, title="Référent numérique")


def give(envelope, teacher, mission, head, **fields):
    fields.setdefault("rate", rate("003"))
    fields.setdefault("count", 1)
    return allocate(envelope=envelope, staff_member=teacher, mission=mission, actor=head, **fields)


# --- units ---------------------------------------------------------------------------------------


def test_units_of_pay_are_the_rate_multiple_times_the_number(school_year):
    assert units_for("pay", rate("004"), 2, None, school_year) == Decimal("4")
    assert units_for("pay", rate("001"), 1, None, school_year) == Decimal("0.25")


def test_a_discharge_of_one_and_a_half_hours_draws_one_and_a_half_imp(school_year):
    assert units_for("discharge", None, None, Decimal("1.5"), school_year) == Decimal("1.5")


def test_a_discharge_is_converted_at_the_year_ratio_and_rounded_up_to_the_quarter(school_year):
    school_year.discharge_hours_per_imp = Decimal("1.5")
    assert units_for("discharge", None, None, Decimal("3"), school_year) == Decimal("2")
    # 1 h ÷ 1,5 = 0,67 IMP: the envelope counts quarters, the décharge costs 0,75.
    assert units_for("discharge", None, None, Decimal("1"), school_year) == Decimal("0.75")


# --- the envelope --------------------------------------------------------------------------------


def test_head_allocates_within_the_envelope(envelope, teacher, mission, head):
    allocation = give(envelope, teacher, mission, head, rate=rate("004"), count=2)

    allocation.refresh_from_db()
    assert allocation.units == Decimal("4")
    assert allocation.amount == Decimal("5000.00")
    assert envelope.remaining_units() == Decimal("3")


def test_head_cannot_allocate_beyond_the_envelope(envelope, teacher, mission, head):
    # GIVEN 6,5 of the 7 IMP already allocated
    give(envelope, teacher, mission, head, rate=rate("005"), count=2)
    give(envelope, StaffMemberFactory(establishment=envelope.establishment), mission, head, rate=rate("002"))
    events_before = Event.objects.count()

    # WHEN one more IMP at taux de base is asked for
    with pytest.raises(AllocationRefused) as refusal:
        give(envelope, StaffMemberFactory(establishment=envelope.establishment), mission, head)

    # THEN the message gives the figures and nothing is saved
    assert refusal.value.message == (
        "Enveloppe dépassée : il reste 0,5 IMP (625,00 €), cette attribution en demande 1 (1 250,00 €). "
        "Le plus grand taux qui tient : demi-taux × 1 (0,5 IMP) ; ou demandez un abondement de l'enveloppe."
    )
    assert Allocation.objects.count() == 2
    assert Event.objects.count() == events_before


def test_the_refusal_is_a_validation_error_forms_can_show(envelope, teacher, mission, head):
    with pytest.raises(ValidationError):
        give(envelope, teacher, mission, head, rate=rate("005"), count=3)


def test_an_empty_envelope_refuses_everything(establishment, school_year, teacher, mission, head):
    empty = envelope_for(establishment, school_year)
    with pytest.raises(AllocationRefused, match="il reste 0 IMP"):
        give(empty, teacher, mission, head, rate=rate("001"))


def test_the_last_units_can_be_taken_exactly(envelope, teacher, mission, head):
    give(envelope, teacher, mission, head, rate=rate("005"), count=2)
    give(envelope, StaffMemberFactory(establishment=envelope.establishment), mission, head)
    assert envelope.remaining_units() == 0


def test_an_update_counts_the_allocation_once(envelope, teacher, mission, head):
    allocation = give(envelope, teacher, mission, head, rate=rate("005"), count=2)  # 6 of 7

    update_allocation(allocation, actor=head, rate=rate("003"), count=7)

    allocation.refresh_from_db()
    assert allocation.units == Decimal("7")


def test_an_update_beyond_the_envelope_is_refused_and_changes_nothing(envelope, teacher, mission, head):
    allocation = give(envelope, teacher, mission, head, rate=rate("005"), count=2)

    with pytest.raises(AllocationRefused) as refusal:
        update_allocation(allocation, actor=head, count=3)

    assert refusal.value.message == (
        "Enveloppe dépassée : il reste 1 IMP (1 250,00 €), "
        "cette modification en demande 3 de plus (3 750,00 €). "
        "Le plus grand taux qui tient : quart de taux × 3 (0,75 IMP) ; ou demandez un abondement de l'enveloppe."
    )
    allocation.refresh_from_db()
    assert (allocation.count, allocation.units) == (2, Decimal("6"))
    assert allocation_history(allocation).count() == 1


def test_a_draft_does_not_draw_on_the_envelope(envelope, teacher, mission, head):
    give(envelope, teacher, mission, head, rate=rate("005"), count=3, is_draft=True)  # 9 IMP > 7
    assert envelope.remaining_units() == Decimal("7")


def test_a_supplement_makes_room(envelope, teacher, mission, head):
    give(envelope, teacher, mission, head, rate=rate("005"), count=2)
    add_dotation(
        envelope, kind="supplement", units=Decimal("2"), granted_on=date(2026, 11, 5), reference="DASEN"
    )

    give(envelope, StaffMemberFactory(establishment=envelope.establishment), mission, head, count=3)

    assert envelope.remaining_units() == 0


# --- who, which mission, which rate --------------------------------------------------------------


def test_staff_of_another_establishment_cannot_be_given_a_mission(
    envelope, mission, head, other_establishment
):
    stranger = StaffMemberFactory(establishment=other_establishment)
    with pytest.raises(AllocationRefused, match="ne fait pas partie du personnel"):
        give(envelope, stranger, mission, head)
    assert not Allocation.objects.exists()


def test_staff_no_longer_in_post_cannot_be_given_a_mission(envelope, mission, head, establishment):
    gone = StaffMemberFactory(establishment=establishment, active=False)
    with pytest.raises(AllocationRefused, match="n'est plus en poste"):
        give(envelope, gone, mission, head)


def test_an_archived_mission_cannot_be_allocated(envelope, teacher, mission, head, establishment):
    mission.archived_by.add(establishment)
    with pytest.raises(AllocationRefused, match="n'est pas proposée"):
        give(envelope, teacher, mission, head)


def test_a_mission_of_another_establishment_cannot_be_allocated(envelope, teacher, head, other_establishment):
    theirs = MissionFactory(establishment=other_establishment)
    with pytest.raises(AllocationRefused, match="n'est pas proposée"):
        give(envelope, teacher, theirs, head)


def test_a_national_mission_can_be_allocated(envelope, teacher, head):
    national = MissionFactory(establishment=None, code="mission-nationale-essai")
    assert give(envelope, teacher, national, head).pk


def test_a_rate_the_mission_does_not_allow_is_refused(envelope, teacher, head, establishment):
    tutoring = MissionFactory(establishment=establishment, allowed_rates=[rate("001"), rate("002")])
    with pytest.raises(AllocationRefused, match="n'est pas prévu pour la mission"):
        give(envelope, teacher, tutoring, head, rate=rate("003"))


def test_pay_with_hours_is_refused(envelope, teacher, mission, head):
    with pytest.raises(AllocationRefused, match="ni taux|pas d'heures"):
        give(envelope, teacher, mission, head, discharge_hours=Decimal("1"))


def test_a_discharge_with_a_rate_is_refused(envelope, teacher, mission, head):
    with pytest.raises(AllocationRefused, match="ni taux ni nombre"):
        give(envelope, teacher, mission, head, kind="discharge", discharge_hours=Decimal("2"))


def test_a_discharge_draws_its_hours_on_the_envelope(envelope, teacher, mission, head):
    allocation = allocate(
        envelope=envelope,
        staff_member=teacher,
        mission=mission,
        actor=head,
        kind="discharge",
        discharge_hours=Decimal("1.5"),
    )
    assert allocation.units == Decimal("1.5")
    assert allocation.amount == 0
    assert envelope.remaining_units() == Decimal("5.5")


def test_a_number_under_one_is_refused(envelope, teacher, mission, head):
    with pytest.raises(AllocationRefused, match="au moins 1"):
        give(envelope, teacher, mission, head, count=0)


def test_a_share_under_a_quarter_is_refused(envelope, teacher, mission, head):
    with pytest.raises(AllocationRefused, match="inférieure à un quart"):
        allocate(
            envelope=envelope,
            staff_member=teacher,
            mission=mission,
            actor=head,
            kind="discharge",
            discharge_hours=Decimal("0.2"),
        )


def test_pay_and_discharge_for_the_same_person_and_mission_exclude_each_other(
    envelope, teacher, mission, head
):
    give(envelope, teacher, mission, head)
    with pytest.raises(AllocationRefused, match="s'excluent"):
        allocate(
            envelope=envelope,
            staff_member=teacher,
            mission=mission,
            actor=head,
            kind="discharge",
            discharge_hours=Decimal("1"),
        )
    assert Allocation.objects.count() == 1


def test_a_mission_may_be_shared_among_several_people(envelope, teacher, mission, head, establishment):
    give(envelope, teacher, mission, head, rate=rate("002"))
    give(envelope, StaffMemberFactory(establishment=establishment), mission, head, rate=rate("002"))
    assert mission.allocations.count() == 2


def test_a_one_off_mission_needs_its_dates(envelope, teacher, head, establishment):
    trip = MissionFactory(establishment=establishment, periodicity="one_off")
    with pytest.raises(AllocationRefused, match="date de début et une date de fin"):
        give(envelope, teacher, trip, head)


def test_one_off_dates_must_be_in_order_and_within_the_school_year(envelope, teacher, head, establishment):
    trip = MissionFactory(establishment=establishment, periodicity="one_off")
    with pytest.raises(AllocationRefused, match="précède"):
        give(envelope, teacher, trip, head, start_date=date(2027, 3, 10), end_date=date(2027, 3, 1))
    with pytest.raises(AllocationRefused, match="dans l'année scolaire 2026-2027"):
        give(envelope, teacher, trip, head, start_date=date(2027, 7, 1), end_date=date(2027, 7, 20))


def test_an_annual_mission_keeps_no_dates(envelope, teacher, mission, head):
    allocation = give(
        envelope, teacher, mission, head, start_date=date(2026, 9, 1), end_date=date(2027, 6, 30)
    )
    assert (allocation.start_date, allocation.end_date) == (None, None)


def test_switching_an_allocation_to_a_discharge_drops_its_rate(envelope, teacher, mission, head):
    allocation = give(envelope, teacher, mission, head, count=2)

    update_allocation(allocation, actor=head, kind="discharge", discharge_hours=Decimal("3"))

    allocation.refresh_from_db()
    assert (allocation.rate, allocation.count, allocation.units) == (None, None, Decimal("3"))


# --- service fait --------------------------------------------------------------------------------


@pytest.fixture
def trip_allocation(envelope, teacher, head, establishment):
    trip = MissionFactory(establishment=establishment, periodicity="one_off", title="Voyage à Berlin")
    return give(envelope, teacher, trip, head, start_date=date(2026, 10, 5), end_date=date(2026, 10, 9))


def test_service_done_is_recorded_for_a_one_off_mission(trip_allocation, head):
    done_on = min(timezone.localdate(), date(2026, 10, 12))
    if done_on < trip_allocation.start_date:
        pytest.skip("the test clock is before the mission")
    record_service_done(trip_allocation, actor=head, done_on=done_on)

    trip_allocation.refresh_from_db()
    assert trip_allocation.service_done_on == done_on
    assert trip_allocation.service_done_by == head
    assert allocation_history(trip_allocation).filter(action=Action.SERVICE_DONE).exists()


def test_service_done_cannot_be_in_the_future(trip_allocation, head):
    with pytest.raises(AllocationRefused, match="futur"):
        record_service_done(trip_allocation, actor=head, done_on=timezone.localdate() + timedelta(days=1))
    trip_allocation.refresh_from_db()
    assert trip_allocation.service_done_on is None


def test_service_done_is_only_for_one_off_missions(envelope, teacher, mission, head):
    annual = give(envelope, teacher, mission, head)
    with pytest.raises(AllocationRefused, match="ponctuelles"):
        record_service_done(annual, actor=head, done_on=date(2026, 10, 1))


# --- removal and person totals -------------------------------------------------------------------


def test_removing_an_allocation_frees_its_units_and_keeps_its_history(envelope, teacher, mission, head):
    allocation = give(envelope, teacher, mission, head, count=3)
    pk = allocation.pk

    remove_allocation(allocation, actor=head)

    assert envelope.remaining_units() == Decimal("7")
    deleted = Event.objects.get(action=Action.DELETED)
    assert deleted.object_label == "LEFÈVRE Anne — Référent numérique"
    assert deleted.object_id == str(pk) and not Allocation.objects.filter(pk=pk).exists()
    assert deleted.changes["amount"] == ["3 750,00 €", None]


def test_person_totals_flag_a_person_above_the_tax_exemption_cap(
    envelope, teacher, head, establishment, django_assert_num_queries
):
    add_dotation(envelope, kind="supplement", units=Decimal("10"), granted_on=date(2026, 9, 1))
    for title in ("Coordination de cycle", "Référent culture", "Tutorat"):
        give(
            envelope,
            teacher,
            MissionFactory(establishment=establishment, title=title),
            head,
            rate=rate("005"),
        )
    colleague = StaffMemberFactory(establishment=establishment)
    give(envelope, colleague, MissionFactory(establishment=establishment), head, rate=rate("002"))

    with django_assert_num_queries(1):
        totals = person_totals(envelope)

    assert totals[teacher.pk].amount == Decimal("11250.00")
    assert totals[teacher.pk].units == Decimal("9")
    assert totals[teacher.pk].over_cap
    assert totals[colleague.pk].amount == Decimal("625.00")
    assert not totals[colleague.pk].over_cap


def test_person_totals_count_a_discharge_in_units_but_not_in_euros(envelope, teacher, mission, head):
    allocate(
        envelope=envelope,
        staff_member=teacher,
        mission=mission,
        actor=head,
        kind="discharge",
        discharge_hours=2,
    )
    total = person_totals(envelope)[teacher.pk]
    assert (total.units, total.amount, total.over_cap) == (Decimal("2"), Decimal("0.00"), False)


def test_the_base_amount_is_the_school_years(envelope, teacher, mission, head):
    SchoolYear.objects.filter(pk=envelope.school_year_id).update(imp_base_amount=Decimal("1300.00"))
    envelope.refresh_from_db()
    give(envelope, teacher, mission, head, rate=rate("002"))
    assert person_totals(envelope)[teacher.pk].amount == Decimal("650.00")
