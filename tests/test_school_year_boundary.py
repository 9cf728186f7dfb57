"""The school-year boundary: roles stay valid until renewed (missions.services.role_reconduction).

2025-2026 runs from 1 September 2025 to 4 July 2026; from 5 July the calendar points to 2026-2027. The
establishment's roles are those of 2025-2026 until it has roles of its own for 2026-2027.
"""

from datetime import date

import pytest
from django.urls import reverse

from missions import clock
from missions.models import Role, RoleGrant, StaffMember
from missions.services.role_reconduction import reconduct_roles
from tests.factories import EstablishmentFactory, SchoolYearFactory, make_person

BOUNDARY_DATES = [date(2026, 6, 30), date(2026, 7, 10), date(2026, 8, 31), date(2026, 9, 1)]


@pytest.fixture
def years(db):
    return SchoolYearFactory(start_year=2025), SchoolYearFactory(start_year=2026)


@pytest.fixture
def college(years):
    old, _ = years
    college = EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")
    people = {
        "head": make_person(
            college,
            Role.HEAD,
            email="chef@example.org",
            school_year=old,
            category=StaffMember.Category.DIRECTION,
        ),
        "teacher": make_person(college, Role.STAFF, email="prof@example.org", school_year=old),
        "gone": make_person(college, Role.RESOURCE_TEAM, email="parti@example.org", school_year=old),
        "parent": make_person(
            college, Role.BOARD, email="parent@example.org", school_year=old, with_staff_record=False
        ),
    }
    StaffMember.objects.filter(user=people["gone"]).update(active=False)  # left at the end of the year
    college.people = people
    return college


def home_status(client, user, college):
    client.force_login(user)
    return client.get(reverse("establishment_home", args=[college.uai])).status_code


@pytest.mark.parametrize("today", BOUNDARY_DATES, ids=str)
def test_the_head_of_the_year_just_ended_keeps_their_establishment(client, college, today):
    with clock.frozen(today):
        assert home_status(client, college.people["head"], college) == 200
        assert home_status(client, college.people["teacher"], college) == 200
        assert home_status(client, college.people["parent"], college) == 200


@pytest.mark.parametrize("today", BOUNDARY_DATES[1:], ids=str)
def test_someone_no_longer_in_post_loses_the_roles_reconduits(client, college, today):
    with clock.frozen(today):
        assert home_status(client, college.people["gone"], college) == 404


def test_on_30_june_the_year_running_is_still_the_old_one(client, college):
    with clock.frozen(date(2026, 6, 30)):
        # the year's own roles: the record left, but its role of that year is its own (withdrawn by
        # deactivating it through the service, not by the reconduction rule)
        assert home_status(client, college.people["gone"], college) == 200


def test_on_10_july_the_head_prepares_next_year_and_the_roles_page_shows_the_reconduction(
    client, college, years
):
    old, new = years
    with clock.frozen(date(2026, 7, 10)):
        client.force_login(college.people["head"])
        page = client.get(reverse("role_list", args=[college.uai])).content.decode()
        assert "Rôles de 2025-2026 reconduits" in page and "Rôles 2026-2027" in page
        assert "parti@example.org" not in page
        assert client.get(reverse("allocation_list", args=[college.uai])).status_code == 200


def test_the_first_change_copies_the_roles_reconduits_and_each_can_be_withdrawn(client, college, years):
    old, new = years
    with clock.frozen(date(2026, 7, 10)):
        client.force_login(college.people["head"])
        teacher_grant = RoleGrant.objects.get(user=college.people["teacher"], school_year=old)
        # the head withdraws the teacher's role for 2026-2027 from the roles page
        response = client.post(
            reverse("role_delete", args=[college.uai, teacher_grant.pk]) + f"?annee={new.start_year}"
        )
        assert response.status_code == 302
        # 2026-2027 now has its own roles: the copies, minus the one withdrawn, minus the one gone
        holders = set(RoleGrant.objects.filter(school_year=new).values_list("user__email", flat=True))
        assert holders == {"chef@example.org", "parent@example.org"}
        # the year just ended keeps its record
        assert RoleGrant.objects.filter(pk=teacher_grant.pk).exists()
        assert home_status(client, college.people["teacher"], college) == 404
        assert home_status(client, college.people["head"], college) == 200


def test_on_1_september_roles_set_for_the_new_year_replace_the_old_ones(client, college, years):
    old, new = years
    successor = make_person(college, Role.HEAD, email="successeur@example.org", school_year=new)
    with clock.frozen(date(2026, 9, 1)):
        # the new year has its own roles (set by the successor): last year's no longer count
        assert home_status(client, successor, college) == 200
        assert home_status(client, college.people["head"], college) == 404


def test_reconduction_runs_once(college, years):
    _, new = years
    first = reconduct_roles(college, new)
    assert {grant.role for grant in first} == {Role.HEAD, Role.STAFF, Role.BOARD}
    assert reconduct_roles(college, new) == []
    assert RoleGrant.objects.filter(school_year=new).count() == 3
