"""Retention: `python manage.py purge_cases [--dry-run]` anonymises cases closed long enough ago."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from harcelement.models import Case, EntryAttachment, EntryKind, EntryText, PupilInvolvement
from harcelement.services.cases import add_entry
from harcelement.services.eml import import_eml
from harcelement.services.retention import purge_after
from tests.phare_data import AUTHOR, TARGET, reported_case
from tests.test_phare_eml import EML


def aware(*args):
    return timezone.make_aware(datetime(*args))


def close(case, closed_at):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_at=closed_at)
    case.refresh_from_db()


def test_default_period_is_the_end_of_the_following_school_year():
    assert purge_after(aware(2026, 12, 1)).date().isoformat() == "2028-08-31"
    assert purge_after(aware(2027, 6, 30)).date().isoformat() == "2028-08-31"
    assert purge_after(aware(2027, 9, 2)).date().isoformat() == "2029-08-31"


@override_settings(PHARE_RETENTION_DAYS=5000)
def test_never_more_than_three_years():
    closed = aware(2026, 12, 1)
    assert purge_after(closed) == closed + timedelta(days=3 * 365)


@pytest.fixture
def old_case(establishment, personas):
    case = reported_case(establishment, personas.staff)
    add_entry(
        case,
        author=personas.coordinator,
        kind=EntryKind.TARGET_INTERVIEW,
        occurred_at=timezone.now(),
        text=f"{TARGET} raconte.",
    )
    import_eml(case, EML, author=personas.coordinator)
    close(case, timezone.now() - timedelta(days=3 * 365 + 1))
    return case


def test_dry_run_changes_nothing(old_case):
    out = StringIO()
    call_command("purge_cases", "--dry-run", stdout=out)
    assert old_case.number in out.getvalue() and "rien n'a été modifié" in out.getvalue()
    old_case.refresh_from_db()
    assert old_case.anonymised_at is None
    assert PupilInvolvement.objects.filter(name=TARGET).exists()


def test_purge_keeps_counts_and_forgets_names_and_texts(old_case, establishment, personas):
    recent = reported_case(establishment, personas.staff)
    close(recent, timezone.now() - timedelta(days=10))
    entries_before = old_case.entries.count()
    out = StringIO()
    call_command("purge_cases", stdout=out)
    assert "1 situation(s) anonymisée(s)" in out.getvalue()
    old_case.refresh_from_db()
    assert old_case.anonymised_at and old_case.summary == ""
    names = set(old_case.pupils.values_list("name", flat=True))
    assert names == {"L. F.", "M. G.", "N. M."}
    assert old_case.entries.count() == entries_before  # the journal's skeleton stays
    assert set(EntryText.objects.filter(entry__case=old_case).values_list("text", flat=True)) == {""}
    attachment = EntryAttachment.objects.get(entry__case=old_case)
    assert attachment.filename == "" and bytes(attachment.content) == b""
    # the recent case is untouched
    assert recent.pupils.filter(name=AUTHOR).exists()
    # run twice: nothing more to do
    out = StringIO()
    call_command("purge_cases", stdout=out)
    assert "0 situation(s)" in out.getvalue()
