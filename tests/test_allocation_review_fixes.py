"""Defects found in review of the IMP allocation: bad query strings, grant dates, the equality line, the htmx
screen after a change, and what the add form tells the head. Each test failed before its fix."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from missions.models import Allocation, Dotation, Mission, Rate, StaffMember
from missions.services.alerts import equality_summary
from missions.services.allocations import allocate
from missions.services.envelopes import add_dotation, envelope_for
from tests.factories import AllocationFactory, StaffMemberFactory, rate

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def envelope(granted_envelope):
    return granted_envelope(4)


def url(name, establishment, *args):
    return reverse(name, args=[establishment.uai, *args])


# --- bad query strings: a French 404, never a 500 --------------------------------------------------


@pytest.mark.parametrize("annee", ["abc", "1999", "-1", "²", "2026abc"])
@pytest.mark.parametrize("name", ["allocation_list", "envelope_detail", "rollover", "payment_list"])
def test_an_unknown_school_year_answers_a_404_page_in_french(head_client, establishment, name, annee):
    response = head_client.get(f"{url(name, establishment)}?annee={annee}")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page and "Année scolaire inconnue" in page
    assert "Not Found" not in page


def test_a_page_the_role_does_not_allow_answers_a_403_page_in_french(personas, client_for, establishment):
    response = client_for(personas.staff).get(url("allocation_list", establishment))

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["?personnel=²", "?mission=²", "?mission=½&personnel=٣", "?personnel=99999999999999999999"]
)
def test_a_strange_digit_in_the_add_form_query_string_is_ignored(head_client, establishment, envelope, query):
    response = head_client.get(url("allocation_create", establishment) + query)

    assert response.status_code == 200


def test_a_strange_digit_in_the_mission_hint_request_is_ignored(head_client, establishment, envelope):
    response = head_client.get(url("allocation_create", establishment) + "?indice=1&mission=²", **HTMX)

    assert response.status_code == 200
    assert "Taux conseillé" not in response.content.decode()


# --- grants ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "granted_on", [date(1900, 1, 1), date(2025, 8, 31), date(2027, 7, 5), date(2062, 6, 20)]
)
def test_a_grant_dated_far_from_its_school_year_is_refused(establishment, school_year, granted_on):
    envelope = envelope_for(establishment, school_year)

    with pytest.raises(ValidationError, match="date de notification"):
        add_dotation(envelope, kind="initial", units=Decimal("7"), granted_on=granted_on)
    assert not Dotation.objects.exists()


@pytest.mark.parametrize("granted_on", [date(2025, 9, 1), date(2026, 2, 10), date(2027, 7, 4)])
def test_a_grant_notified_with_the_dhg_or_during_the_year_is_accepted(establishment, school_year, granted_on):
    add_dotation(
        envelope_for(establishment, school_year), kind="initial", units=Decimal("7"), granted_on=granted_on
    )

    assert Dotation.objects.count() == 1


def test_the_envelope_page_refuses_a_grant_dated_1900_in_french(head_client, establishment, school_year):
    response = head_client.post(
        url("envelope_detail", establishment) + "?annee=2026",
        {"kind": "supplement", "units": "1", "granted_on": "1900-01-01", "reference": ""},
    )

    assert response.status_code == 200
    assert "La date de notification d&#x27;une dotation 2026-2027 se situe entre le 1 septembre 2025" in (
        response.content.decode()
    )
    assert not Dotation.objects.exists()


# --- the equality line ----------------------------------------------------------------------------


def test_the_average_amount_by_sex_is_over_the_people_paid_not_those_with_a_decharge(envelope, establishment):
    # GIVEN two women, one paid 1 250 €, one with a décharge of 1 h (paid nothing, recognised in hours)
    paid = StaffMemberFactory(establishment=establishment, sex="F")
    relieved = StaffMemberFactory(establishment=establishment, sex="F")
    AllocationFactory(envelope=envelope, staff_member=paid, rate=rate("003"))
    AllocationFactory(
        envelope=envelope, staff_member=relieved, kind="discharge", rate=None, count=None, discharge_hours="1"
    )

    women = equality_summary(envelope)[0]

    # THEN both are beneficiaries, but the average paid is 1 250 €, not 625 €
    assert (women.beneficiaries, women.total_amount) == (2, Decimal("1250.00"))
    assert women.average_amount == Decimal("1250.00")


# --- the htmx screen after a change -------------------------------------------------------------


@pytest.fixture
def two_missions(establishment):
    base = rate("003")
    first = Mission.objects.get(code="coordination-discipline", establishment=None)
    second = Mission.objects.get(code="coordination-cycle", establishment=None)
    for mission in (first, second):
        assert mission.allowed_rates.filter(pk=base.pk).exists()
    return first, second


def test_an_allocation_moved_to_another_mission_in_place_leaves_the_old_heading_and_names_its_mission(
    head_client, personas, establishment, envelope, two_missions
):
    first, second = two_missions
    teacher = StaffMemberFactory(establishment=establishment, usage_name="Lefebvre", first_name="Anne")
    allocation = allocate(
        envelope=envelope, staff_member=teacher, mission=first, actor=personas.head, rate=rate("003"), count=1
    )

    response = head_client.post(
        url("allocation_update", establishment, allocation.pk),
        {
            "staff_member": teacher.pk,
            "mission": second.pk,
            "kind": "pay",
            "rate": rate("003").pk,
            "count": "1",
            "periodicity": "annual",
        },
        **HTMX,
    )

    page = response.content.decode()
    assert Allocation.objects.get().mission == second
    # The row under "Coordination de discipline" is deleted, then comes back at the top naming its new mission
    deleted = page.index(f'<tr id="allocation-{allocation.pk}" hx-swap-oob="delete">')
    inserted = page.index('hx-swap-oob="afterbegin:#new-allocations"')
    assert deleted < inserted
    assert f'allocation-row__mission">{escape(second.title)}<' in page


# --- the add form -------------------------------------------------------------------------------


def test_the_add_form_does_not_call_the_rate_optional(head_client, establishment, envelope):
    page = head_client.get(url("allocation_create", establishment)).content.decode()

    page = page.replace("\xa0", " ")  # django-dsfr puts a no-break space before "(Optionnel)"
    assert "Commentaire (Optionnel)" in page  # the marker is rendered for truly optional fields
    for label in ("Taux", "Nombre", "Heures de décharge hebdomadaires", "Début", "Fin"):
        assert f"{label} (Optionnel)" not in page
    assert " required" not in page.split('name="rate"')[1].split(">")[0]


def test_a_pay_allocation_without_a_rate_is_still_refused(head_client, establishment, envelope, two_missions):
    teacher = StaffMemberFactory(establishment=establishment)
    response = head_client.post(
        url("allocation_create", establishment),
        {
            "staff_member": teacher.pk,
            "mission": two_missions[0].pk,
            "kind": "pay",
            "count": "1",
            "periodicity": "annual",
        },
    )

    assert response.status_code == 200 and "Choisissez un taux." in response.content.decode()
    assert not Allocation.objects.exists()


def test_a_decharge_under_a_quarter_of_an_hour_gets_a_french_number(
    head_client, establishment, envelope, two_missions
):
    teacher = StaffMemberFactory(establishment=establishment)
    response = head_client.post(
        url("allocation_create", establishment),
        {
            "staff_member": teacher.pk,
            "mission": two_missions[0].pk,
            "kind": "discharge",
            "discharge_hours": "0",
            "periodicity": "annual",
        },
    )

    page = response.content.decode()
    assert "Indiquez au moins 0,25 h de décharge." in page and "0.25" not in page.split("fr-error-text")[1]
    assert not Allocation.objects.exists()
    assert StaffMember.objects.filter(pk=teacher.pk).exists() and Rate.objects.count() == 5
