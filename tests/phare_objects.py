"""pHARe objects for the authorization tests: cases built directly, with invented pupils."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from harcelement.models import (
    Case,
    CaseEntry,
    Coordinator,
    EntryAttachment,
    EntryKind,
    EntryText,
    Partner,
    PreventionAction,
    PupilInvolvement,
    ResourceTeamMember,
    Training,
)
from missions.models import SchoolYear, StaffMember
from tests.factories import StaffMemberFactory

PUPIL_NAME = "Zoé Matricielle"


def make_case(establishment, personas, *, assigned=False, number="2026-900") -> Case:
    """A case reported by the `staff` persona; assigned to the `resource_team` persona if asked."""
    case = Case.objects.create(
        establishment=establishment,
        school_year=SchoolYear.objects.get(start_year=2026),
        number=number,
        source="personnel",
        occurred_on=date(2026, 10, 1),
        summary="Insultes répétées",
        reporter=personas.staff,
    )
    PupilInvolvement.objects.create(case=case, name=PUPIL_NAME, class_name="5e B", role="cible")
    entry = CaseEntry.objects.create(
        case=case,
        occurred_at=timezone.now(),
        author=personas.staff,
        author_name="Prof",
        kind=EntryKind.REPORT,
    )
    EntryText.objects.create(entry=entry, text="Insultes répétées")
    if assigned:
        case.assigned.add(StaffMember.objects.get(user=personas.resource_team, establishment=establishment))
    return case


def make_attachment(case) -> EntryAttachment:
    entry = case.entries.first()
    return EntryAttachment.objects.create(
        entry=entry, filename="capture.png", content_type="image/png", content=b"png", size=3
    )


def make_coordinator(establishment) -> Coordinator:
    staff = StaffMemberFactory(establishment=establishment, category=StaffMember.Category.NURSE)
    return Coordinator.objects.create(
        establishment=establishment,
        school_year=SchoolYear.objects.get(start_year=2026),
        staff_member=staff,
        designated_on=date(2026, 9, 5),
        payment=Coordinator.Payment.COMPLEMENT,
        complement_amount=1250,
    )


def make_member(establishment) -> ResourceTeamMember:
    return ResourceTeamMember.objects.create(
        establishment=establishment,
        school_year=SchoolYear.objects.get(start_year=2026),
        staff_member=StaffMemberFactory(establishment=establishment),
        joined_on=date(2026, 9, 5),
    )


def make_training(staff_member) -> Training:
    return Training.objects.create(
        staff_member=staff_member,
        title="Formation pHARe niveau 1",
        date=date(2026, 10, 6),
        hours=Decimal("12"),
        organiser="Académie",
    )


def make_partner(establishment, name="Association e-Enfance") -> Partner:
    return Partner.objects.create(establishment=establishment, name=name, kind=Partner.Kind.ASSOCIATION)


def make_prevention_action(establishment, partners=()) -> PreventionAction:
    action = PreventionAction.objects.create(
        establishment=establishment,
        school_year=SchoolYear.objects.get(start_year=2026),
        title="Semaine de sensibilisation",
        axis="prevenir",
        pillars=["prevenir"],
        audience="Toutes les classes de 6e",
        date=date(2026, 11, 6),
        pupil_hours=Decimal("2"),
    )
    action.partners.set(partners)
    return action
