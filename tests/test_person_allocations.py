"""A person's missions and payment schedule: who may see it, and what it says."""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from missions.models import Allocation, Mission, Periodicity, Rate
from missions.services.allocations import allocate, record_service_done
from tests.factories import DotationFactory, SchoolYearFactory, StaffMemberFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


def person_url(establishment, staff_member, year=None):
    url = reverse("person_allocations", args=[establishment.uai, staff_member.pk])
    return f"{url}?annee={year}" if year else url


def national(code):
    return Mission.objects.get(code=code, establishment__isnull=True)


def rate(code):
    return Rate.objects.get(code=code)


@pytest.fixture
def envelope(establishment, school_year):
    return DotationFactory(
        envelope__establishment=establishment, envelope__school_year=school_year, units=Decimal("20")
    ).envelope


@pytest.fixture
def teacher(establishment):
    return StaffMemberFactory(establishment=establishment, usage_name="Moreau", first_name="Julie")


def give(envelope, person, code, rate_code, count=1, actor=None, **extra):
    return allocate(
        envelope=envelope,
        staff_member=person,
        mission=national(code),
        actor=actor,
        rate=rate(rate_code),
        count=count,
        **extra,
    )


def give_trip(envelope, person, actor=None):
    """Organising a school trip: a one-off mission, paid once after "service fait"."""
    return give(
        envelope,
        person,
        "voyage-scolaire",
        "002",
        actor=actor,
        periodicity=Periodicity.ONE_OFF,
        start_date=date(2026, 10, 5),
        end_date=date(2026, 10, 9),
    )


@pytest.mark.parametrize("role", ["head", "deputy", "bursar"])
def test_direction_and_bursar_see_anyones_allocations(
    client_for, personas, establishment, envelope, teacher, role
):
    give(envelope, teacher, "coordination-discipline", "003")

    response = client_for(getattr(personas, role)).get(person_url(establishment, teacher))

    assert response.status_code == 200
    assert "Coordination" in text(response)
    assert "1 250,00 €" in text(response)


def test_a_teacher_sees_their_own_allocations(client_for, personas, establishment, envelope):
    own_record = personas.staff.staff_records.get()
    give(envelope, own_record, "tutorat", "001")

    response = client_for(personas.staff).get(person_url(establishment, own_record))

    assert response.status_code == 200
    assert "Tutorat" in text(response)


@pytest.mark.parametrize("role", ["staff", "coordinator", "resource_team"])  # persona names
def test_someone_elses_allocations_do_not_exist_for_a_teacher(
    client_for, personas, establishment, teacher, role
):
    response = client_for(getattr(personas, role)).get(person_url(establishment, teacher))

    assert response.status_code == 404


def test_a_board_member_has_no_personal_page(client_for, personas, establishment, teacher):
    assert client_for(personas.board).get(person_url(establishment, teacher)).status_code == 403


def test_the_head_of_another_establishment_gets_404(client_for, personas, establishment, teacher):
    assert client_for(personas.outsider).get(person_url(establishment, teacher)).status_code == 404


def test_a_person_of_another_establishment_answers_404(
    client_for, personas, establishment, other_establishment
):
    elsewhere = StaffMemberFactory(establishment=other_establishment)

    assert client_for(personas.head).get(person_url(establishment, elsewhere)).status_code == 404


def test_the_schedule_pays_ninths_exact_to_the_cent(client_for, personas, establishment, envelope, teacher):
    # GIVEN a quarter rate (312,50 €): eight ninths of 34,72 € and a last one of 34,74 €
    give(envelope, teacher, "tutorat", "001")
    Allocation.objects.update(counts_from=date(2026, 9, 15))  # entered before October: no rappel

    response = client_for(personas.bursar).get(person_url(establishment, teacher))

    page = text(response)
    schedule = response.context["schedule"]
    assert [row.label for row in schedule.rows][0] == "octobre 2026"
    assert [row.label for row in schedule.rows][-1] == "juin 2027"
    assert [row.total for row in schedule.rows] == [Decimal("34.72")] * 8 + [Decimal("34.74")]
    assert "34,72 €" in page and "34,74 €" in page
    assert "octobre 2026" in page and "juin 2027" in page
    assert schedule.scheduled_total == Decimal("312.50")


