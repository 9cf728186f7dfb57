"""History: every change of an allocation says who, when and what changed (before → after), in French."""

from datetime import date

import pytest

from missions.services.allocation_history import Action, allocation_history, envelope_history
from missions.services.allocations import (
    AllocationRefused,
    allocate,
    confirm_draft,
    describe_changes,
    remove_allocation,
    update_allocation,
)
from tests.factories import MissionFactory, StaffMemberFactory, UserFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def envelope(granted_envelope):
    return granted_envelope(7)


@pytest.fixture
def allocation(envelope, establishment, head):
    return allocate(
        envelope=envelope,
        staff_member=StaffMemberFactory(establishment=establishment, usage_name="Moreau", first_name="Paul"),
        mission=MissionFactory(establishment=establishment, title="Référent culture"),
        actor=head,
        rate=rate("002"),
        count=1,
    )


def test_a_new_allocation_records_who_created_it_and_its_values(allocation, head):
    event = allocation_history(allocation).get()

    assert event.action == Action.CREATED
    assert event.actor == head
    assert event.object_label == "MOREAU Paul — Référent culture"
    assert event.changes["rate"] == [None, "Demi-taux"]
    assert event.changes["amount"] == [None, "625,00 €"]
    assert "Taux : Demi-taux" in describe_changes(event)
    assert "Montant annuel : 625,00 €" in describe_changes(event)
    assert not any(line.startswith("Brouillon") for line in describe_changes(event))


def test_a_change_records_before_and_after_in_human_words(allocation):
    deputy = UserFactory(email="adjoint@example.org")

    update_allocation(allocation, actor=deputy, rate=rate("003"), note="Projet théâtre")

    event = allocation_history(allocation).filter(action=Action.UPDATED).get()
    assert event.actor == deputy
    assert event.changes == {
        "rate": ["Demi-taux", "Taux de base"],
        "units": ["0,5", "1"],
        "amount": ["625,00 €", "1 250,00 €"],
        "note": [None, "Projet théâtre"],
    }
    assert describe_changes(event) == [
        "Taux : Demi-taux → Taux de base",
        "IMP décomptées : 0,5 → 1",
        "Montant annuel : 625,00 € → 1 250,00 €",
        "Commentaire : Projet théâtre",
    ]


def test_dates_are_stored_in_iso_and_read_in_french(envelope, establishment, head):
    trip = allocate(
        envelope=envelope,
        staff_member=StaffMemberFactory(establishment=establishment),
        mission=MissionFactory(establishment=establishment, periodicity="one_off"),
        actor=head,
        rate=rate("003"),
        count=1,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 3, 5),
    )

    update_allocation(trip, actor=head, end_date=date(2027, 3, 6))

    event = allocation_history(trip).filter(action=Action.UPDATED).get()
    assert event.changes == {"end_date": ["2027-03-05", "2027-03-06"]}
    assert describe_changes(event) == ["Fin : 5 mars 2027 → 6 mars 2027"]


def test_a_change_that_changes_nothing_records_nothing(allocation, head):
    update_allocation(allocation, actor=head, rate=rate("002"), count=1)
    assert allocation_history(allocation).count() == 1


def test_a_refused_change_records_nothing(allocation, head):
    with pytest.raises(AllocationRefused):
        update_allocation(allocation, actor=head, rate=rate("005"), count=3)
    assert allocation_history(allocation).count() == 1


def test_a_deletion_keeps_the_label_and_the_last_values(allocation, head):
    envelope = allocation.envelope

    remove_allocation(allocation, actor=head)

    event = envelope_history(envelope).get(action=Action.DELETED)
    assert event.object_label == "MOREAU Paul — Référent culture"
    assert "Taux : Demi-taux → —" in describe_changes(event)
    # the creation event survives the allocation
    assert envelope_history(envelope).filter(action=Action.CREATED).count() == 1


def test_confirming_a_draft_is_recorded(envelope, establishment, head):
    draft = allocate(
        envelope=envelope,
        staff_member=StaffMemberFactory(establishment=establishment),
        mission=MissionFactory(establishment=establishment),
        actor=head,
        rate=rate("003"),
        count=1,
        is_draft=True,
    )
    assert allocation_history(draft).get().changes["is_draft"] == [None, "oui"]

    confirm_draft(draft, actor=head)

    event = allocation_history(draft).get(action=Action.CONFIRMED)
    assert describe_changes(event) == ["Brouillon : oui → non"]


def test_the_history_of_an_envelope_reads_newest_first(allocation, head):
    update_allocation(allocation, actor=head, count=2)
    actions = list(
        envelope_history(allocation.envelope)
        .filter(object_type="allocation")
        .values_list("action", flat=True)
    )
    assert actions == [Action.UPDATED, Action.CREATED]
