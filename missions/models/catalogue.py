from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Q

from .establishments import Establishment

CENT = Decimal("0.01")


def pay_amount(multiplier, count, base_amount) -> Decimal:
    """THE rule for what an IMP allocation pays in a year: the rate's amount (its multiple of the year's base
    amount, rounded to the cent, half up) times the number of IMP. Every amount and every total uses it: the
    SQL totals sum the numbers of IMP per rate and apply it (missions.services.allocations.totals_by)."""
    per_imp = (Decimal(multiplier) * Decimal(base_amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    return per_imp * int(count)


class Rate(models.Model):
    """One of the five IMP rates of the arrêté of 27 April 2015, with its STSWeb code.

    The euro amount is the multiplier times the school year's base amount.
    """

    code = models.CharField("code STSWeb", max_length=3, unique=True)
    label = models.CharField("libellé", max_length=50)
    multiplier = models.DecimalField("multiple du taux de base", max_digits=4, decimal_places=2, unique=True)

    class Meta:
        verbose_name = "taux"
        verbose_name_plural = "taux"
        ordering = ["multiplier"]

    def __str__(self):
        return self.label

    def amount(self, school_year) -> Decimal:
        """One IMP at this rate for the year."""
        return pay_amount(self.multiplier, 1, school_year.imp_base_amount)


class Periodicity(models.TextChoices):
    ANNUAL = "annual", "Annuelle"
    ONE_OFF = "one_off", "Ponctuelle"


# Circulaire 2015-058: the tutorat des élèves is a mission of the lycées (LGT and LP), not of the collèges.
LYCEE_ONLY_MISSIONS = frozenset({"tutorat"})


class MissionQuerySet(models.QuerySet):
    def for_establishment(self, establishment):
        """National missions and the establishment's own ones, archived ones excluded."""
        return self.filter(Q(establishment__isnull=True) | Q(establishment=establishment)).exclude(
            archived_by=establishment
        )

    def offered_to(self, establishment):
        """What a new allocation may pick: a collège is not offered the lycées' missions (tutorat)."""
        missions = self.for_establishment(establishment)
        if not establishment.is_lycee:
            missions = missions.exclude(code__in=LYCEE_ONLY_MISSIONS).exclude(
                adapted_from__code__in=LYCEE_ONLY_MISSIONS
            )
        return missions


class Mission(models.Model):
    """A mission of the catalogue: national (no establishment) or an establishment's own."""

    class Category(models.TextChoices):
        PRIORITY = "art6", "Mission prioritaire (art. 6)"
        OTHER = "art7", "Autre mission (art. 7)"

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_missions",
        verbose_name="établissement",
        help_text="Vide pour une mission du catalogue national.",
    )
    adapted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name="adaptée de",
    )
    code = models.SlugField("code", max_length=60)
    title = models.CharField("intitulé", max_length=200)
    category = models.CharField("catégorie", max_length=4, choices=Category.choices, default=Category.OTHER)
    description = models.TextField("objet", blank=True)
    tasks = models.TextField("tâches attendues", blank=True, help_text="Une tâche par ligne.")
    suggested_rate = models.ForeignKey(
        Rate, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="taux conseillé"
    )
    allowed_rates = models.ManyToManyField(Rate, related_name="missions", verbose_name="taux possibles")
    periodicity = models.CharField(
        "périodicité", max_length=10, choices=Periodicity.choices, default=Periodicity.ANNUAL
    )
    legal_reference = models.CharField("référence réglementaire", max_length=255, blank=True)
    archived_by = models.ManyToManyField(
        Establishment, blank=True, related_name="archived_missions", verbose_name="archivée par"
    )

    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = "mission"
        ordering = ["category", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(establishment__isnull=True), name="mission_national_code_unique"
            ),
            models.UniqueConstraint(
                fields=["establishment", "code"], name="mission_code_unique_per_establishment"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_national(self):
        return self.establishment_id is None

    @property
    def task_list(self):
        return [line.strip(" -•\t") for line in self.tasks.splitlines() if line.strip(" -•\t")]
