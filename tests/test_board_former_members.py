"""A CA member keeps, after their term and once the establishment has set a later year's roles, read access to
what was presented during their term, and nothing else (décret n° 2015-475: the CA gives its avis on the
répartition; what a member voted on stays readable to them).

Today (2026-12) the establishment has its 2026 roles; the former member sat in 2025-2026 (term to 4 July 2026).
Version 1 of 2025 was presented during that term, version 2 after it, and the 2026 version this week.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from missions.models import ReadReceipt, Role, RoleGrant
from tests.board_objects import presented_versions
from tests.factories import SchoolYearFactory, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year():
    return SchoolYearFactory(start_year=2025)


@pytest.fixture
def versions(establishment, school_year, last_year, personas):
    end_of_term = last_year.end_date
    days_to = (timezone.localdate() - end_of_term).days
    during, after = presented_versions(
        establishment, last_year, personas.head, days_ago=(days_to + 60, days_to - 20)
    )
    (this_year,) = presented_versions(establishment, school_year, personas.head, days_ago=(0,))
    return {"during": during, "after": after, "this_year": this_year}


@pytest.fixture
def former_member(establishment, last_year, personas):
    # `personas` first: the establishment has its 2026 roles, so last year's are no longer in force
    return make_person(
        establishment,
        Role.BOARD,
        email="ancien-ca@example.org",
        school_year=last_year,
        with_staff_record=False,
    )


def url(name, establishment, *args):
    return reverse(name, args=[establishment.uai, *args])


def test_they_read_the_versions_of_their_term_and_no_other(
    client_for, establishment, former_member, versions
):
    client = client_for(former_member)

    page = client.get(url("board_version", establishment, versions["during"].pk))
    assert page.status_code == 200
    assert versions["during"].sha256 in page.content.decode()
    assert ReadReceipt.objects.filter(version=versions["during"], user=former_member).exists()
    pdf = client.get(url("board_version_pdf", establishment, versions["during"].pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    for later in (versions["after"], versions["this_year"]):
        assert client.get(url("board_version", establishment, later.pk)).status_code == 404
        assert client.get(url("board_version_pdf", establishment, later.pk)).status_code == 404


def test_the_pack_opens_on_the_year_they_sat(client_for, establishment, former_member, versions):
    client = client_for(former_member)

    landing = client.get(url("board_pack", establishment))
    assert landing.status_code == 302
    assert landing["Location"] == url("board_pack", establishment) + "?annee=2025"
    page = client.get(landing["Location"]).content.decode()
    assert "Répartition des IMP 2025-2026 — version 1" in page
    assert url("board_version", establishment, versions["after"].pk) not in page
    # neither the menu nor the breadcrumb offers the establishment's home, which they may not open
    assert f'href="{url("establishment_home", establishment)}"' not in page


def test_they_may_not_ask_nor_see_anything_else(client_for, establishment, former_member, versions):
    client = client_for(former_member)

    question = url("board_question", establishment, versions["during"].pk)
    assert client.post(question, {"text": "Encore une question ?"}).status_code == 404
    for name in ("establishment_home", "allocation_list", "staff_list", "my_allocations"):
        assert client.get(url(name, establishment)).status_code == 404, name


def test_an_invitation_never_accepted_gives_nothing(client_for, establishment, former_member, versions):
    RoleGrant.objects.filter(user=former_member).update(pending=True)

    response = client_for(former_member).get(url("board_version", establishment, versions["during"].pk))

    assert response.status_code == 404


def test_a_teacher_who_sat_last_year_keeps_that_years_pack_and_their_own_pages(
    client_for, establishment, last_year, personas, versions
):
    RoleGrant.objects.create(
        user=personas.staff, establishment=establishment, school_year=last_year, role=Role.BOARD
    )
    client = client_for(personas.staff)

    assert client.get(url("board_version", establishment, versions["during"].pk)).status_code == 200
    assert client.get(url("board_version", establishment, versions["this_year"].pk)).status_code == 404
    assert client.get(url("allocation_list", establishment)).status_code == 403  # still a teacher, no more
    assert client.get(url("establishment_home", establishment)).status_code == 200


def test_the_head_of_another_establishment_gets_nothing(client_for, establishment, personas, versions):
    client = client_for(personas.outsider)

    assert client.get(url("board_version", establishment, versions["during"].pk)).status_code == 404
    assert client.get(url("board_pack", establishment)).status_code == 404


def test_their_home_page_leads_to_the_pack_of_their_term(client_for, establishment, former_member, personas):
    page = client_for(former_member).get(reverse("home")).content.decode()

    assert (
        "Conseils d&#x27;administration où vous avez siégé" in page or "Conseils d'administration où" in page
    )
    assert url("board_pack", establishment) + "?annee=2025" in page
    assert "Aucun établissement pour le moment" not in page
    # a member in force finds the pack among their establishment's actions instead
    assert "où vous avez siégé" not in client_for(personas.board).get(reverse("home")).content.decode()


def test_a_term_ended_this_year_changes_nothing_for_them(client_for, establishment, personas, versions):
    # a member of this year whose term ended yesterday still holds the year's role: the usual rules apply
    RoleGrant.objects.filter(user=personas.board).update(
        term_start=timezone.localdate() - timedelta(days=90),
        term_end=timezone.localdate() - timedelta(days=1),
    )
    client = client_for(personas.board)

    assert client.get(url("board_version", establishment, versions["this_year"].pk)).status_code == 404
    assert client.get(url("board_pack", establishment)).status_code == 200
