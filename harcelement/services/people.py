"""The people of pHARe: coordinators (role + paid mission in one action), the équipe ressource, trainings."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from harcelement.models import Coordinator, ProgrammeYear, ResourceTeamMember, Training
from harcelement.services.edits import apply_values, delete_and_record, save_and_record, values_of
from missions import clock
from missions.events import record_event, register_actions
from missions.models import Mission, Role, RoleGrant, StaffMember
from missions.services.allocations import allocate, remove_allocation
from missions.services.envelopes import envelope_for
from missions.services.staff import MIN_RESOURCE_TEAM, grant_role, revoke_role

MISSION_CODE = "coordinateur-harcelement"
# Nurses and social workers who coordinate are paid a complement instead of an IMP (circulaire of
# 2 February 2024); it is recorded here but does not come out of the IMP envelope.
COMPLEMENT_CATEGORIES = {StaffMember.Category.NURSE, StaffMember.Category.SOCIAL_WORKER}

register_actions(
    {
        "phare.coordinator_designated": "Désignation d'un coordinateur harcèlement",
        "phare.coordinator_withdrawn": "Fin de mission d'un coordinateur harcèlement",
        "phare.member_added": "Entrée dans l'équipe ressource",
        "phare.member_removed": "Sortie de l'équipe ressource",
        "phare.training_added": "Formation pHARe enregistrée",
        "phare.training_updated": "Formation pHARe corrigée",
        "phare.training_deleted": "Formation pHARe supprimée",
    }
)


def complement_amount() -> Decimal:
    return Decimal(str(getattr(settings, "PHARE_COMPLEMENT_AMOUNT", "1250.00")))


def coordinator_mission(establishment) -> Mission:
    mission = (
        Mission.objects.for_establishment(establishment)
        .filter(code=MISSION_CODE)
        .order_by("establishment_id")  # national first (NULL sorts first on SQLite, last on PostgreSQL)
        .first()
    )
    if mission is None:
        raise ValidationError(
            "La mission « coordinateur harcèlement » manque au catalogue de l'établissement : "
            "rétablissez-la dans le catalogue des missions."
        )
    return mission


def _ensure_role(staff, role, school_year, *, actor, actor_roles):
    if (
        staff.user_id
        and RoleGrant.objects.filter(
            user_id=staff.user_id, establishment=staff.establishment, school_year=school_year, role=role
        ).exists()
    ):
        return
    if not staff.user_id and not staff.email:
        raise ValidationError(
            "Cette personne n'a ni compte ni adresse électronique : ajoutez son adresse sur sa fiche."
        )
    grant_role(staff, role, school_year=school_year, granted_by=actor, granter_roles=actor_roles)


@transaction.atomic
def designate_coordinator(staff, *, school_year, actor, actor_roles, designated_on=None) -> Coordinator:
    """Make `staff` coordinateur harcèlement: the role AND the paid mission, or nothing at all.

    A teacher, CPE… gets the IMP of the national mission (allocation service: the envelope is checked); a
    nurse or social worker gets the complement, recorded outside the envelope.
    """
    establishment = staff.establishment
    if not staff.active:
        raise ValidationError("Cette personne n'est plus en poste.")
    if Coordinator.objects.filter(
        establishment=establishment, school_year=school_year, staff_member=staff
    ).exists():
        raise ValidationError(f"{staff.display_name} est déjà coordinateur harcèlement pour {school_year}.")
    _ensure_role(staff, Role.HARASSMENT_COORDINATOR, school_year, actor=actor, actor_roles=actor_roles)
    coordinator = Coordinator(
        establishment=establishment,
        school_year=school_year,
        staff_member=staff,
        designated_on=designated_on or clock.today(),
    )
    if staff.category in COMPLEMENT_CATEGORIES:
        coordinator.payment = Coordinator.Payment.COMPLEMENT
        coordinator.complement_amount = complement_amount()
    else:
        mission = coordinator_mission(establishment)
        coordinator.payment = Coordinator.Payment.IMP
        coordinator.allocation = allocate(
            envelope=envelope_for(establishment, school_year),
            staff_member=staff,
            mission=mission,
            actor=actor,
            rate=mission.suggested_rate,
            count=1,
        )
    coordinator.save()
    record_event(
        "phare.coordinator_designated",
        actor=actor,
        establishment=establishment,
        obj=coordinator,
        changes={"payment": coordinator.payment, "allocation": coordinator.allocation_id},
    )
    return coordinator


@transaction.atomic
def withdraw_coordinator(coordinator, *, actor, actor_roles) -> None:
    """End a designation: the allocation and the role go with it, so they never disagree."""
    staff = coordinator.staff_member
    if coordinator.allocation_id:
        remove_allocation(coordinator.allocation, actor=actor)
    grant = RoleGrant.objects.filter(
        user_id=staff.user_id,
        establishment=coordinator.establishment,
        school_year=coordinator.school_year,
        role=Role.HARASSMENT_COORDINATOR,
    ).first()
    if grant:
        revoke_role(grant, revoker_roles=actor_roles)
    record_event(
        "phare.coordinator_withdrawn", actor=actor, establishment=coordinator.establishment, obj=coordinator
    )
    coordinator.delete()


@transaction.atomic
def add_member(staff, *, school_year, actor, actor_roles) -> ResourceTeamMember:
    if ResourceTeamMember.objects.filter(
        establishment=staff.establishment, school_year=school_year, staff_member=staff
    ).exists():
        raise ValidationError(f"{staff.display_name} fait déjà partie de l'équipe ressource.")
    _ensure_role(staff, Role.RESOURCE_TEAM, school_year, actor=actor, actor_roles=actor_roles)
    member = ResourceTeamMember.objects.create(
        establishment=staff.establishment,
        school_year=school_year,
        staff_member=staff,
        joined_on=clock.today(),
    )
    record_event("phare.member_added", actor=actor, establishment=staff.establishment, obj=member)
    return member


@transaction.atomic
def remove_member(member, *, actor, actor_roles) -> None:
    grant = RoleGrant.objects.filter(
        user_id=member.staff_member.user_id,
        establishment=member.establishment,
        school_year=member.school_year,
        role=Role.RESOURCE_TEAM,
    ).first()
    if grant:
        revoke_role(grant, revoker_roles=actor_roles)
    record_event("phare.member_removed", actor=actor, establishment=member.establishment, obj=member)
    member.delete()


TRAINING_FIELDS = ("staff_member", "title", "date", "hours", "organiser")


def _check_hours(hours) -> None:
    if hours is None or hours <= 0:
        raise ValidationError("La durée d'une formation doit être positive.")


def add_training(staff, *, actor, title, date, hours, organiser="") -> Training:
    _check_hours(hours)
    training = Training.objects.create(
        staff_member=staff, title=title, date=date, hours=hours, organiser=organiser
    )
    record_event("phare.training_added", actor=actor, establishment=staff.establishment, obj=training)
    return training


@transaction.atomic
def update_training(training, *, actor, staff_member, title, date, hours, organiser="") -> dict:
    """Correct a training; returns what changed ({field: [before, after]}), as recorded on the event log."""
    _check_hours(hours)
    establishment = training.staff_member.establishment
    if staff_member.establishment_id != establishment.pk:
        raise ValidationError("Cette personne ne fait pas partie du personnel de l'établissement.")
    values = {
        "staff_member": staff_member,
        "title": title,
        "date": date,
        "hours": hours,
        "organiser": organiser,
    }
    changes = apply_values(training, values)
    return save_and_record(
        training, changes, action="phare.training_updated", actor=actor, establishment=establishment
    )


@transaction.atomic
def delete_training(training, *, actor) -> None:
    delete_and_record(
        training,
        values_of(training, TRAINING_FIELDS),
        action="phare.training_deleted",
        actor=actor,
        establishment=training.staff_member.establishment,
    )


def set_ambassadors(establishment, school_year, count) -> ProgrammeYear:
    year, _ = ProgrammeYear.objects.update_or_create(
        establishment=establishment, school_year=school_year, defaults={"ambassadors": count}
    )
    return year


@dataclass
class TeamStatus:
    coordinators: list
    members: list
    trainings: dict  # staff_member_id -> [Training]
    ambassadors: int | None
    warnings: list

    @property
    def trained_coordinators(self):
        return [c for c in self.coordinators if self.trainings.get(c.staff_member_id)]


def team_status(establishment, school_year) -> TeamStatus:
    coordinators = list(
        Coordinator.objects.filter(establishment=establishment, school_year=school_year).select_related(
            "staff_member", "allocation"
        )
    )
    members = list(
        ResourceTeamMember.objects.filter(establishment=establishment, school_year=school_year)
        .select_related("staff_member")
        .order_by("staff_member__usage_name")
    )
    people = [c.staff_member_id for c in coordinators] + [m.staff_member_id for m in members]
    trainings = {}
    for training in Training.objects.filter(staff_member_id__in=people):
        trainings.setdefault(training.staff_member_id, []).append(training)
    year = ProgrammeYear.objects.filter(establishment=establishment, school_year=school_year).first()
    status = TeamStatus(coordinators, members, trainings, year.ambassadors if year else None, [])
    if not coordinators:
        status.warnings.append("Aucun coordinateur harcèlement n'est désigné pour cette année.")
    elif not status.trained_coordinators:
        status.warnings.append("Aucun coordinateur harcèlement n'a encore de formation enregistrée.")
    if len(members) < MIN_RESOURCE_TEAM:
        status.warnings.append(
            f"L'équipe ressource compte {len(members)} membre{'s' if len(members) > 1 else ''} : "
            f"la circulaire en demande au moins {MIN_RESOURCE_TEAM}, formés."
        )
    designated = {c.staff_member.user_id for c in coordinators}
    undesignated = RoleGrant.objects.filter(
        establishment=establishment, school_year=school_year, role=Role.HARASSMENT_COORDINATOR
    ).exclude(user_id__in=designated)
    for grant in undesignated.select_related("user"):
        status.warnings.append(
            f"{grant.user.get_full_name() or grant.user.email} a le rôle de coordinateur sans désignation "
            "pHARe (ni IMP ni complément) : désignez-le ici pour rémunérer la mission."
        )
    return status
