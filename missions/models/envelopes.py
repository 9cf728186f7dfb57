from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum

from .bounds import MAX_DOTATION_UNITS
from .establishments import Establishment, SchoolYear

QUARTER = Decimal("0.25")


def validate_quarter_steps(value: Decimal) -> None:
    if value is not None and (value / QUARTER) % 1 != 0:
        raise ValidationError(
            "Le nombre d'IMP se compte par quarts (0,25 ; 0,5 ; 0,75 ; 1 …).", code="quarter"
        )


class Envelope(models.Model):
    """The IMP envelope of one establishment for one school year, counted in IMP at taux de base.

    Its total is the sum of its grants; what is allocated is summed from the allocations: nothing is cached.
    """

    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="envelopes", verbose_name="établissement"
    )
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, verbose_name="année scolaire")

    class Meta:
        verbose_name = "enveloppe IMP"
        verbose_name_plural = "enveloppes IMP"
        constraints = [
            models.UniqueConstraint(fields=["establishment", "school_year"], name="envelope_unique_per_year")
        ]

    def __str__(self):
        return f"Enveloppe IMP {self.school_year} — {self.establishment}"

    def total_units(self) -> Decimal:
        return self.dotations.in_force().aggregate(total=Sum("units"))["total"] or Decimal("0")

    def allocated_units(self) -> Decimal:
        return self.allocations.counted().aggregate(total=Sum("units"))["total"] or Decimal("0")

    def remaining_units(self) -> Decimal:
        return self.total_units() - self.allocated_units()

    def to_euros(self, units: Decimal) -> Decimal:
        return (units * self.school_year.imp_base_amount).quantize(Decimal("0.01"))


class DotationQuerySet(models.QuerySet):
    def in_force(self):
        """Dotations that count: a cancelled one stays on record (with its reason) but adds nothing."""
        return self.filter(cancelled_at__isnull=True)


class Dotation(models.Model):
    """The initial allocation notified with the DHG, or a supplement granted during the year."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Dotation initiale"
        SUPPLEMENT = "supplement", "Abondement"

    envelope = models.ForeignKey(Envelope, on_delete=models.CASCADE, related_name="dotations")
    kind = models.CharField("nature", max_length=12, choices=Kind.choices, default=Kind.INITIAL)
    units = models.DecimalField(
        "nombre d'IMP (taux de base)", max_digits=6, decimal_places=2, validators=[validate_quarter_steps]
    )
    granted_on = models.DateField("date de notification")
    reference = models.CharField("référence", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    cancel_reason = models.CharField("motif de l'annulation", max_length=255, blank=True)

    objects = DotationQuerySet.as_manager()

    class Meta:
        verbose_name = "dotation"
        ordering = ["granted_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(units__gt=0), name="dotation_units_positive"),
            models.CheckConstraint(
                condition=models.Q(units__lte=MAX_DOTATION_UNITS), name="dotation_units_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.units} IMP"
