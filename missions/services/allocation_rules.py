"""The rules an allocation must follow, checked before anything is written (used by services.allocations).

Sources: décret 2015-475 (art. 3 payment, art. 6/7 missions), arrêté du 27 avril 2015 (rates), circulaire
2015-058 (shares of at least a quarter of an IMP), décret 2014-940 art. 3 (allègement de service).
"""

from datetime import date
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from missions.models import QUARTER, Allocation, Mission, Periodicity
from missions.models.bounds import MAX_DISCHARGE_HOURS
from missions.services.catalogue import rate_allowed, rate_not_allowed_message
from missions.templatetags.french import hours as format_hours


class AllocationRefused(ValidationError):
    """The allocation breaks a rule or would exceed the envelope: the message says why, in French.

    `field` names the form field the message belongs to, when there is one (else None).
    """

    def __init__(self, message, code=None, field=None):
        super().__init__(message, code=code)
        self.field = field


def units_for(kind, rate, count, discharge_hours, school_year) -> Decimal:
    """What an allocation draws on the envelope, in IMP at taux de base.

    Pay: the rate's multiple × the number (a double taux × 2 = 4 IMP). Décharge (ARE): the weekly hours divided
    by the year's hours per IMP (1 h ↔ 1 IMP by default, so 1,5 h ↔ 1,5 IMP), rounded UP to the quarter:
    the envelope is counted in quarters and a décharge must never cost less than it is worth.
    """
    if kind == Allocation.Kind.PAY:
        if rate is None or count is None:
            raise AllocationRefused(
                "Choisissez un taux et un nombre d'IMP.", code="pay_incomplete", field="rate"
            )
        return (Decimal(rate.multiplier) * int(count)).quantize(Decimal("0.01"))
    if kind == Allocation.Kind.DISCHARGE:
        if discharge_hours is None:
            raise AllocationRefused(
                "Indiquez le nombre d'heures de décharge.",
                code="discharge_incomplete",
                field="discharge_hours",
            )
        exact = Decimal(discharge_hours) / Decimal(school_year.discharge_hours_per_imp)
        if exact < QUARTER:
            return exact.quantize(Decimal("0.01"))
        return ((exact / QUARTER).to_integral_value(rounding=ROUND_CEILING) * QUARTER).quantize(
            Decimal("0.01")
        )
    raise AllocationRefused("Forme d'attribution inconnue.", code="kind", field="kind")


def _as_count(value):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise AllocationRefused("Le nombre d'IMP doit être un entier.", code="count", field="count") from exc
    if number != number.to_integral_value():
        raise AllocationRefused("Le nombre d'IMP doit être un entier.", code="count", field="count")
    return int(number)


def _as_hours(value):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise AllocationRefused(
            "Le nombre d'heures doit être un nombre.", code="hours", field="discharge_hours"
        ) from exc
    if number.is_finite() and number > MAX_DISCHARGE_HOURS:
        raise AllocationRefused(
            f"Une décharge ne dépasse pas {format_hours(MAX_DISCHARGE_HOURS)} par semaine "
            "(un service d'enseignement entier).",
            code="hours_implausible",
            field="discharge_hours",
        )
    if not number.is_finite() or number != number.quantize(Decimal("0.01")) or number >= 1000:
        raise AllocationRefused(
            "Le nombre d'heures s'écrit avec deux décimales au plus (ex. 1,5).",
            code="hours",
            field="discharge_hours",
        )
    return number


