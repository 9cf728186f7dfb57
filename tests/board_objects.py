"""Versions presented to the CA, built directly for the authorization tests (the lifecycle's own tests go
through missions.services.board)."""

from datetime import timedelta

from django.utils import timezone

from missions.models import BoardQuestion, Envelope, PlanVersion, RepartitionCycle, Role, RoleGrant
from missions.services.board_snapshot import build_snapshot, snapshot_sha256
from tests.factories import make_person


def presented_versions(establishment, school_year, presenter, days_ago=(0,)) -> list[PlanVersion]:
    """Versions 1, 2… presented `days_ago` days ago, for a meeting next week (the last one is the latest)."""
    envelope, _ = Envelope.objects.get_or_create(establishment=establishment, school_year=school_year)
    cycle, _ = RepartitionCycle.objects.get_or_create(
        establishment=establishment,
        school_year=school_year,
        defaults={"state": RepartitionCycle.State.PRESENTED},
    )
    versions = []
    for number, ago in enumerate(days_ago, start=1):
        snapshot = build_snapshot(envelope, person_display="initials")
        versions.append(
            PlanVersion.objects.create(
                cycle=cycle,
                number=number,
                snapshot=snapshot,
                sha256=snapshot_sha256(snapshot),
                presented_at=timezone.now() - timedelta(days=ago),
                presented_by=presenter,
                meeting_date=timezone.localdate() + timedelta(days=7),
            )
        )
    return versions


def question_on(version, asked_by) -> BoardQuestion:
    return BoardQuestion.objects.create(version=version, asked_by=asked_by, text="Pourquoi deux référents ?")


def make_former_board_member(establishment, school_year):
    """A CA member of the year whose term ended 30 days ago (it began 90 days ago)."""
    user = make_person(
        establishment,
        Role.BOARD,
        email="ancien-parent@example.org",
        school_year=school_year,
        with_staff_record=False,
    )
    today = timezone.localdate()
    RoleGrant.objects.filter(user=user).update(
        term_start=today - timedelta(days=90), term_end=today - timedelta(days=30)
    )
    return user
