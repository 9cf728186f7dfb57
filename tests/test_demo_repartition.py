"""The demo répartition: a realistic envelope and allocations, within the envelope, safe to load twice."""

from datetime import date
from decimal import Decimal

import pytest

from missions.demo.repartition import seed_repartition
from missions.models import (
    Allocation,
    Dotation,
    Envelope,
    Periodicity,
    Role,
    StaffMember,
)
from missions.services.allocation_history import envelope_history
from tests.factories import RoleGrantFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db
Category = StaffMember.Category

COLLEGE_TEAM = [
    (Category.TEACHER, "Mathématiques", 3),
    (Category.TEACHER, "Lettres modernes", 3),
    (Category.TEACHER, "Histoire-géographie", 2),
    (Category.TEACHER, "Espagnol", 1),
    (Category.TEACHER, "Technologie", 2),
    (Category.TEACHER, "EPS", 4),
    (Category.TEACHER, "Arts plastiques", 1),
    (Category.CPE, "", 2),
    (Category.NURSE, "", 1),
]
LYCEE_TEAM = [
    *COLLEGE_TEAM,
    (Category.TEACHER, "EDUCATION PHYSIQUE ET SPORTIVE", 3),
    (Category.TEACHER, "Physique-chimie", 3),
    (Category.TEACHER, "SVT", 3),
    (Category.TEACHER, "NSI", 1),
    (Category.TEACHER, "SES", 2),
    (Category.TEACHER, "Philosophie", 2),
    (Category.TEACHER, "Allemand", 1),
]


def build_team(establishment, team):
    for category, disciplines, count in team:
        StaffMemberFactory.create_batch(
            count, establishment=establishment, category=category, disciplines=disciplines
        )


def allocations_of(envelope):
    return list(
        Allocation.objects.filter(envelope=envelope).select_related("mission", "rate", "staff_member")
    )


@pytest.fixture
def college(establishment):
    build_team(establishment, COLLEGE_TEAM)
    return establishment


@pytest.fixture
def lycee(other_establishment):
    build_team(other_establishment, LYCEE_TEAM)
    return other_establishment


def test_the_college_gets_about_seven_imp_and_keeps_some_unallocated(college, school_year):
    envelope = seed_repartition(college, school_year).envelope
    assert envelope.total_units() == Decimal("7")
    assert Decimal("6") <= envelope.allocated_units() < envelope.total_units()


def test_the_initial_grant_is_notified_in_june_with_the_dhg(college, school_year):
    envelope = seed_repartition(college, school_year).envelope
    grant = envelope.dotations.get()
    assert grant.kind == Dotation.Kind.INITIAL
    assert grant.granted_on.month == 6 and grant.granted_on < school_year.start_date
    assert grant.reference == "Notification DHG 2026-2027 — rectorat de Paris"


def test_the_lycee_gets_about_eighteen_imp_with_one_supplement(lycee, school_year):
    envelope = seed_repartition(lycee, school_year).envelope
    kinds = list(envelope.dotations.values_list("kind", flat=True))
    assert kinds == [Dotation.Kind.INITIAL, Dotation.Kind.SUPPLEMENT]
    assert envelope.total_units() == Decimal("18")
    assert Decimal("16") <= envelope.allocated_units() < envelope.total_units()


@pytest.mark.parametrize("which", ["college", "lycee"])
def test_the_demo_shows_every_kind_of_allocation(request, which, school_year):
    establishment = request.getfixturevalue(which)
    result = seed_repartition(establishment, school_year)
    allocations = allocations_of(result.envelope)
    assert result.skipped == []
    by_code = {}
    for allocation in allocations:
        by_code.setdefault(allocation.mission.code, []).append(allocation)
    # a décharge (ARE) for the référent numérique, in hours
    [numerique] = by_code["referent-numerique"]
    assert numerique.kind == Allocation.Kind.DISCHARGE and numerique.discharge_hours >= 1
    # a one-off school trip with its dates inside the school year
    [trip] = by_code["voyage-scolaire"]
    assert trip.periodicity == Periodicity.ONE_OFF
    assert school_year.start_date <= trip.start_date <= trip.end_date <= school_year.end_date
    # the coordinateur harcèlement paid by an IMP
    [pHARe] = by_code["coordinateur-harcelement"]
    assert pHARe.kind == Allocation.Kind.PAY and pHARe.staff_member.category != Category.NURSE
    # at least one mission shared among several people, and mixed rates
    assert any(len({a.staff_member_id for a in holders}) >= 2 for holders in by_code.values())
    assert len({a.rate.code for a in allocations if a.rate}) >= 2
    # people are spread: nobody holds everything
    assert len({a.staff_member_id for a in allocations}) >= len(allocations) - 2


def test_the_eps_coordination_follows_the_number_of_eps_teachers(college, lycee, school_year):
    college_eps = Allocation.objects.get(
        envelope=seed_repartition(college, school_year).envelope, mission__code="coordination-eps"
    )
    lycee_eps = Allocation.objects.get(
        envelope=seed_repartition(lycee, school_year).envelope, mission__code="coordination-eps"
    )
    assert (college_eps.rate.code, college_eps.units) == ("003", Decimal("1.00"))  # 4 EPS teachers
    assert (lycee_eps.rate.code, lycee_eps.units) == ("004", Decimal("2.00"))  # 7 EPS teachers


def test_loading_the_demo_twice_changes_nothing(college, school_year):
    first = seed_repartition(college, school_year)
    before = sorted(Allocation.objects.values_list("pk", "units"))
    second = seed_repartition(college, school_year)
    assert second.created == [] and len(first.created) == len(before)
    assert sorted(Allocation.objects.values_list("pk", "units")) == before
    assert Dotation.objects.count() == 1


def test_an_envelope_the_head_already_started_is_left_alone(college, school_year):
    envelope = Envelope.objects.create(establishment=college, school_year=school_year)
    Dotation.objects.create(envelope=envelope, units=Decimal("3"), granted_on=date(2026, 6, 1))
    result = seed_repartition(college, school_year)
    assert result.envelope == envelope
    assert envelope.dotations.count() == 1
    assert envelope.allocated_units() <= Decimal("3")


def test_a_small_envelope_is_never_exceeded_the_lines_that_do_not_fit_are_skipped(college, school_year):
    envelope = Envelope.objects.create(establishment=college, school_year=school_year)
    Dotation.objects.create(envelope=envelope, units=Decimal("2"), granted_on=date(2026, 6, 1))
    result = seed_repartition(college, school_year)
    assert envelope.allocated_units() <= Decimal("2")
    assert result.skipped and any("Enveloppe dépassée" in reason for reason in result.skipped)


def test_the_bullying_coordinator_role_holder_gets_the_mission_unless_a_nurse(college, school_year):
    nurse = StaffMember.objects.get(establishment=college, category=Category.NURSE)
    cpe = StaffMember.objects.filter(establishment=college, category=Category.CPE).order_by("-usage_name")[0]
    for person in (nurse, cpe):
        RoleGrantFactory(
            user=UserFactory(),
            establishment=college,
            school_year=school_year,
            role=Role.HARASSMENT_COORDINATOR,
            staff_member=person,
        )
    envelope = seed_repartition(college, school_year).envelope
    assert envelope.allocations.get(mission__code="coordinateur-harcelement").staff_member == cpe


def test_every_demo_allocation_is_in_the_history_under_the_actor(college, school_year, personas):
    result = seed_repartition(college, school_year, actor=personas.head)
    events = envelope_history(result.envelope).filter(object_type="allocation")
    assert events.count() == len(result.created)
    assert set(events.values_list("actor", flat=True)) == {personas.head.pk}
