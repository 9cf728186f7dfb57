"""Queries compiled once per process (missions.compiled_query) answer as their querysets do.

`roles_by_establishment` runs the SQL of `grants_of` compiled with stand-in values, the current school year
chosen by the database; these tests compare it with the queryset itself, on days within each year, before
the first and after the last, for people whose roles exercise every branch of the rule: this year's own roles, roles
reconduits from last year, a record no longer in post, a pending invitation, an establishment that already has
next year's roles, a deactivated account, several establishments. Then a person's page (allocations and
contacts), the signed-in user and the school years.
"""

from datetime import date, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from missions.auth_backend import CompiledModelBackend
from missions.compiled_query import CompiledQuery
from missions.models import Establishment, Role, RoleGrant, SchoolYear, StaffMember, User
from missions.models.establishments import current_among
from missions.permissions import grants_of, roles_by_establishment
from missions.session_store import SessionStore
from missions.views.base import SCHOOL_YEARS
from missions.views.payments import contacts_of, counted_allocations, person_allocations_of, person_in
from tests.factories import (
    AllocationFactory,
    EnvelopeFactory,
    EstablishmentFactory,
    SchoolYearFactory,
    StaffMemberFactory,
    UserFactory,
    make_person,
    rate,
)


def orm_roles(user, day) -> dict:
    roles = {}
    for grant in grants_of(user, SchoolYear.objects.current(day)).select_related("establishment"):
        roles.setdefault(grant.establishment, set()).add(grant.role)
    return {establishment: frozenset(held) for establishment, held in roles.items()}


@pytest.fixture
def world(db):
    last, this, next_ = (SchoolYearFactory(start_year=year) for year in (2025, 2026, 2027))
    renewed = EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")  # has its 2026 roles
    reconduit = EstablishmentFactory(uai="0752536Z", name="Collège Georges-Brassens")  # 2025 roles only
    ahead = EstablishmentFactory(uai="0750680G", name="Lycée Marie-Curie")  # 2026 and 2027 roles
    people = {
        "head": make_person(renewed, Role.HEAD, email="chef@example.org", school_year=this),
        "teacher": make_person(reconduit, Role.STAFF, email="prof@example.org", school_year=last),
        "gone": make_person(reconduit, Role.RESOURCE_TEAM, email="parti@example.org", school_year=last),
        "parent": make_person(
            ahead, Role.BOARD, email="parent@example.org", school_year=this, with_staff_record=False
        ),
        "invited": make_person(renewed, Role.STAFF, email="invite@example.org", school_year=this),
        "closed": make_person(renewed, Role.STAFF, email="ferme@example.org", school_year=this),
    }
    make_person(ahead, Role.HEAD, email="proviseur@example.org", school_year=next_)
    # the head also teaches in the two other establishments, with a role reconduit in one of them
    head_staff = StaffMember.objects.get(user=people["head"])
    RoleGrant.objects.create(user=people["head"], establishment=reconduit, school_year=last, role=Role.STAFF)
    RoleGrant.objects.create(user=people["head"], establishment=ahead, school_year=this, role=Role.STAFF)
    RoleGrant.objects.create(user=people["head"], establishment=renewed, school_year=this, role=Role.BURSAR)
    # last year's roles of the establishment that renewed them do not count any more
    RoleGrant.objects.create(
        user=people["head"],
        establishment=renewed,
        school_year=last,
        role=Role.DEPUTY,
        staff_member=head_staff,
    )
    StaffMember.objects.filter(user=people["gone"]).update(active=False)
    RoleGrant.objects.filter(user=people["invited"]).update(pending=True)
    User.objects.filter(pk=people["closed"].pk).update(is_active=False)
    return {"years": (last, this, next_), "people": people}


DAYS = {
    "2025": date(2025, 10, 1),
    "2026": date(2026, 10, 1),
    "2027": date(2028, 7, 4),  # the last day of the last year
    "summer": date(2026, 7, 20),  # between two years: the next one
    "before": date(2020, 1, 1),  # before the first: the first one
    "after": date(2031, 1, 1),  # after the last: the last one
}


