"""The IMP envelope of an establishment for a school year: its grants and what is left of it.

The envelope is counted in IMP at taux de base (arrêté du 27 avril 2015) and shown in euros with the year's
base amount. Totals are always computed by the database: nothing is cached in a field that could drift.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from missions.events import record_event, register_actions
from missions.models import QUARTER, Allocation, Dotation, Envelope
from missions.models.bounds import MAX_DOTATION_UNITS
from missions.services.allocation_history import envelope_scope
from missions.services.schedule import french_date
from missions.templatetags.french import imp


class DotationAction(models.TextChoices):
    ADDED = "dotation.added", "Dotation enregistrée"
    CORRECTED = "dotation.corrected", "Dotation corrigée"
    CANCELLED = "dotation.cancelled", "Dotation annulée"


register_actions(dict(DotationAction.choices))

ZERO = Decimal("0")
CENT = Decimal("0.01")


def envelope_for(establishment, school_year) -> Envelope:
    """The establishment's envelope for that year, created empty the first time it is asked for."""
    envelope, _ = Envelope.objects.get_or_create(establishment=establishment, school_year=school_year)
    return envelope


def existing_envelope(establishment, school_year) -> Envelope | None:
    """The establishment's envelope for that year if it exists: reading a page never creates one."""
    return (
        Envelope.objects.filter(establishment=establishment, school_year=school_year)
        .select_related("school_year", "establishment")
        .first()
    )


def add_dotation(envelope, *, kind, units, granted_on, reference="", actor=None) -> Dotation:
    """Record the initial allocation notified with the DHG, or a supplement (abondement) of the DASEN.

    Raises ValidationError (French message) and saves nothing when the grant is not a positive number of
    quarters of an IMP, has no date, or an unknown kind.
    """
    if kind not in Dotation.Kind.values:
        raise ValidationError("Nature de dotation inconnue.", code="grant_kind")
    units = _checked_units(units)
    _checked_date(granted_on, envelope.school_year)
    with transaction.atomic():
        envelope = _lock(envelope)
        initial = envelope.dotations.in_force().filter(kind=Dotation.Kind.INITIAL).first()
        if kind == Dotation.Kind.INITIAL and initial is not None:
            raise ValidationError(
                f"La dotation initiale {envelope.school_year.label} est déjà enregistrée "
                f"({imp(initial.units)} IMP, notifiée le {french_date(initial.granted_on)}) : corrigez-la, "
                "ou enregistrez un abondement si la DASEN vous en a accordé un.",
                code="second_initial",
            )
        grant = Dotation.objects.create(
            envelope=envelope,
            kind=kind,
            units=units,
            granted_on=granted_on,
            reference=(reference or "").strip(),
            created_by=actor,
        )
        _record_grant(grant, actor, DotationAction.ADDED, {"Nombre d'IMP": [None, imp(units)]})
        return grant


def correct_dotation(grant, *, units, granted_on, reference=None, reason, actor=None) -> Dotation:
    """Correct a grant typed wrong or revised by the rectorat; the reason and the change go to the history.

    Refused (French message, nothing saved) without a reason, or when the envelope would fall below what is
    already allocated.
    """
    reason = _checked_reason(reason)
    units = _checked_units(units)
    with transaction.atomic():
        envelope = _lock(grant.envelope)
        grant = Dotation.objects.select_for_update().get(pk=grant.pk, cancelled_at__isnull=True)
        _checked_date(granted_on, envelope.school_year)
        _check_still_covers(envelope, units - grant.units)
        before = {
            "Nombre d'IMP": imp(grant.units),
            "Notifiée le": french_date(grant.granted_on),
            "Référence": grant.reference or None,
        }
        if reference is not None:  # None keeps the reference as it is
            grant.reference = reference.strip()
        grant.units, grant.granted_on = units, granted_on
        after = {
            "Nombre d'IMP": imp(grant.units),
            "Notifiée le": french_date(grant.granted_on),
            "Référence": grant.reference or None,
        }
        changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
        if not changes:
            raise ValidationError("Cette correction ne change rien à la dotation.", code="grant_unchanged")
        grant.save(update_fields=["units", "granted_on", "reference"])
        _record_grant(grant, actor, DotationAction.CORRECTED, {**changes, "Motif": [None, reason]})
        return grant


