"""`manage.py seed_demo`: a newcomer signs in to two realistic establishments, whatever number of times it ran."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from missions.demo import ADMIN_EMAIL, seed_repartition_function
from missions.demo.people import COLLEGE, DEMO_PASSWORD, LYCEE
from missions.models import (
    Envelope,
    Establishment,
    Role,
    RoleGrant,
    SchoolYear,
    StaffMember,
    User,
    validate_uai,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Establishment, SchoolYear, StaffMember, User, RoleGrant, Envelope)
    }


def test_it_creates_a_college_of_about_forty_and_a_lycee_of_about_a_hundred_and_twenty(seeded):
    college = Establishment.objects.get(uai=COLLEGE.uai)
    lycee = Establishment.objects.get(uai=LYCEE.uai)
    assert college.kind == Establishment.Kind.COLLEGE
    assert lycee.kind == Establishment.Kind.LGT
    assert 35 <= college.staff.count() <= 45
    assert 110 <= lycee.staff.count() <= 130


def test_the_uais_are_valid_and_leave_the_sts_sample_establishment_to_the_import_demo(seeded):
    for establishment in Establishment.objects.all():
        validate_uai(establishment.uai)
    assert not Establishment.objects.filter(uai="0751234J").exists()


def test_the_current_school_year_is_2026_2027_and_the_previous_one_exists(seeded):
    assert SchoolYear.objects.current().start_year == 2026
    assert SchoolYear.objects.filter(start_year=2025).exists()


@pytest.mark.parametrize("uai", [COLLEGE.uai, LYCEE.uai])
def test_every_role_is_filled_in_each_establishment(seeded, uai):
    grants = RoleGrant.objects.filter(establishment__uai=uai, school_year__start_year=2026)
    for role in Role.values:
        assert grants.filter(role=role).exists(), role
    assert grants.filter(role=Role.RESOURCE_TEAM).count() >= 5
    # a parent on the board signs in without a staff record
    assert grants.filter(
        role=Role.BOARD, staff_member__isnull=True, user__staff_records__isnull=True
    ).exists()


def test_staff_are_varied_like_a_real_establishment(seeded):
    staff = StaffMember.objects.filter(establishment__uai=LYCEE.uai)
    assert set(staff.values_list("sex", flat=True)) == {"F", "M"}
    assert {
        "enseignant",
        "cpe",
        "documentaliste",
        "infirmier",
        "assistant_social",
        "direction",
        "aed",
    } <= set(staff.values_list("category", flat=True))
    assert not staff.filter(birth_date__isnull=True).exists()
    teachers = staff.filter(category=StaffMember.Category.TEACHER)
    assert not teachers.filter(disciplines="").exists()
    assert teachers.filter(disciplines="EPS").count() >= 4


def test_one_person_works_in_both_establishments_with_one_account(seeded):
    shared = [user for user in User.objects.all() if user.staff_records.count() == 2]
    assert len(shared) == 1
    uais = set(shared[0].staff_records.values_list("establishment__uai", flat=True))
    assert uais == {COLLEGE.uai, LYCEE.uai}


def test_every_printed_login_signs_in_with_the_one_demo_password(seeded):
    emails = {line.split()[0] for line in seeded.splitlines() if "@demo.fr" in line}
    assert f"principal.{COLLEGE.suffix}@demo.fr" in emails
    assert ADMIN_EMAIL in emails
    for email in emails:
        assert authenticate(username=email, password=DEMO_PASSWORD) is not None, email
    assert DEMO_PASSWORD in seeded


def test_running_it_twice_changes_nothing(seeded):
    before = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == before


@pytest.mark.skipif(
    seed_repartition_function() is None, reason="missions.demo.repartition n'existe pas encore"
)
def test_each_establishment_gets_a_repartition_within_its_envelope(seeded):
    for uai in (COLLEGE.uai, LYCEE.uai):
        envelope = Envelope.objects.get(establishment__uai=uai, school_year__start_year=2026)
        assert envelope.allocations.exists()
        assert 0 < envelope.allocated_units() <= envelope.total_units()


def test_the_lycee_adopted_its_repartition_and_the_college_presents_it_next_week(seeded):
    from datetime import timedelta

    from django.utils import timezone

    from missions.models import PlanVersion, ReadReceipt, RepartitionCycle

    lycee = RepartitionCycle.objects.get(establishment__uai=LYCEE.uai)
    assert lycee.state == RepartitionCycle.State.CONFIRMED
    assert list(lycee.versions.values_list("number", flat=True)) == [1, 2]
    adopted = lycee.confirmed_version
    assert adopted.number == 2 and adopted.vote.result == "favourable"
    assert adopted.questions.get().answer
    assert ReadReceipt.objects.filter(version__cycle=lycee).count() == 2
    college = RepartitionCycle.objects.get(establishment__uai=COLLEGE.uai)
    version = college.versions.get()
    assert college.state == RepartitionCycle.State.PRESENTED
    assert version.meeting_date == timezone.localdate() + timedelta(days=7)
    call_command("seed_demo", stdout=StringIO())
    assert PlanVersion.objects.count() == 3  # nothing twice
