"""The protocol assistant: what comes next in a case, and by when.

Delays are settings: PHARE_FIRST_INTERVIEW_DAYS (target heard within 2 days of the report),
PHARE_REVIEW_DAYS (situation reviewed 15 days after the report), PHARE_FOLLOWUP_DAYS (a follow-up point every
7 days while the case is under follow-up, MPP interviews included).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from harcelement.models import Case, EntryKind, PupilInvolvement
from missions import clock


def _days(name, default):
    return timedelta(days=int(getattr(settings, name, default)))


@dataclass(frozen=True)
class Step:
    kind: str
    label: str
    due: date
    case: Case

    @property
    def overdue(self) -> bool:
        return self.due < clock.today()


def next_steps(case, entries=None) -> list[Step]:
    """The protocol steps still to do for this case, earliest due first. A closed case has none."""
    if case.status == Case.Status.CLOSED or case.anonymised_at:
        return []
    entries = list(case.entries.all()) if entries is None else entries
    done = {entry.kind for entry in entries}
    reported = timezone.localdate(case.created_at)
    roles = {pupil.role for pupil in case.pupils.all()}
    steps = []

    def todo(kind, due, label=None):
        steps.append(Step(kind, label or EntryKind(kind).label, due, case))

    first = reported + _days("PHARE_FIRST_INTERVIEW_DAYS", 2)
    if EntryKind.TARGET_INTERVIEW not in done:
        todo(EntryKind.TARGET_INTERVIEW, first)
    if EntryKind.PROTECTION not in done:
        todo(EntryKind.PROTECTION, first)
    if EntryKind.TARGET_FAMILY not in done:
        todo(EntryKind.TARGET_FAMILY, first + timedelta(days=3))
    if PupilInvolvement.Role.WITNESS in roles and EntryKind.WITNESS_INTERVIEW not in done:
        todo(EntryKind.WITNESS_INTERVIEW, first + timedelta(days=3))
    if PupilInvolvement.Role.AUTHOR in roles:
        if EntryKind.AUTHOR_INTERVIEW not in done and EntryKind.MPP_INTERVIEW not in done:
            todo(EntryKind.AUTHOR_INTERVIEW, first + timedelta(days=5))
        if EntryKind.AUTHOR_FAMILY not in done:
            todo(EntryKind.AUTHOR_FAMILY, first + timedelta(days=7))
    review = reported + _days("PHARE_REVIEW_DAYS", 15)
    follow_ups = [e for e in entries if e.kind in {EntryKind.FOLLOW_UP, EntryKind.MPP_INTERVIEW}]
    if follow_ups:
        last = max(timezone.localdate(e.occurred_at) for e in follow_ups)
        label = "Entretien MPP suivant ou point de suivi"
        todo(EntryKind.FOLLOW_UP, last + _days("PHARE_FOLLOWUP_DAYS", 7), label)
    else:
        todo(EntryKind.FOLLOW_UP, review, "Bilan de la situation")
    return sorted(steps, key=lambda step: step.due)


def overdue_steps(cases) -> list[Step]:
    cases = cases.exclude(status=Case.Status.CLOSED).prefetch_related("entries", "pupils")
    steps = [step for case in cases for step in next_steps(case, list(case.entries.all())) if step.overdue]
    return sorted(steps, key=lambda step: step.due)