@pytest.mark.parametrize("person", ["head", "teacher", "gone", "parent", "invited", "closed"])
@pytest.mark.parametrize("day", DAYS.values(), ids=DAYS.keys())
def test_the_compiled_query_answers_as_the_orm_does(world, person, day):
    user = User.objects.get(pk=world["people"][person].pk)

    assert roles_by_establishment(user, day) == orm_roles(user, day)


@pytest.mark.parametrize("day", DAYS.values(), ids=DAYS.keys())
def test_the_database_picks_the_current_year_as_python_does(world, day):
    years = list(SchoolYear.objects.all())

    assert SchoolYear.objects.current(day) == current_among(years, day)
    assert list(SchoolYear.objects.current_first(day))[0] == current_among(years, day)


def test_the_cases_above_are_not_all_empty(world):
    # A comparison of two empty answers would prove nothing: the head's roles span three establishments.
    roles = roles_by_establishment(world["people"]["head"], DAYS["2026"])

    assert {establishment.uai: held for establishment, held in roles.items()} == {
        "0750654D": {Role.HEAD, Role.BURSAR},
        "0752536Z": {Role.STAFF},
        "0750680G": {Role.STAFF},
    }
    assert roles_by_establishment(world["people"]["gone"], DAYS["2026"]) == {}


def test_the_rows_are_whole_establishments(world):
    (establishment,) = roles_by_establishment(world["people"]["teacher"], DAYS["2026"])

    assert establishment == Establishment.objects.get(uai="0752536Z")
    assert (establishment.name, establishment.kind) == ("Collège Georges-Brassens", establishment.kind)
    assert establishment.get_absolute_url() == "/etablissements/0752536Z/"


def test_a_stand_in_the_query_does_not_use_is_refused(db):
    query = CompiledQuery(lambda user_id: User.objects.all(), user_id=9_000_001)

    with pytest.raises(ValueError, match="user_id"):
        query.run(user_id=1)


def test_values_must_name_every_stand_in(db):
    query = CompiledQuery(lambda user_id: User.objects.filter(pk=user_id), user_id=9_000_001)

    with pytest.raises(TypeError):
        query.run(pk=1)


def test_each_run_takes_its_own_values_and_values_querysets_work(db):
    first, second = UserFactory(email="a@example.org"), UserFactory(email="b@example.org")
    query = CompiledQuery(lambda user_id: User.objects.filter(pk=user_id).values("email"), user_id=9_000_001)

    assert query.run(user_id=first.pk) == [{"email": "a@example.org"}]
    assert query.run(user_id=second.pk) == [{"email": "b@example.org"}]
    assert query.run(user_id=second.pk + 1000) == []


@pytest.fixture
def person_page(db):
    """A teacher with allocations in two years (one a roll-over draft), and a direction to contact."""
    this, last = SchoolYearFactory(start_year=2026), SchoolYearFactory(start_year=2025)
    college = EstablishmentFactory(uai="0750654D")
    envelope = EnvelopeFactory(establishment=college, school_year=this)
    teacher = StaffMemberFactory(establishment=college, usage_name="Durand")
    AllocationFactory(envelope=envelope, staff_member=teacher, mission__title="Référent numérique")
    AllocationFactory(
        envelope=envelope, staff_member=teacher, mission__title="Coordination", rate=rate("002")
    )
    AllocationFactory(envelope=envelope, staff_member=teacher, is_draft=True)
    AllocationFactory(envelope=EnvelopeFactory(establishment=college, school_year=last), staff_member=teacher)
    AllocationFactory(envelope=envelope)  # someone else's
    make_person(college, Role.HEAD, email="chef@example.org", school_year=this, usage_name="Roche")
    make_person(college, Role.BURSAR, email="gestion@example.org", school_year=this, usage_name="Blanc")
    make_person(college, Role.STAFF, email="prof@example.org", school_year=this)
    make_person(college, Role.DEPUTY, email="adjoint@example.org", school_year=last)
    return {"college": college, "years": (this, last), "teacher": teacher}


