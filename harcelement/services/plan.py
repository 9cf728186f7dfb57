"""The prevention plan of a school year and its partners."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction

from harcelement.models import Axis, Partner, PreventionAction
from harcelement.services.edits import apply_values, delete_and_record, save_and_record, values_of
from missions.events import record_event, register_actions

register_actions(
    {
        "phare.action_added": "Action de prévention ajoutée",
        "phare.action_updated": "Action de prévention modifiée",
        "phare.action_deleted": "Action de prévention supprimée",
        "phare.partner_updated": "Partenaire modifié",
        "phare.partner_deleted": "Partenaire supprimé",
    }
)
ACTION_FIELDS = (
    "title",
    "axis",
    "pillars",
    "audience",
    "date",
    "pupil_hours",
    "status",
    "entered_on_phare_platform",
)
PARTNER_FIELDS = ("name", "kind", "contact")


def target_hours() -> Decimal:
    """Ten hours of learning about bullying per pupil and per year."""
    return Decimal(str(getattr(settings, "PHARE_TARGET_PUPIL_HOURS", 10)))


def add_action(establishment, school_year, *, actor, partners=(), **fields) -> PreventionAction:
    action = PreventionAction.objects.create(establishment=establishment, school_year=school_year, **fields)
    action.partners.set(partners)
    record_event("phare.action_added", actor=actor, establishment=establishment, obj=action)
    return action


def add_partner(establishment, **fields) -> Partner:
    return Partner.objects.create(establishment=establishment, **fields)


def partner_names(partners) -> list[str]:
    return sorted(partner.name for partner in partners)


@transaction.atomic
def update_action(action, *, actor, partners=None, **fields) -> dict:
    """Correct an action (and its partners); returns what changed, as recorded on the event log."""
    changes = apply_values(action, fields)
    if partners is not None:
        before, after = partner_names(action.partners.all()), partner_names(partners)
        if before != after:
            action.partners.set(partners)
            changes["partners"] = [before, after]
    return save_and_record(
        action, changes, action="phare.action_updated", actor=actor, establishment=action.establishment
    )


@transaction.atomic
def delete_action(action, *, actor) -> None:
    held = {**values_of(action, ACTION_FIELDS), "partners": partner_names(action.partners.all())}
    delete_and_record(
        action, held, action="phare.action_deleted", actor=actor, establishment=action.establishment
    )


def actions_with(partner):
    """The prevention actions, of every school year, that name `partner`."""
    return PreventionAction.objects.filter(partners=partner)


@transaction.atomic
def update_partner(partner, *, actor, **fields) -> dict:
    changes = apply_values(partner, fields)
    return save_and_record(
        partner, changes, action="phare.partner_updated", actor=actor, establishment=partner.establishment
    )


@transaction.atomic
def delete_partner(partner, *, actor) -> int:
    """Delete a partner: the actions that named it stay, without it. Returns how many actions lost it."""
    detached = list(actions_with(partner).values_list("pk", flat=True))
    delete_and_record(
        partner,
        values_of(partner, PARTNER_FIELDS),
        action="phare.partner_deleted",
        actor=actor,
        establishment=partner.establishment,
        data={"actions": detached},
    )
    return len(detached)


def plan_summary(establishment, school_year) -> dict:
    actions = list(
        PreventionAction.objects.filter(
            establishment=establishment, school_year=school_year
        ).prefetch_related("partners")
    )
    by_axis = [(label, [a for a in actions if a.axis == value]) for value, label in Axis.choices]
    hours = sum((a.pupil_hours for a in actions if a.status != PreventionAction.Status.CANCELLED), Decimal(0))
    return {
        "by_axis": by_axis,
        "pupil_hours": hours,
        "target_hours": target_hours(),
        "short_of_hours": hours < target_hours(),
        "count": len(actions),
        "entered": sum(1 for a in actions if a.entered_on_phare_platform),
    }