def normalize(envelope, values: dict) -> dict:
    """Check the shape of an allocation (pay or décharge, number, dates) and compute its units.

    Returns the values to save, `units` included. Annual missions carry no dates (they run all year).
    """
    school_year = envelope.school_year
    values = dict(values)
    kind, periodicity = values["kind"], values["periodicity"]
    if kind not in Allocation.Kind.values:
        raise AllocationRefused("Forme d'attribution inconnue.", code="kind", field="kind")
    if periodicity not in Periodicity.values:
        raise AllocationRefused("Périodicité inconnue.", code="periodicity", field="periodicity")
    values["count"] = _as_count(values.get("count"))
    values["discharge_hours"] = _as_hours(values.get("discharge_hours"))
    if kind == Allocation.Kind.PAY:
        if values["discharge_hours"] is not None:
            raise AllocationRefused(
                "Une indemnité ne comporte pas d'heures de décharge : choisissez l'une ou l'autre.",
                code="pay_with_hours",
                field="discharge_hours",
            )
        if values.get("rate") is None:
            raise AllocationRefused("Choisissez un taux.", code="rate_missing", field="rate")
        if values["count"] is None or values["count"] < 1:
            raise AllocationRefused("Le nombre d'IMP doit être au moins 1.", code="count", field="count")
        if values["count"] > 32767:
            raise AllocationRefused("Nombre d'IMP trop grand.", code="count", field="count")
    else:
        if values.get("rate") is not None or values["count"] is not None:
            raise AllocationRefused(
                "Une décharge ne se paie pas : elle n'a ni taux ni nombre d'IMP.",
                code="discharge_with_rate",
                field="rate",
            )
        if values["discharge_hours"] is None or values["discharge_hours"] <= 0:
            raise AllocationRefused(
                "Indiquez le nombre d'heures de décharge.",
                code="discharge_incomplete",
                field="discharge_hours",
            )
    if periodicity == Periodicity.ANNUAL:
        values["start_date"], values["end_date"] = None, None
    else:
        _check_one_off_dates(values.get("start_date"), values.get("end_date"), school_year)
    values["note"] = (values.get("note") or "").strip()[:255]
    values["units"] = units_for(
        kind, values.get("rate"), values["count"], values["discharge_hours"], school_year
    )
    if values["units"] < QUARTER:
        # Circulaire 2015-058: an IMP may be shared, but no share under a quarter.
        raise AllocationRefused(
            f"Une part ne peut pas être inférieure à un quart d'IMP : "
            f"{format_hours(values['discharge_hours'])} de décharge n'y suffisent pas.",
            code="under_a_quarter",
            field="discharge_hours",
        )
    return values


def _check_one_off_dates(start, end, school_year) -> None:
    if not isinstance(start, date) or not isinstance(end, date):
        raise AllocationRefused(
            "Une mission ponctuelle a une date de début et une date de fin.",
            code="dates_missing",
            field="start_date",
        )
    if start > end:
        raise AllocationRefused(
            "La date de fin précède la date de début.", code="dates_order", field="end_date"
        )
    if start < school_year.start_date or end > school_year.end_date:
        raise AllocationRefused(
            f"Les dates doivent tomber dans l'année scolaire {school_year.label} "
            f"(du {school_year.start_date:%d/%m/%Y} au {school_year.end_date:%d/%m/%Y}).",
            code="dates_outside_year",
            field="start_date",
        )


def check_allocation(envelope, values: dict, *, excluding=None) -> None:
    """Who, which mission, which rate: the rules that need the database (run under the envelope lock)."""
    staff, mission, establishment = values["staff_member"], values["mission"], envelope.establishment
    if staff.establishment_id != establishment.pk:
        raise AllocationRefused(
            f"{staff.full_name} ne fait pas partie du personnel de l'établissement.",
            code="staff_elsewhere",
            field="staff_member",
        )
    if not staff.active:
        raise AllocationRefused(
            f"{staff.full_name} n'est plus en poste dans l'établissement.",
            code="staff_inactive",
            field="staff_member",
        )
    if not Mission.objects.for_establishment(establishment).filter(pk=mission.pk).exists():
        raise AllocationRefused(
            f"La mission « {mission.title} » n'est pas proposée dans l'établissement (archivée ou d'un autre).",
            code="mission_unavailable",
            field="mission",
        )
    rate = values.get("rate")
    if rate is not None and not rate_allowed(mission, rate):
        raise AllocationRefused(
            rate_not_allowed_message(mission, rate),
            code="rate_not_allowed",
            field="rate",
        )
    others = Allocation.objects.filter(envelope=envelope, staff_member=staff, mission=mission).exclude(
        kind=values["kind"]
    )
    if excluding is not None:
        others = others.exclude(pk=excluding.pk)
    if others.exists():
        # Décret 2014-940 art. 3 / décret 2015-475: for one mission, an IMP or an allègement, never both.
        raise AllocationRefused(
            f"{staff.full_name} a déjà cette mission sous l'autre forme (indemnité ou décharge) : "
            "pour une même mission, l'IMP et la décharge s'excluent.",
            code="pay_and_discharge",
            field="kind",
        )