def cancel_dotation(grant, *, reason, actor=None) -> Dotation:
    """Cancel a grant (recorded in error, withdrawn): it stays listed, struck out, with its reason."""
    reason = _checked_reason(reason)
    with transaction.atomic():
        envelope = _lock(grant.envelope)
        grant = Dotation.objects.select_for_update().get(pk=grant.pk, cancelled_at__isnull=True)
        _check_still_covers(envelope, -grant.units)
        grant.cancelled_at, grant.cancel_reason = timezone.now(), reason
        grant.save(update_fields=["cancelled_at", "cancel_reason"])
        _record_grant(
            grant,
            actor,
            DotationAction.CANCELLED,
            {"Nombre d'IMP": [imp(grant.units), None], "Motif": [None, reason]},
        )
        return grant


def _lock(envelope) -> Envelope:
    return (
        Envelope.objects.select_for_update(of=("self",))
        .select_related("school_year", "establishment")
        .get(pk=envelope.pk)
    )


def _record_grant(grant, actor, action, changes) -> None:
    """Dotations are written in the répartition's history (the platform's event log, the envelope's scope),
    next to the allocations they pay for."""
    record_event(
        action,
        actor=actor,
        establishment_id=grant.envelope.establishment_id,
        object_type="dotation",
        object_id=grant.pk,
        object_label=f"{grant.get_kind_display()} du {french_date(grant.granted_on)}",
        scope=envelope_scope(grant.envelope),
        changes=changes,
    )


def _checked_reason(reason) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("Indiquez le motif : il est gardé dans l'historique.", code="grant_reason")
    return reason[:255]


def _checked_units(units) -> Decimal:
    try:
        units = Decimal(units)
    except (TypeError, ArithmeticError) as exc:
        raise ValidationError("Le nombre d'IMP doit être un nombre.", code="grant_units") from exc
    if not units.is_finite() or units <= 0:
        raise ValidationError("Le nombre d'IMP d'une dotation doit être positif.", code="grant_units")
    if units > MAX_DOTATION_UNITS:
        raise ValidationError(
            "Une dotation ne dépasse pas %(max)s IMP : vérifiez le nombre saisi.",
            params={"max": int(MAX_DOTATION_UNITS)},
            code="grant_units_implausible",
        )
    if units % QUARTER != 0:
        raise ValidationError(
            "Le nombre d'IMP se compte par quarts (0,25 ; 0,5 ; 0,75 ; 1 …).", code="quarter"
        )
    return units


def _checked_date(granted_on, school_year) -> None:
    if not isinstance(granted_on, date):
        raise ValidationError("Indiquez la date de notification de la dotation.", code="grant_date")
    _check_dotation_date(granted_on, school_year)


def _check_still_covers(envelope, change: Decimal) -> None:
    """A correction or a cancellation must leave the envelope above what is already allocated."""
    total, allocated = envelope.total_units() + change, envelope.allocated_units()
    if change < 0 and total < allocated:
        raise ValidationError(
            f"L'enveloppe passerait à {imp(total)} IMP alors que {imp(allocated)} IMP sont déjà attribuées : "
            "retirez ou réduisez d'abord des attributions.",
            code="grant_below_allocated",
        )


@transaction.atomic
def add_dotation_in_year(establishment, school_year, **arguments) -> Dotation:
    """`add_dotation` to the establishment's envelope of that year, created with its first dotation."""
    return add_dotation(envelope_for(establishment, school_year), **arguments)


def _check_dotation_date(granted_on: date, school_year) -> None:
    """The initial grant is notified with the DHG, in the year before the rentrée; supplements come during the
    year. A date outside [one year before the rentrée, end of the school year] is a typing error (1900, 2062)."""
    earliest = school_year.start_date.replace(year=school_year.start_date.year - 1)
    if not earliest <= granted_on <= school_year.end_date:
        raise ValidationError(
            f"La date de notification d'une dotation {school_year.label} se situe entre le "
            f"{french_date(earliest)} et le {french_date(school_year.end_date)}.",
            code="grant_date_outside_year",
        )


