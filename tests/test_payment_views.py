"""The bursar's payments page and "service fait" for one-off missions."""

import html
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from missions.models import Allocation, Event, Mission, Periodicity, Rate
from missions.services.allocation_history import Action, allocation_history
from missions.services.allocations import allocate
from tests.factories import DotationFactory, StaffMemberFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


def national(code):
    return Mission.objects.get(code=code, establishment__isnull=True)


@pytest.fixture
def envelope(establishment, school_year):
    return DotationFactory(
        envelope__establishment=establishment, envelope__school_year=school_year, units=Decimal("40")
    ).envelope


def give(envelope, person, code="coordination-discipline", rate_code="003", **extra):
    return allocate(
        envelope=envelope,
        staff_member=person,
        mission=national(code),
        actor=None,
        rate=Rate.objects.get(code=rate_code),
        count=1,
        **extra,
    )


def give_trip(envelope, person):
    return give(
        envelope,
        person,
        "voyage-scolaire",
        "002",
        periodicity=Periodicity.ONE_OFF,
        start_date=date(2026, 10, 5),
        end_date=date(2026, 10, 9),
    )


@pytest.fixture
def trip(envelope, establishment):
    return give_trip(envelope, StaffMemberFactory(establishment=establishment, usage_name="Roux"))


def payments_url(establishment, **query):
    url = reverse("payment_list", args=[establishment.uai])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def service_done_url(establishment, allocation):
    return reverse("allocation_service_done", args=[establishment.uai, allocation.pk])


# --- the payments page ---------------------------------------------------------------------------------


def test_the_bursar_sees_everyones_payments_month_by_month(client_for, personas, establishment, envelope):
    # GIVEN one base rate (1 250 €: 8 × 138,88 + 138,96) and one quarter rate (312,50 €: 8 × 34,72 + 34,74)
    give(envelope, StaffMemberFactory(establishment=establishment, usage_name="Aubert"))
    give(envelope, StaffMemberFactory(establishment=establishment, usage_name="Blanc"), "tutorat", "001")
    Allocation.objects.update(counts_from=date(2026, 9, 15))  # entered before October: no rappel

    response = client_for(personas.bursar).get(payments_url(establishment))

    page = text(response)
    assert response.status_code == 200
    assert "AUBERT" in page and "BLANC" in page
    grid = response.context["grid"]
    assert grid["months"][0] == "octobre 2026" and grid["months"][-1] == "juin 2027"
    assert grid["month_totals"][0] == Decimal("173.60")
    assert grid["month_totals"][-1] == Decimal("173.70")
    assert grid["scheduled_total"] == Decimal("1562.50")
    assert "173,60 €" in page and "1 562,50 €" in page


def test_one_off_missions_awaiting_service_fait_are_listed_with_the_button(
    client_for, personas, establishment, trip
):
    response = client_for(personas.bursar).get(payments_url(establishment))

    assert response.context["awaiting"] == [trip]
    assert service_done_url(establishment, trip) in text(response)
    assert response.context["grid"]["pending_total"] == Decimal("625.00")


def test_the_deputy_sees_the_page_without_the_service_fait_button(client_for, personas, establishment, trip):
    response = client_for(personas.deputy).get(payments_url(establishment))

    assert response.status_code == 200
    assert service_done_url(establishment, trip) not in text(response)


def test_the_payments_page_offers_the_exports(client_for, personas, establishment, envelope):
    export = reverse("allocation_export", args=[establishment.uai])
    empty = text(client_for(personas.bursar).get(payments_url(establishment)))
    assert export not in empty  # nothing to export yet: no links to empty files

    give(envelope, StaffMemberFactory(establishment=establishment))
    page = text(client_for(personas.bursar).get(payments_url(establishment)))

    for query in ("format=csv&par=personne", "format=ods&par=mission", "format=xlsx&par=mois"):
        assert f"{export}?{query}&annee=2026" in page


def test_teachers_do_not_see_the_payments_page(client_for, personas, establishment):
    assert client_for(personas.staff).get(payments_url(establishment)).status_code == 403


