"""The prevention plan of a school year and its partners."""

from decimal import Decimal

from django.conf import settings

from harcelement.models import Axis, Partner, PreventionAction
from missions.events import record_event, register_actions

register_actions({"phare.action_added": "Action de prévention ajoutée"})


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