@dataclass(frozen=True)
class EnvelopeSummary:
    """What the gauge shows: total, allocated and remaining, in IMP and in euros."""

    base_amount: Decimal
    total_units: Decimal
    allocated_units: Decimal
    draft_units: Decimal
    paid_euros: Decimal = Decimal("0.00")  # what the allocated IMP pay (décharges draw units, pay nothing)

    @property
    def remaining_units(self) -> Decimal:
        return self.total_units - self.allocated_units

    @property
    def total_euros(self) -> Decimal:
        return self.to_euros(self.total_units)

    @property
    def allocated_euros(self) -> Decimal:
        return self.to_euros(self.allocated_units)

    @property
    def remaining_euros(self) -> Decimal:
        return self.to_euros(self.remaining_units)

    @property
    def draft_euros(self) -> Decimal:
        return self.to_euros(self.draft_units)

    @property
    def percent_used(self) -> int:
        """Share of the envelope allocated, as a whole percentage (may exceed 100 after an admin edit)."""
        if self.total_units <= 0:
            return 100 if self.allocated_units > 0 else 0
        return int((self.allocated_units * 100 / self.total_units).to_integral_value())

    @property
    def is_exceeded(self) -> bool:
        return self.allocated_units > self.total_units

    @property
    def has_grant(self) -> bool:
        return self.total_units > 0

    @property
    def is_full(self) -> bool:
        """Every IMP of a notified envelope allocated, not one more: the répartition is complete."""
        return self.has_grant and self.allocated_units == self.total_units

    def to_euros(self, units: Decimal) -> Decimal:
        return (units * self.base_amount).quantize(CENT)


def _units_sum(queryset):
    decimal = DecimalField(max_digits=8, decimal_places=2)
    return Coalesce(
        Subquery(queryset.values("envelope").annotate(s=Sum("units")).values("s")[:1], output_field=decimal),
        Value(ZERO),
        output_field=decimal,
    )


def _summary_sums() -> dict:
    """The envelope's sums as subqueries: what is granted (dotations in force), what counts, what is a draft."""
    grants = Dotation.objects.in_force().filter(envelope=OuterRef("pk"))
    allocations = Allocation.objects.filter(envelope=OuterRef("pk"))
    return {
        "summary_total": _units_sum(grants),
        "summary_allocated": _units_sum(allocations.filter(is_draft=False)),
        "summary_drafts": _units_sum(allocations.filter(Q(is_draft=True))),
    }


def summarize(envelope, totals=None, sums=None) -> EnvelopeSummary:
    """The envelope's figures in one query, whatever the number of grants and allocations (two when the
    person totals, which give what is paid, are not passed; none when `sums` were read with the envelope,
    see `existing_envelope_summarized`).

    Allocated = units of allocations that count (drafts from a roll-over do not until confirmed).
    """
    from missions.services.allocations import person_totals  # allocations imports this module

    if totals is None:
        totals = person_totals(envelope)
    if sums is None:
        sums = (
            Envelope.objects.filter(pk=envelope.pk)
            .annotate(**_summary_sums())
            .values(*_summary_sums(), "school_year__imp_base_amount")
            .get()
        )
        base_amount = sums["school_year__imp_base_amount"]
    else:
        base_amount = envelope.school_year.imp_base_amount
    return EnvelopeSummary(
        base_amount=Decimal(base_amount),
        total_units=Decimal(sums["summary_total"]).quantize(CENT),
        allocated_units=Decimal(sums["summary_allocated"]).quantize(CENT),
        draft_units=Decimal(sums["summary_drafts"]).quantize(CENT),
        paid_euros=sum((total.amount for total in totals.values()), Decimal("0.00")),
    )


def existing_envelope_summarized(establishment, school_year) -> tuple[Envelope | None, dict | None]:
    """`existing_envelope` and the sums `summarize` needs (`sums=`), read in the same query (the screen)."""
    envelope = (
        Envelope.objects.filter(establishment=establishment, school_year=school_year)
        .select_related("school_year", "establishment")
        .annotate(**_summary_sums())
        .first()
    )
    if envelope is None:
        return None, None
    return envelope, {name: getattr(envelope, name) for name in _summary_sums()}
