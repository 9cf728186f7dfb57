from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

UAI_CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uai_check_letter(digits: str) -> str:
    """The UAI (ex-RNE) key: seven digits, then the letter at `number % 23` of this alphabet."""
    return UAI_CHECK_LETTERS[int(digits) % 23]


def validate_uai(value: str) -> None:
    value = (value or "").strip().upper()
    if len(value) != 8 or not value[:7].isdigit() or not value[7].isalpha():
        raise ValidationError(
            "Un UAI compte 7 chiffres suivis d'une lettre (ex. 0750654D).", code="uai_format"
        )
    if uai_check_letter(value[:7]) != value[7]:
        raise ValidationError(
            "La lettre de contrôle de l'UAI %(uai)s est incorrecte.", code="uai_key", params={"uai": value}
        )


class Establishment(models.Model):
    class Kind(models.TextChoices):
        COLLEGE = "college", "Collège"
        LGT = "lgt", "Lycée général et technologique"
        LP = "lp", "Lycée professionnel"
        LPO = "lpo", "Lycée polyvalent"
        ECOLE = "ecole", "École"
        CIRCONSCRIPTION = "circonscription", "Circonscription"

    uai = models.CharField("UAI", max_length=8, unique=True, validators=[validate_uai])
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.COLLEGE)
    academie = models.CharField("académie", max_length=100, blank=True)
    commune = models.CharField("commune", max_length=100, blank=True)

    class Meta:
        verbose_name = "établissement"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.uai = self.uai.strip().upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("establishment_home", kwargs={"uai": self.uai})

    @property
    def is_lycee(self):
        return self.kind in {self.Kind.LGT, self.Kind.LP, self.Kind.LPO}


class SchoolYearQuerySet(models.QuerySet):
    def current_first(self, today: date | None = None):
        """The years in the order `current` picks from: the one running today, then those to come (the
        soonest first), then past ones (the latest first). `current_among` is the same rule over a list."""
        from missions.clock import today as clock_today

        today = today or clock_today()
        rank = models.Case(
            models.When(start_date__lte=today, end_date__gte=today, then=models.Value(0)),
            models.When(start_date__gt=today, then=models.Value(1)),
            default=models.Value(2),
        )
        soonest_or_latest = models.Case(
            models.When(start_date__gt=today, then=models.F("start_year")), default=-models.F("start_year")
        )
        return self.alias(current_rank=rank).order_by("current_rank", soonest_or_latest)

    def current(self, today: date | None = None):
        """The school year running today; between two years, the one that starts next; after the last one,
        the last one."""
        return self.current_first(today).first()


def current_among(years, today: date | None = None):
    """`SchoolYearQuerySet.current` over years already loaded (a page loads them all once for its selector)."""
    from missions.clock import today as clock_today

    today = today or clock_today()
    running = [year for year in years if year.start_date <= today <= year.end_date]
    upcoming = sorted((year for year in years if year.start_date > today), key=lambda year: year.start_date)
    return (running or upcoming or sorted(years, key=lambda year: year.start_year)[-1:] or [None])[0]


class SchoolYear(models.Model):
    """A school year and its money settings: they are data, set each year, not constants."""

    start_year = models.PositiveSmallIntegerField("année de début", unique=True)
    start_date = models.DateField("début")
    end_date = models.DateField("fin")
    imp_base_amount = models.DecimalField(
        "montant annuel de l'IMP au taux de base",
        max_digits=8,
        decimal_places=2,
        default=Decimal("1250.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    first_payment_month = models.PositiveSmallIntegerField(
        "premier mois de paiement",
        default=10,
        choices=[(9, "septembre"), (10, "octobre"), (11, "novembre"), (12, "décembre")],
        help_text="Les missions annuelles sont payées par neuvièmes jusqu'en juin (décret 2015-475, art. 3).",
    )
    discharge_hours_per_imp = models.DecimalField(
        "heures de décharge pour une IMP",
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.25"))],
        help_text="Conversion d'une décharge (ARE) en IMP sur l'enveloppe ; 1 h par IMP par défaut.",
    )

    objects = SchoolYearQuerySet.as_manager()

    class Meta:
        verbose_name = "année scolaire"
        verbose_name_plural = "années scolaires"
        ordering = ["start_year"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.start_year}-{self.start_year + 1}"

    def next(self):
        return SchoolYear.objects.filter(start_year=self.start_year + 1).first()

    @classmethod
    def for_start_year(cls, start_year: int):
        """Get or create a school year with the usual dates (1 September – 4 July) and defaults."""
        year, _ = cls.objects.get_or_create(
            start_year=start_year,
            defaults={"start_date": date(start_year, 9, 1), "end_date": date(start_year + 1, 7, 4)},
        )
        return year