@pytest.mark.parametrize("year_index", [0, 1], ids=["2026", "2025"])
def test_a_persons_allocations_and_contacts_answer_as_the_orm_does(person_page, year_index):
    college, teacher = person_page["college"], person_page["teacher"]
    school_year = person_page["years"][year_index]
    expected = list(
        counted_allocations(college.pk, school_year.pk)
        .filter(staff_member=teacher)
        .order_by("mission__title", "pk")
    )

    compiled = person_allocations_of(teacher, school_year)

    assert compiled == expected and compiled
    assert [(a.mission.title, a.rate.code, a.envelope.school_year) for a in compiled] == [
        (a.mission.title, a.rate.code, a.envelope.school_year) for a in expected
    ]
    assert [(a.amount, a.units) for a in compiled] == [(a.amount, a.units) for a in expected]


def test_the_contacts_are_this_years_direction_and_secretariat(person_page):
    college, (this, last) = person_page["college"], person_page["years"]
    make_person(
        college, Role.DEPUTY, email="adjointe@example.org", school_year=this, with_staff_record=False
    )  # no staff record: named after the account
    grants = (
        RoleGrant.objects.filter(
            establishment=college, school_year=this, role__in=[Role.HEAD, Role.DEPUTY, Role.BURSAR]
        )
        .select_related("user", "staff_member")
        .order_by("role", "user__last_name")
    )
    expected = [
        {
            "name": grant.staff_member.display_name if grant.staff_member else grant.user.get_full_name(),
            "role": grant.get_role_display(),
            "email": grant.user.email,
        }
        for grant in grants
    ]

    assert contacts_of(college, this) == expected
    assert {contact["email"] for contact in expected} == {
        "chef@example.org",
        "gestion@example.org",
        "adjointe@example.org",
    }
    assert [contact["email"] for contact in contacts_of(college, last)] == ["adjoint@example.org"]


def test_the_signed_in_user_is_read_as_django_reads_them(db):
    active = UserFactory(email="actif@example.org")
    closed = UserFactory(email="ferme@example.org", is_active=False)
    backend = CompiledModelBackend()

    assert backend.get_user(str(active.pk)) == active
    assert backend.get_user(active.pk).email == "actif@example.org"
    assert backend.get_user(closed.pk) is None  # as Django's ModelBackend: an inactive account is signed out
    assert backend.get_user(active.pk + 1000) is None
    assert backend.get_user("not-an-id") is None


def test_the_school_years_are_read_newest_first(db):
    for year in (2024, 2026, 2025):
        SchoolYearFactory(start_year=year)

    assert [year.start_year for year in SCHOOL_YEARS.run()] == [2026, 2025, 2024]


def test_a_session_is_read_as_django_reads_it(db):
    live = SessionStore()
    live["_auth_user_id"] = "42"
    live.save()
    expired = SessionStore()
    expired["_auth_user_id"] = "43"
    expired.save()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    for key in (live.session_key, expired.session_key, "inconnue0123456789abcdefghijklmn", None):
        ours, django = SessionStore(key), DjangoSessionStore(key)
        assert ours.load() == django.load(), key
        assert ours.session_key == django.session_key, key  # an expired or unknown key is dropped by both
    assert SessionStore(live.session_key)["_auth_user_id"] == "42"
    assert SessionStore(expired.session_key).load() == {}


def test_a_persons_page_finds_its_person_in_its_establishment_only(db):
    mine, theirs = EstablishmentFactory(uai="0750654D"), EstablishmentFactory(uai="0752536Z")
    here, elsewhere = StaffMemberFactory(establishment=mine), StaffMemberFactory(establishment=theirs)
    request = RequestFactory().get("/")
    request.establishment = mine

    assert person_in(request, here.pk) == here
    for pk in (elsewhere.pk, elsewhere.pk + here.pk + 1000):
        with pytest.raises(Http404):
            person_in(request, pk)
