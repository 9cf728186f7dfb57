"""History of the allocations: what an event stores, and how it reads in French.

An inspector or the CA must be able to reconstruct the past from the events alone, even after an allocation is
deleted or a rate renamed: so each event stores human values (rate label, "1 250,00 €", ISO dates), not ids.
"""

from datetime import date
from decimal import Decimal

from missions.services.schedule import french_date
from missions.templatetags.french import euros, hours, imp

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
