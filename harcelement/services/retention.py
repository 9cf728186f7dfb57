"""Retention: cases closed long enough ago are anonymised (`python manage.py purge_cases`).

By default a closed case is kept until the end of the school year following the one it was closed in
(31 August); PHARE_RETENTION_DAYS overrides that. Never more than three years after closure.
Anonymising keeps what statistics need (dates, forms, places, levels, roles, entry types and dates) and forgets
the rest: pupils' names become initials, every free text and attached file is erased.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from harcelement.models import Case, EntryAttachment, EntryText, initials
from missions.events import record_event

MAX_RETENTION = timedelta(days=3 * 365)


def purge_after(closed_at: datetime) -> datetime:
    """When a case closed at `closed_at` is due for anonymisation."""
    days = getattr(settings, "PHARE_RETENTION_DAYS", None)
    if days is not None:
        keep = min(timedelta(days=int(days)), MAX_RETENTION)
        return closed_at + keep
    closed_on = timezone.localdate(closed_at)
    start_year = closed_on.year if closed_on.month >= 9 else closed_on.year - 1
    end_of_next_year = date(start_year + 2, 8, 31)
    deadline = timezone.make_aware(datetime.combine(end_of_next_year, datetime.max.time()))
    return min(deadline, closed_at + MAX_RETENTION)


def cases_due(now=None):
    now = now or timezone.now()
    candidates = Case.objects.filter(
        status=Case.Status.CLOSED, closed_at__isnull=False, anonymised_at__isnull=True
    ).select_related("establishment")
    return [case for case in candidates if purge_after(case.closed_at) <= now]


@transaction.atomic
def anonymise(case, now=None) -> None:
    now = now or timezone.now()
    for pupil in case.pupils.all():
        pupil.name = initials(pupil.name)
        pupil.save(update_fields=["name"])
    EntryText.objects.filter(entry__case=case, erased_at__isnull=True).update(
        text="", reason="", erased_at=now
    )
    EntryAttachment.objects.filter(entry__case=case, erased_at__isnull=True).update(
        filename="", content=b"", erased_at=now
    )
    case.summary = ""
    case.anonymised_at = now
    case.save(update_fields=["summary", "anonymised_at"])
    record_event(
        "phare.case_anonymised", establishment=case.establishment, obj=case, data={"number": case.number}
    )


def purge(*, dry_run=False, now=None) -> list[Case]:
    due = cases_due(now)
    if not dry_run:
        for case in due:
            anonymise(case, now)
    return due
