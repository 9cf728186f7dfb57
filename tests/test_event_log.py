"""The platform's event log: chained by SHA-256, refused UPDATE/DELETE by the database, verified by a command."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from missions.db import create_sql, drop_sql
from missions.events import GENESIS, event_digest, record_event, verify_chains
from missions.models import Event, EventChainHead, Mission, Rate
from tests.factories import EstablishmentFactory, StaffMemberFactory, UserFactory

TABLE = Event._meta.db_table


@pytest.fixture
def events(db, establishment):
    actor = UserFactory(email="principale@example.org", first_name="Claire", last_name="Martin")
    return [
        record_event(
            "test.step",
            actor=actor,
            establishment=establishment,
            object_type="thing",
            object_id=n,
            object_label=f"Chose {n}",
            changes={"count": [n - 1, n]},
            roles={"head"},
        )
        for n in range(1, 4)
    ]


@pytest.fixture
def without_guard(db):
    """Set the database's guard aside, as someone with direct access to the database could."""
    with connection.cursor() as cursor:
        for statement in drop_sql(connection.vendor, TABLE):
            cursor.execute(statement)
    yield
    with connection.cursor() as cursor:
        for statement in create_sql(connection.vendor, TABLE):
            cursor.execute(statement)


def test_each_event_links_to_the_previous_one_of_its_chain(events, establishment):
    first, second, third = events
    assert [event.seq for event in events] == [1, 2, 3]
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert {event.chain for event in events} == {f"establishment:{establishment.pk}"}
    head = EventChainHead.objects.get(chain=first.chain)
    assert (head.seq, head.hash) == (3, third.hash)


def test_an_event_says_who_when_what_and_keeps_it(events):
    stored = Event.objects.get(pk=events[0].pk)
    assert stored.actor_name == "Claire Martin"
    assert stored.actor_roles == "head"
    assert stored.changes == {"count": [0, 1]}
    assert event_digest(stored) == stored.hash


def test_chains_of_two_establishments_are_independent(events, other_establishment):
    other = record_event("test.step", establishment=other_establishment, object_type="thing", object_id=9)
    assert other.seq == 1 and other.prev_hash == GENESIS
    assert verify_chains() == []


def test_the_roles_of_the_current_request_are_recorded(head_client, establishment, granted_envelope):
    """A head's action through the web records the roles they acted with, without the service passing them."""
    granted_envelope(3)
    teacher = StaffMemberFactory(establishment=establishment)
    mission = Mission.objects.get(code="coordination-discipline", establishment=None)
    response = head_client.post(
        reverse("allocation_create", args=[establishment.uai]) + "?annee=2026",
        {
            "staff_member": teacher.pk,
            "mission": mission.pk,
            "kind": "pay",
            "rate": Rate.objects.get(code="003").pk,
            "count": 1,
            "periodicity": "annual",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(object_type="allocation")
    assert (event.actor_roles, event.establishment_id) == ("head", establishment.pk)


@pytest.mark.parametrize(
    "write",
    [
        lambda: Event.objects.update(object_label="réécrit"),
        lambda: Event.objects.all().delete(),
    ],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_rewrite_or_remove_an_event(events, write):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        write()
    assert Event.objects.count() == 3
    assert verify_chains() == []


def test_verify_events_passes_on_an_untouched_log(events, capsys):
    call_command("verify_events")
    assert "intact" in capsys.readouterr().out


def test_verify_events_names_an_edited_event(events, without_guard):
    Event.objects.filter(pk=events[1].pk).update(object_label="Chose modifiée")
    with pytest.raises(CommandError, match="n° 2 .*contenu modifié") as raised:
        call_command("verify_events")
    assert raised.value.returncode == 1


def test_verify_events_names_a_removed_event(events, without_guard):
    Event.objects.filter(pk=events[1].pk).delete()
    with pytest.raises(CommandError, match="n° 2 .*manquant"):
        call_command("verify_events")


def test_verify_events_notices_a_removed_last_event(events, without_guard):
    Event.objects.filter(pk=events[2].pk).delete()
    with pytest.raises(CommandError, match="n° 3 .*derniers événements manquants"):
        call_command("verify_events")


def test_verify_events_notices_an_event_rehashed_to_hide_an_edit(events, without_guard):
    """Recomputing the edited event's own hash is not enough: the next event still points to the old one."""
    event = Event.objects.get(pk=events[0].pk)
    event.object_label = "Chose modifiée"
    Event.objects.filter(pk=event.pk).update(object_label=event.object_label, hash=event_digest(event))
    with pytest.raises(CommandError, match="n° 2 .*ne suit pas"):
        call_command("verify_events")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_never_fork_a_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the chain head's row lock is what is being proved")
    establishment = EstablishmentFactory()
    barrier = threading.Barrier(12)
    errors = []

    def write(n):
        from django.db import connections

        try:
            barrier.wait()
            record_event("test.step", establishment=establishment, object_type="thing", object_id=n)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(Event.objects.values_list("seq", flat=True)) == list(range(1, 13))
    assert verify_chains() == []
