"""The envelope: a dotation corrected or cancelled with a reason kept in the history, one initial dotation per
year, an envelope without dotation says so, a full envelope is good news."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from missions.models import Dotation, Event, Mission
from missions.services.allocation_history import describe_changes
from missions.services.allocations import allocate
from missions.services.envelopes import (
    DotationAction,
    add_dotation,
    cancel_dotation,
    correct_dotation,
    envelope_for,
    summarize,
)
from tests.factories import StaffMemberFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def envelope(granted_envelope):
    return granted_envelope(4)


@pytest.fixture
def initial(envelope):
    return envelope.dotations.get(kind=Dotation.Kind.INITIAL)


def give(envelope, count):
    mission = Mission.objects.get(code="coordination-discipline", establishment=None)
    staff = StaffMemberFactory(establishment=envelope.establishment)
    return allocate(
        envelope=envelope, staff_member=staff, mission=mission, actor=None, rate=rate("003"), count=count
    )


def test_a_second_initial_dotation_is_refused(envelope):
    with pytest.raises(ValidationError) as refusal:
        add_dotation(envelope, kind="initial", units=Decimal("3"), granted_on=date(2026, 7, 1))

    assert "La dotation initiale 2026-2027 est déjà enregistrée (4 IMP" in refusal.value.messages[0]
    assert "corrigez-la" in refusal.value.messages[0]
    assert envelope.dotations.count() == 1
    add_dotation(envelope, kind="supplement", units=Decimal("1"), granted_on=date(2026, 10, 1))  # still fine
    assert summarize(envelope, totals={}).total_units == Decimal("5")


def test_a_correction_needs_a_reason_and_is_recorded(envelope, initial, head):
    with pytest.raises(ValidationError):
        correct_dotation(initial, units=Decimal("5"), granted_on=initial.granted_on, reason="  ", actor=head)

    correct_dotation(
        initial, units=Decimal("5"), granted_on=initial.granted_on, reason="Erreur de saisie", actor=head
    )

    assert summarize(envelope, totals={}).total_units == Decimal("5")
    event = Event.objects.get(action=DotationAction.CORRECTED)
    assert event.actor_id == head.pk and event.object_label == "Dotation initiale du 20 juin 2026"
    assert event.scope == f"envelope:{envelope.pk}" and event.establishment_id == envelope.establishment_id
    assert sorted(describe_changes(event)) == ["Motif : Erreur de saisie", "Nombre d'IMP : 4 → 5"]


def test_a_cancelled_dotation_stays_listed_but_counts_no_more(envelope, initial, head):
    add_dotation(envelope, kind="supplement", units=Decimal("2"), granted_on=date(2026, 10, 1))

    cancel_dotation(initial, reason="Saisie en double", actor=head)

    initial.refresh_from_db()
    assert initial.cancelled_at is not None and initial.cancel_reason == "Saisie en double"
    assert summarize(envelope, totals={}).total_units == Decimal("2")
    assert envelope.total_units() == Decimal("2")
    assert Event.objects.filter(action=DotationAction.CANCELLED).count() == 1
    # once cancelled, the initial dotation can be entered again
    add_dotation(envelope, kind="initial", units=Decimal("4"), granted_on=date(2026, 6, 21))


def test_a_correction_below_what_is_allocated_is_refused(envelope, initial, head):
    give(envelope, 3)

    with pytest.raises(ValidationError) as refusal:
        correct_dotation(
            initial, units=Decimal("2"), granted_on=initial.granted_on, reason="Baisse", actor=head
        )
    with pytest.raises(ValidationError):
        cancel_dotation(initial, reason="Erreur", actor=head)

    assert "3 IMP sont déjà attribuées" in refusal.value.messages[0]
    initial.refresh_from_db()
    assert initial.units == Decimal("4") and initial.cancelled_at is None


def test_the_head_corrects_a_dotation_in_the_browser_form(head_client, establishment, initial):
    page_url = reverse("dotation_update", args=[establishment.uai, initial.pk])
    assert "Motif de la correction" in head_client.get(page_url).content.decode()

    response = head_client.post(
        page_url,
        {
            "action": "corriger",
            "units": "6",
            "granted_on": "2026-06-20",
            "reference": "DHG",
            "reason": "Rectificatif",
        },
        follow=True,
    )

    assert "Dotation initiale corrigée : 6 IMP." in response.content.decode()
    initial.refresh_from_db()
    assert initial.units == Decimal("6")
    cancel = head_client.post(page_url, {"action": "annuler", "annulation-reason": ""})
    assert "Ce champ est obligatoire" in cancel.content.decode()


def test_an_envelope_without_dotation_says_so(head_client, establishment, school_year):
    envelope_for(establishment, school_year)

    page = head_client.get(reverse("allocation_list", args=[establishment.uai])).content.decode()

    assert "Aucune dotation n'est encore saisie pour 2026-2027" in page
    assert "entièrement" not in page and "gauge--full" not in page


def test_a_full_envelope_is_a_success(head_client, establishment, envelope):
    give(envelope, 4)

    page = head_client.get(reverse("allocation_list", args=[establishment.uai])).content.decode()

    assert "gauge--full" in page and "gauge--exceeded" not in page
    assert (
        '<p class="fr-valid-text fr-mt-1w fr-mb-0" data-testid="full">L\'enveloppe est entièrement répartie.</p>'
        in page
    )
