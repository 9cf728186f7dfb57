"""The envelope page (grants) and the roll-over page of the allocation screen."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from missions.models import Allocation, Dotation, Envelope, Mission, Rate, SchoolYear
from missions.services.allocations import allocate
from tests.factories import DotationFactory, EnvelopeFactory, StaffMemberFactory


def url(name, establishment, annee=None):
    path = reverse(name, args=[establishment.uai])
    return f"{path}?annee={annee}" if annee else path


# --- envelope -----------------------------------------------------------------------------------


def test_the_envelope_page_lists_the_grants_with_euros_and_the_year_settings(
    head_client, establishment, school_year
):
    envelope = EnvelopeFactory(establishment=establishment, school_year=school_year)
    DotationFactory(envelope=envelope, units=Decimal("7"), reference="Notification DHG 2026")
    DotationFactory(
        envelope=envelope,
        units=Decimal("0.5"),
        kind=Dotation.Kind.SUPPLEMENT,
        granted_on=date(2026, 11, 3),
    )

    page = head_client.get(url("envelope_detail", establishment)).content.decode()

    assert "Notification DHG 2026" in page and "8 750,00 €" in page
    assert "Abondement" in page and "3 novembre 2026" in page and "625,00 €" in page
    assert "7,5 IMP" in page  # the gauge's total
    assert "1 250,00 €" in page and "1 h" in page  # base amount and ARE ratio, read-only


def test_head_adds_the_initial_grant(head_client, personas, establishment, school_year):
    response = head_client.post(
        url("envelope_detail", establishment, annee=2026),
        {"kind": "initial", "units": "7.25", "granted_on": "2026-06-20", "reference": "DHG"},
    )

    assert response.status_code == 302
    grant = Dotation.objects.get()
    assert (grant.units, grant.envelope.establishment, grant.created_by) == (
        Decimal("7.25"),
        establishment,
        personas.head,
    )
    assert (
        "Dotation enregistrée : dotation initiale de 7,25 IMP."
        in head_client.get(response["Location"]).content.decode()
    )


def test_a_grant_not_in_quarters_is_refused_and_nothing_saved(head_client, establishment, school_year):
    response = head_client.post(
        url("envelope_detail", establishment),
        {"kind": "initial", "units": "1.3", "granted_on": "2026-06-20", "reference": ""},
    )

    assert response.status_code == 200
    assert "par quarts" in response.content.decode()
    assert not Dotation.objects.exists() and not Envelope.objects.exists()


def test_deputy_gets_the_envelope_page_and_bursar_does_not(client_for, personas, establishment, school_year):
    assert client_for(personas.deputy).get(url("envelope_detail", establishment)).status_code == 200
    assert client_for(personas.bursar).get(url("envelope_detail", establishment)).status_code == 403


# --- roll-over ----------------------------------------------------------------------------------


@pytest.fixture
def this_year(establishment, school_year, personas):
    """2026-2027: two annual allocations (one holder has left since) and a one-off trip."""
    envelope = EnvelopeFactory(establishment=establishment, school_year=school_year)
    DotationFactory(envelope=envelope, units=Decimal("5"))
    base = Rate.objects.get(code="003")
    stays = StaffMemberFactory(establishment=establishment, usage_name="Garnier")
    leaves = StaffMemberFactory(establishment=establishment, usage_name="Faure")
    for staff, code in (
        (stays, "coordination-discipline"),
        (leaves, "referent-culture"),
        (stays, "voyage-scolaire"),
    ):
        mission = Mission.objects.get(code=code, establishment=None)
        allocate(
            envelope=envelope,
            staff_member=staff,
            mission=mission,
            actor=personas.head,
            rate=base if code != "referent-culture" else Rate.objects.get(code="002"),
            count=1,
            start_date=date(2027, 3, 1) if code == "voyage-scolaire" else None,
            end_date=date(2027, 3, 5) if code == "voyage-scolaire" else None,
        )
    leaves.active = False
    leaves.save()
    return envelope


def test_the_roll_over_page_explains_and_previews_without_writing(head_client, establishment, this_year):
    page = head_client.get(url("rollover", establishment)).content.decode()

    assert "Préparer la répartition 2027-2028" in page
    assert "en brouillon" in page and "ne comptent pas dans l'enveloppe" in page
    assert "1 attribution</strong> reprise en brouillon" in page
    assert "n&#x27;est plus en poste" in page and "mission ponctuelle" in page
    assert not SchoolYear.objects.filter(start_year=2027).exists()
    assert Allocation.objects.count() == 3


def test_rolling_over_prepares_next_year_as_drafts_and_opens_it(head_client, establishment, this_year):
    response = head_client.post(url("rollover", establishment, annee=2026))

    assert response.status_code == 302
    assert response["Location"] == url("allocation_list", establishment, annee=2027)
    draft = Allocation.objects.get(envelope__school_year__start_year=2027)
    assert draft.is_draft and draft.staff_member.usage_name == "Garnier"
    page = head_client.get(response["Location"]).content.decode()
    assert "1 attribution(s) reprise(s) en brouillon" in page and "Non reprises (2)" in page
    assert "Valider tous les brouillons qui tiennent dans l'enveloppe" in page


def test_rolling_over_twice_is_refused(head_client, establishment, this_year):
    head_client.post(url("rollover", establishment, annee=2026))
    response = head_client.post(url("rollover", establishment, annee=2026), follow=True)

    assert "ne se fait qu&#x27;une fois" in response.content.decode()
    assert Allocation.objects.filter(envelope__school_year__start_year=2027).count() == 1


def test_confirming_all_drafts_keeps_those_that_do_not_fit(head_client, establishment, this_year):
    head_client.post(url("rollover", establishment, annee=2026))
    next_envelope = Envelope.objects.get(school_year__start_year=2027)

    response = head_client.post(
        url("rollover", establishment, annee=2027), {"action": "valider-brouillons"}, follow=True
    )
    assert "Restés en brouillon (1)" in response.content.decode()  # no grant yet for 2027-2028
    DotationFactory(envelope=next_envelope, units=Decimal("1"))
    head_client.post(url("rollover", establishment, annee=2027), {"action": "valider-brouillons"})

    assert not Allocation.objects.filter(envelope=next_envelope, is_draft=True).exists()