def test_roll_over_drafts_are_not_paid(client_for, personas, establishment, envelope):
    give(envelope, StaffMemberFactory(establishment=establishment), is_draft=True)

    response = client_for(personas.bursar).get(payments_url(establishment))

    assert response.context["grid"]["people"] == []


def test_the_payments_page_makes_the_same_number_of_queries_for_3_or_30_people(
    client_for, personas, establishment, envelope
):
    client = client_for(personas.bursar)
    client.get(payments_url(establishment))  # the first request refreshes the session, reads the site config

    def queries_for(count):
        for _ in range(count):
            give(envelope, StaffMemberFactory(establishment=establishment), "tutorat", "001")
        give_trip(envelope, StaffMemberFactory(establishment=establishment))
        with CaptureQueriesContext(connection) as context:
            assert client.get(payments_url(establishment)).status_code == 200
        return len(context)

    assert queries_for(3) == queries_for(27)


# --- service fait ----------------------------------------------------------------------------------------


def test_the_service_fait_form_proposes_today(client_for, personas, establishment, trip):
    response = client_for(personas.head).get(service_done_url(establishment, trip))

    assert response.status_code == 200
    assert response.context["form"]["done_on"].value() == timezone.localdate()
    assert "Organisation d'un voyage scolaire" in text(response)


def test_the_bursar_records_service_fait(client_for, personas, establishment, trip):
    client = client_for(personas.bursar)

    response = client.post(service_done_url(establishment, trip), {"done_on": "2026-10-12"})

    trip.refresh_from_db()
    assert trip.service_done_on == date(2026, 10, 12)
    assert trip.service_done_by == personas.bursar
    assert allocation_history(trip).filter(action=Action.SERVICE_DONE).exists()
    person_page = reverse("person_allocations", args=[establishment.uai, trip.staff_member_id])
    assert response.url == f"{person_page}?annee=2026"
    followed = text(client.get(response.url))
    assert "Service fait enregistré" in followed
    assert "service fait le 12 octobre 2026" in followed


def test_recording_from_the_payments_page_goes_back_there(client_for, personas, establishment, trip):
    response = client_for(personas.head).post(
        service_done_url(establishment, trip), {"done_on": "2026-10-12", "retour": "paiements"}
    )

    assert response.url == payments_url(establishment)


def test_a_date_in_the_future_is_refused_and_nothing_saved(client_for, personas, establishment, trip):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client_for(personas.head).post(service_done_url(establishment, trip), {"done_on": tomorrow})

    assert response.status_code == 200
    assert "ne peut pas être dans le futur" in text(response)
    trip.refresh_from_db()
    assert trip.service_done_on is None
    assert not Event.objects.filter(action=Action.SERVICE_DONE).exists()


def test_an_annual_mission_has_no_service_fait(client_for, personas, establishment, envelope):
    annual = give(envelope, StaffMemberFactory(establishment=establishment))

    response = client_for(personas.head).post(
        service_done_url(establishment, annual), {"done_on": "2026-10-12"}
    )

    assert "ne concerne que les missions ponctuelles" in text(response)
    annual.refresh_from_db()
    assert annual.service_done_on is None


def test_a_missing_date_gets_a_form_error(client_for, personas, establishment, trip):
    response = client_for(personas.head).post(service_done_url(establishment, trip), {"done_on": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["done_on"]
    trip.refresh_from_db()
    assert trip.service_done_on is None


@pytest.mark.parametrize("role", ["deputy", "staff"])
def test_only_head_and_bursar_record_service_fait(client_for, personas, establishment, trip, role):
    response = client_for(getattr(personas, role)).post(
        service_done_url(establishment, trip), {"done_on": "2026-10-12"}
    )

    assert response.status_code == 403
    trip.refresh_from_db()
    assert trip.service_done_on is None


def test_another_establishments_allocation_answers_404(
    client_for, personas, establishment, other_establishment, school_year
):
    theirs_envelope = DotationFactory(
        envelope__establishment=other_establishment, envelope__school_year=school_year
    ).envelope
    theirs = give_trip(theirs_envelope, StaffMemberFactory(establishment=other_establishment))

    response = client_for(personas.head).post(
        service_done_url(establishment, theirs), {"done_on": "2026-10-12"}
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.service_done_on is None
