"""The IMP envelope of an establishment for a school year: its grants and what is left of it.

The envelope is counted in IMP at taux de base (arrêté du 27 avril 2015) and shown in euros with the year's
base amount. Totals are always computed by the database: nothing is cached in a field that could drift.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from missions.models import QUARTER, Allocation, Dotation, Envelope
from missions.services.schedule import french_date

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
    try:
        units = Decimal(units)
    except (TypeError, ArithmeticError) as exc:
        raise ValidationError("Le nombre d'IMP doit être un nombre.", code="grant_units") from exc
    if not units.is_finite() or units <= 0:
        raise ValidationError("Le nombre d'IMP d'une dotation doit être positif.", code="grant_units")
    if units % QUARTER != 0:
        raise ValidationError(
            "Le nombre d'IMP se compte par quarts (0,25 ; 0,5 ; 0,75 ; 1 …).", code="quarter"
        )
    if not isinstance(granted_on, date):
        raise ValidationError("Indiquez la date de notification de la dotation.", code="grant_date")
    _check_dotation_date(granted_on, envelope.school_year)
    with transaction.atomic():
        return Dotation.objects.create(
            envelope=envelope,
            kind=kind,
            units=units,
            granted_on=granted_on,
            reference=(reference or "").strip(),
            created_by=actor,
        )


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
    """The envelope's sums as subqueries: what is granted, what counts, what is still a draft."""
    grants = Dotation.objects.filter(envelope=OuterRef("pk"))
    allocations = Allocation.objects.filter(envelope=OuterRef("pk"))
    return {
        "summary_total": _units_sum(grants),
        "summary_allocated": _units_sum(allocations.filter(is_draft=False)),
        "summary_drafts": _units_sum(allocations.filter(is_draft=True)),
    }


def _summary(base_amount, total, allocated, drafts) -> EnvelopeSummary:
    return EnvelopeSummary(
        base_amount=Decimal(base_amount),
        total_units=Decimal(total).quantize(CENT),
        allocated_units=Decimal(allocated).quantize(CENT),
        draft_units=Decimal(drafts).quantize(CENT),
    )


def summarize(envelope) -> EnvelopeSummary:
    """The envelope's figures in one query, whatever the number of grants and allocations.

    Allocated = units of allocations that count (drafts from a roll-over do not until confirmed).
    """
    row = (
        Envelope.objects.filter(pk=envelope.pk)
        .annotate(**_summary_sums())
        .values(*_summary_sums(), "school_year__imp_base_amount")
        .get()
    )
    return _summary(
        row["school_year__imp_base_amount"],
        row["summary_total"],
        row["summary_allocated"],
        row["summary_drafts"],
    )


def existing_envelope_summarized(
    establishment, school_year
) -> tuple[Envelope | None, EnvelopeSummary | None]:
    """`existing_envelope` and its `summarize` figures, read in the same query (the allocation screen)."""
    envelope = (
        Envelope.objects.filter(establishment=establishment, school_year=school_year)
        .select_related("school_year", "establishment")
        .annotate(**_summary_sums())
        .first()
    )
    if envelope is None:
        return None, None
    summary = _summary(
        envelope.school_year.imp_base_amount,
        envelope.summary_total,
        envelope.summary_allocated,
        envelope.summary_drafts,
    )
    return envelope, summary
