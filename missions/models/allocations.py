from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from missions import clock

from .bounds import MAX_DISCHARGE_HOURS
from .catalogue import Mission, Periodicity, Rate, pay_amount
from .envelopes import Envelope
from .staff import StaffMember


class AllocationQuerySet(models.QuerySet):
    def counted(self):
        """Allocations that draw on the envelope: drafts from a roll-over do not until confirmed (in Python,
        `Allocation.is_counted`)."""
        return self.filter(is_draft=False)


class Allocation(models.Model):
    """One staff member × one mission: a number of IMP at one rate, or a décharge (ARE) in hours.

    `units` is what the allocation draws on the envelope, in IMP at taux de base. The allocation
    service (missions.services.allocations) computes it and checks the envelope under a row lock.
    """

    class Kind(models.TextChoices):
        PAY = "pay", "Indemnité (IMP)"
        DISCHARGE = "discharge", "Décharge (ARE)"

    class Funding(models.TextChoices):
        # The pacte enseignant will be a second source (docs/architecture.md, "What comes next"): one source per person × mission.
        IMP = "imp", "IMP"

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="allocations")
    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="allocations", verbose_name="personnel"
    )
    mission = models.ForeignKey(
        Mission, on_delete=models.PROTECT, related_name="allocations", verbose_name="mission"
    )
    funding = models.CharField("financement", max_length=10, choices=Funding.choices, default=Funding.IMP)
    kind = models.CharField("forme", max_length=10, choices=Kind.choices, default=Kind.PAY)
    rate = models.ForeignKey(Rate, on_delete=models.PROTECT, null=True, blank=True, verbose_name="taux")
    count = models.PositiveSmallIntegerField("nombre", null=True, blank=True)
    discharge_hours = models.DecimalField(
        "heures de décharge hebdomadaires", max_digits=5, decimal_places=2, null=True, blank=True
    )
    units = models.DecimalField("IMP décomptées (taux de base)", max_digits=6, decimal_places=2)
    periodicity = models.CharField(
        "périodicité", max_length=10, choices=Periodicity.choices, default=Periodicity.ANNUAL
    )
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    is_draft = models.BooleanField("brouillon", default=False)
    # The day the allocation started to count (created, or its draft confirmed): payments cannot start
    # before the following month; the ninths already due then are paid together as a "rappel".
    counts_from = models.DateField("compte depuis", null=True, blank=True)
    service_done_on = models.DateField("service fait le", null=True, blank=True)
    service_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField("commentaire", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = "attribution"
        ordering = ["mission__title", "staff_member__sort_key"]
        constraints = [
            # A share of a mission is never under a quarter of an IMP (circulaire 2015-058).
            models.CheckConstraint(
                condition=Q(units__gte=Decimal("0.25")), name="allocation_at_least_a_quarter"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="pay", rate__isnull=False, count__gte=1, discharge_hours__isnull=True)
                    | Q(kind="discharge", rate__isnull=True, count__isnull=True, discharge_hours__gt=0)
                ),
                name="allocation_pay_or_discharge",
            ),
            models.CheckConstraint(
                condition=Q(discharge_hours__isnull=True) | Q(discharge_hours__lte=MAX_DISCHARGE_HOURS),
                name="allocation_discharge_hours_plausible",
            ),
            # A one-off mission runs between two dates, in order (the service also keeps them inside the
            # school year, which a constraint cannot see); an annual one carries none.
            models.CheckConstraint(
                condition=Q(
                    periodicity="one_off",
                    start_date__isnull=False,
                    end_date__isnull=False,
                    start_date__lte=F("end_date"),
                )
                | Q(periodicity="annual", start_date__isnull=True, end_date__isnull=True),
                name="allocation_one_off_dates",
            ),
        ]

    def __str__(self):
        return f"{self.staff_member} — {self.mission}"

    @property
    def is_pay(self):
        return self.kind == self.Kind.PAY

    @property
    def is_counted(self) -> bool:
        """Whether it draws on the envelope: the rule of `AllocationQuerySet.counted`."""
        return not self.is_draft

    @property
    def is_one_off(self):
        return self.periodicity == Periodicity.ONE_OFF

    @property
    def service_done_possible(self) -> bool:
        """ "Service fait" is recorded once the one-off mission is over (from its end date)."""
        return self.end_date is None or self.end_date <= clock.today()

    @property
    def amount(self) -> Decimal:
        """Yearly amount in euros; a décharge is not paid."""
        if not self.is_pay:
            return Decimal("0.00")
        return pay_amount(self.rate.multiplier, self.count, self.envelope.school_year.imp_base_amount)
