"""The roles in force, compiled once per process (missions.compiled_query), equal the ORM's answer.

`roles_by_establishment` runs the SQL of `grants_of` compiled with stand-in values; these tests compare it with
the queryset itself for people whose roles exercise every branch of the rule: this year's own roles, roles
reconduits from last year, a record no longer in post, a pending invitation, an establishment that already has
next year's roles, a deactivated account, several establishments.
"""

import pytest

from missions.compiled_query import CompiledQuery
from missions.models import Establishment, Role, RoleGrant, StaffMember, User
from missions.permissions import grants_of, roles_by_establishment
from tests.factories import EstablishmentFactory, SchoolYearFactory, make_person


def orm_roles(user, school_year) -> dict:
    roles = {}
    for grant in grants_of(user, school_year).select_related("establishment"):
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


@pytest.mark.parametrize("person", ["head", "teacher", "gone", "parent", "invited", "closed"])
@pytest.mark.parametrize("year_index", [0, 1, 2], ids=["2025", "2026", "2027"])
def test_the_compiled_query_answers_as_the_orm_does(world, person, year_index):
    user = User.objects.get(pk=world["people"][person].pk)
    school_year = world["years"][year_index]

    assert roles_by_establishment(user, school_year) == orm_roles(user, school_year)


def test_the_cases_above_are_not_all_empty(world):
    # A comparison of two empty answers would prove nothing: the head's roles span three establishments.
    _, this, _ = world["years"]
    roles = roles_by_establishment(world["people"]["head"], this)

    assert {establishment.uai: held for establishment, held in roles.items()} == {
        "0750654D": {Role.HEAD, Role.BURSAR},
        "0752536Z": {Role.STAFF},
        "0750680G": {Role.STAFF},
    }
    assert roles_by_establishment(world["people"]["gone"], this) == {}


def test_the_rows_are_whole_establishments(world):
    _, this, _ = world["years"]
    (establishment,) = roles_by_establishment(world["people"]["teacher"], this)

    assert establishment == Establishment.objects.get(uai="0752536Z")
    assert (establishment.name, establishment.kind) == ("Collège Georges-Brassens", establishment.kind)
    assert establishment.get_absolute_url() == "/etablissements/0752536Z/"


def test_a_stand_in_the_query_does_not_use_is_refused(db):
    query = CompiledQuery(User, lambda user_id: User.objects.values("id", "email"), user_id=9_000_001)

    with pytest.raises(ValueError, match="user_id"):
        query.run(user_id=1)


def test_values_must_name_every_stand_in(db):
    query = CompiledQuery(
        User, lambda user_id: User.objects.filter(pk=user_id).values("id"), user_id=9_000_001
    )

    with pytest.raises(TypeError):
        query.run(pk=1)
