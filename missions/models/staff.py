from django.conf import settings
from django.db import models
from django.urls import reverse

from .bounds import BIRTH_DATE_CEILING, BIRTH_DATE_FLOOR
from .establishments import Establishment


class StaffMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class StaffMember(models.Model):
    """A person working in one establishment. Someone who works in two has two records, one user account."""

    class Civility(models.TextChoices):
        MR = "M.", "M."
        MRS = "Mme", "Mme"

    class Sex(models.TextChoices):
        FEMALE = "F", "Femme"
        MALE = "M", "Homme"

    class Category(models.TextChoices):
        TEACHER = "enseignant", "Enseignant"
        CPE = "cpe", "CPE"
        LIBRARIAN = "documentaliste", "Professeur documentaliste"
        NURSE = "infirmier", "Infirmier"
        SOCIAL_WORKER = "assistant_social", "Assistant de service social"
        DIRECTION = "direction", "Direction"
        AED = "aed", "AED"
        OTHER = "autre", "Autre"

    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="staff", verbose_name="établissement"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_records",
        verbose_name="compte",
    )
    civility = models.CharField("civilité", max_length=3, choices=Civility.choices, blank=True)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, blank=True)
    usage_name = models.CharField("nom d'usage", max_length=100)
    birth_name = models.CharField("nom de naissance", max_length=100, blank=True)
    first_name = models.CharField("prénom", max_length=100)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    category = models.CharField(
        "catégorie", max_length=20, choices=Category.choices, default=Category.TEACHER
    )
    grade = models.CharField("grade", max_length=100, blank=True)
    disciplines = models.CharField("disciplines", max_length=255, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    sts_id = models.CharField("identifiant STSWeb", max_length=20, blank=True)
    active = models.BooleanField("en poste", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "personnel"
        verbose_name_plural = "personnels"
        ordering = ["usage_name", "first_name"]
        indexes = [models.Index(fields=["establishment", "usage_name", "first_name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_date__isnull=True)
                | models.Q(birth_date__gte=BIRTH_DATE_FLOOR, birth_date__lte=BIRTH_DATE_CEILING),
                name="staffmember_birth_date_plausible",
            )
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("staff_detail", kwargs={"uai": self.establishment.uai, "pk": self.pk})

    @property
    def full_name(self):
        return f"{self.usage_name.upper()} {self.first_name}"

    @property
    def display_name(self):
        return f"{self.civility} {self.first_name} {self.usage_name.upper()}".strip()