def test_the_annual_total_is_shown_against_the_tax_exemption_cap(
    client_for, personas, establishment, envelope, teacher
):
    give(envelope, teacher, "coordination-discipline", "003")
    give(envelope, teacher, "referent-numerique", "004")

    page = text(client_for(personas.head).get(person_url(establishment, teacher)))

    assert "Total annuel brut des IMP : 3 750,00 € (3 IMP)" in page
    assert "7 500,00 €" in page and "81 quater" in page
    assert "dépasse le plafond" not in page


def test_a_total_above_7500_euros_is_flagged(client_for, personas, establishment, envelope, teacher):
    give(envelope, teacher, "devoirs-faits", "005", count=3)  # 11 250 €

    page = text(client_for(personas.head).get(person_url(establishment, teacher)))

    assert "11 250,00 €" in page
    assert "dépasse le plafond" in page


def test_a_one_off_mission_is_paid_after_service_fait(client_for, personas, establishment, envelope, teacher):
    give_trip(envelope, teacher)

    response = client_for(personas.head).get(person_url(establishment, teacher))

    page = text(response)
    assert "payée après service fait" in page
    assert response.context["schedule"].pending_total == Decimal("625.00")
    assert response.context["schedule"].rows == []


def test_once_recorded_the_service_fait_date_and_payment_month_show(
    client_for, personas, establishment, envelope, teacher
):
    trip = give_trip(envelope, teacher)
    record_service_done(trip, actor=personas.bursar, done_on=date(2026, 10, 12))

    response = client_for(personas.head).get(person_url(establishment, teacher))

    page = text(response)
    assert "service fait le 12 octobre 2026" in page
    assert [row.label for row in response.context["schedule"].rows] == ["novembre 2026"]
    assert "625,00 €" in page


@pytest.mark.parametrize(("role", "shown"), [("head", True), ("bursar", True), ("deputy", False)])
def test_the_service_fait_button_is_for_head_and_bursar(
    client_for, personas, establishment, envelope, teacher, role, shown
):
    trip = give_trip(envelope, teacher)
    button = reverse("allocation_service_done", args=[establishment.uai, trip.pk])

    page = text(client_for(getattr(personas, role)).get(person_url(establishment, teacher)))

    assert (button in page) is shown


def test_a_teacher_sees_no_service_fait_button_on_their_own_page(
    client_for, personas, establishment, envelope
):
    own_record = personas.staff.staff_records.get()
    trip = give_trip(envelope, own_record)

    page = text(client_for(personas.staff).get(person_url(establishment, own_record)))

    assert "payée après service fait" in page
    assert reverse("allocation_service_done", args=[establishment.uai, trip.pk]) not in page


def test_a_decharge_is_shown_in_hours_and_never_paid(client_for, personas, establishment, envelope, teacher):
    allocate(
        envelope=envelope,
        staff_member=teacher,
        mission=national("referent-numerique"),
        actor=None,
        kind="discharge",
        discharge_hours=Decimal("1.5"),
    )

    response = client_for(personas.head).get(person_url(establishment, teacher))

    assert "1,5 h" in text(response)
    assert response.context["schedule"].rows == []


def test_another_year_is_chosen_with_annee(client_for, personas, establishment, envelope, teacher):
    SchoolYearFactory(start_year=2027)
    give(envelope, teacher, "coordination-discipline", "003")

    response = client_for(personas.head).get(person_url(establishment, teacher, 2027))

    assert response.context["allocations"] == []
    assert "Aucune mission en 2027-2028" in text(response)


def test_my_missions_redirects_to_my_own_page(client_for, personas, establishment):
    own_record = personas.staff.staff_records.get()

    response = client_for(personas.staff).get(reverse("my_allocations", args=[establishment.uai]))

    assert response.status_code == 302
    assert response.url.startswith(person_url(establishment, own_record))


def test_my_missions_explains_when_there_is_no_staff_record(client_for, personas, establishment):
    personas.staff.staff_records.update(user=None)

    response = client_for(personas.staff).get(reverse("my_allocations", args=[establishment.uai]))

    assert response.status_code == 200
    assert "Aucune fiche de personnel à votre nom" in text(response)


def test_my_missions_is_not_for_board_members(client_for, personas, establishment):
    assert (
        client_for(personas.board).get(reverse("my_allocations", args=[establishment.uai])).status_code == 403
    )
