"""The journal is append-only in the database (SQLite and PostgreSQL); texts may only be erased, once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from harcelement.models import CaseEntry, CaseRead, EntryKind, EntryText
from harcelement.services.cases import add_entry, record_read
from missions.events import events_in_scope
from tests.phare_data import TARGET, reported_case


@pytest.fixture
def case(establishment, personas):
    return reported_case(establishment, personas.staff)


def refused(sql, params=()):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_to_change_or_delete_an_entry(case):
    entry = case.entries.get()
    refused("UPDATE harcelement_caseentry SET kind = 'cloture' WHERE id = %s", [entry.pk])
    refused("DELETE FROM harcelement_caseentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEntry.objects.filter(pk=entry.pk).update(author_name="quelqu'un d'autre")
    assert CaseEntry.objects.get(pk=entry.pk).kind == EntryKind.REPORT


def test_an_entry_text_can_only_be_erased_once_never_rewritten(case):
    entry = case.entries.get()
    refused("UPDATE harcelement_entrytext SET text = 'autre récit' WHERE entry_id = %s", [entry.pk])
    refused("DELETE FROM harcelement_entrytext WHERE entry_id = %s", [entry.pk])
    # emptying without saying so (erased_at) is refused too
    refused("UPDATE harcelement_entrytext SET text = '' WHERE entry_id = %s", [entry.pk])
    EntryText.objects.filter(pk=entry.pk).update(text="", reason="", erased_at=timezone.now())
    with pytest.raises(DatabaseError), transaction.atomic():
        EntryText.objects.filter(pk=entry.pk).update(text="revenu", erased_at=timezone.now())
    assert EntryText.objects.get(pk=entry.pk).text == ""


def test_the_read_log_is_append_only_and_on_the_event_log(case, personas):
    read = record_read(case, personas.coordinator)
    refused("DELETE FROM harcelement_caseread WHERE id = %s", [read.pk])
    refused("UPDATE harcelement_caseread SET user_name = 'x' WHERE id = %s", [read.pk])
    events = events_in_scope(f"phare-case:{case.pk}")
    assert events.filter(action="phare.case_read", actor=personas.coordinator).exists()
    assert TARGET not in str(list(events.values()))
    assert CaseRead.objects.filter(case=case).count() == 1


def test_a_correction_is_a_new_entry_that_names_the_one_it_amends(case, personas):
    first = add_entry(
        case,
        author=personas.coordinator,
        kind=EntryKind.TARGET_INTERVIEW,
        occurred_at=timezone.now() - timedelta(hours=2),
        text="Entretien mené à 10 h.",
    )
    with pytest.raises(ValidationError, match="motif"):
        add_entry(
            case, author=personas.coordinator, kind=first.kind, occurred_at=timezone.now(), amends=first
        )
    correction = add_entry(
        case,
        author=personas.coordinator,
        kind=first.kind,
        occurred_at=timezone.now() - timedelta(hours=3),
        text="Entretien mené à 9 h.",
        amends=first,
        reason="Heure erronée",
    )
    assert list(first.amendments.all()) == [correction]
    assert EntryText.objects.get(pk=first.pk).text == "Entretien mené à 10 h."
    assert case.entries.count() == 3


def test_faits_etablissement_keeps_only_the_date_and_the_number(case, personas):
    entry = add_entry(
        case,
        author=personas.coordinator,
        kind=EntryKind.FAITS_ETABLISSEMENT,
        occurred_at=timezone.now(),
        text="récit détaillé",
        reference="FE-2026-0042",
    )
    assert entry.reference == "FE-2026-0042" and entry.body.text == ""


def test_a_future_date_is_refused(case, personas):
    with pytest.raises(ValidationError, match="futur"):
        add_entry(
            case,
            author=personas.coordinator,
            kind=EntryKind.FOLLOW_UP,
            occurred_at=timezone.now() + timedelta(days=2),
        )
