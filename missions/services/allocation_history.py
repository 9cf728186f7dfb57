"""History of the allocations: what an event stores, and how it reads in French.

An inspector or the CA must be able to reconstruct the past from the events alone, even after an allocation is
deleted or a rate renamed: so each event stores human values (rate label, "1 250,00 €", ISO dates), not ids.
"""

from datetime import date
from decimal import Decimal

from django.db import models

from missions.events import events_about, events_in_scope, record_event, register_actions
from missions.services.schedule import french_date
from missions.templatetags.french import euros, hours, imp


class Action(models.TextChoices):
    """What happened to an allocation, as recorded on the platform's event log."""

    CREATED = "allocation.created", "Création"
    UPDATED = "allocation.updated", "Modification"
    DELETED = "allocation.deleted", "Suppression"
    CONFIRMED = "allocation.confirmed", "Validation du brouillon"
    SERVICE_DONE = "allocation.service_done", "Service fait"


register_actions(dict(Action.choices))


def envelope_scope(envelope) -> str:
    return f"envelope:{envelope.pk}"


def record_allocation_event(envelope, allocation, *, actor, action, changes, label=None, allocation_id=None):
    """One line of the répartition's history, on the event log (the establishment's chain)."""
    return record_event(
        action,
        actor=actor,
        establishment_id=envelope.establishment_id,
        object_type="allocation",
        object_id=allocation.pk if allocation is not None else allocation_id,
        object_label=label or str(allocation),
        scope=envelope_scope(envelope),
        changes=changes,
    )


def allocation_history(allocation):
    """The events of one allocation, newest first."""
    return events_about(object_type="allocation", object_id=allocation.pk).order_by("-at", "-pk")


def envelope_history(envelope):
    """Every allocation event of an envelope (the répartition of one year), newest first."""
    return events_in_scope(envelope_scope(envelope)).order_by("-at", "-pk")


FIELD_LABELS = {
    "staff_member": "Personnel",
    "mission": "Mission",
    "kind": "Forme",
    "rate": "Taux",
    "count": "Nombre",
    "discharge_hours": "Décharge",
    "units": "IMP décomptées",
    "amount": "Montant annuel",
    "periodicity": "Périodicité",
    "start_date": "Début",
    "end_date": "Fin",
    "note": "Commentaire",
    "is_draft": "Brouillon",
    "service_done_on": "Service fait le",
}
DATE_FIELDS = {"start_date", "end_date", "service_done_on"}


def _iso(value):
    return value.isoformat() if value else None


def snapshot(allocation, *, envelope=None) -> dict:
    """The allocation's fields as a person reads them; `envelope` (already loaded) avoids a query."""
    school_year = (envelope or allocation.envelope).school_year
    amount = None
    if allocation.is_pay and allocation.rate is not None and allocation.count:
        amount = euros((allocation.rate.amount(school_year) * allocation.count).quantize(Decimal("0.01")))
    return {
        "staff_member": allocation.staff_member.full_name,
        "mission": allocation.mission.title,
        "kind": allocation.get_kind_display(),
        "rate": allocation.rate.label if allocation.rate else None,
        "count": str(allocation.count) if allocation.count else None,
        "discharge_hours": hours(allocation.discharge_hours) or None,
        "units": imp(allocation.units) or None,
        "amount": amount,
        "periodicity": allocation.get_periodicity_display(),
        "start_date": _iso(allocation.start_date),
        "end_date": _iso(allocation.end_date),
        "note": allocation.note or None,
        "is_draft": "oui" if allocation.is_draft else "non",
        "service_done_on": _iso(allocation.service_done_on),
    }


def creation_changes(values: dict) -> dict:
    """{field: [None, value]} for what a new allocation holds (a counted one does not say "Brouillon : non")."""
    return {f: [None, v] for f, v in values.items() if v not in (None, "") and (f, v) != ("is_draft", "non")}


def deletion_changes(values: dict) -> dict:
    return {f: [v, None] for f, v in values.items() if v not in (None, "") and (f, v) != ("is_draft", "non")}


def _shown(field, value) -> str:
    if value in (None, ""):
        return "—"
    if field in DATE_FIELDS:
        try:
            return french_date(date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def describe_changes(event) -> list[str]:
    """One French line per changed field: "Taux : Demi-taux → Taux de base"; on creation, just the value."""
    lines = []
    # jsonb (PostgreSQL) does not keep the keys' order: read them in the form's order.
    rank = {field: index for index, field in enumerate(FIELD_LABELS)}
    changes = sorted((event.changes or {}).items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))
    for field, pair in changes:
        before, after = (list(pair) + [None, None])[:2]
        label = FIELD_LABELS.get(field, field)
        if before in (None, ""):
            lines.append(f"{label} : {_shown(field, after)}")
        elif after in (None, ""):
            lines.append(f"{label} : {_shown(field, before)} → —")
        else:
            lines.append(f"{label} : {_shown(field, before)} → {_shown(field, after)}")
    return lines
