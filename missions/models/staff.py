import unicodedata

from django.conf import settings
from django.db import models
from django.urls import reverse

from .bounds import BIRTH_DATE_CEILING, BIRTH_DATE_FLOOR
from .establishments import Establishment

# The décret 2015-475 (art. 1) opens the IMP to teachers and education staff (professeurs, professeurs
# documentalistes, CPE): these categories only are offered by the allocation pickers by default.
IMP_CATEGORIES = frozenset({"enseignant", "cpe", "documentaliste"})
OUT_OF_SCOPE_REASON = (
    "hors du champ des IMP : le décret n° 2015-475 (art. 1) les réserve aux personnels enseignants "
    "et d'éducation"
)


def search_text(text: str) -> str:
    """What searching and sorting compare: no accents, no case ("LEMAÎTRE" -> "lemaitre", "Œuvre" -> "oeuvre").

    Stored in columns filled on save, so SQLite and PostgreSQL search and sort exactly alike."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().replace("œ", "oe").replace("æ", "ae").split())


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
    # Filled by `fill_keys` on every save (and by the STSWeb import's bulk writes): accent- and case-free.
    sort_key = models.CharField(max_length=210, blank=True, editable=False)
    search_key = models.CharField(max_length=800, blank=True, editable=False)
    active = models.BooleanField("en poste", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "personnel"
        verbose_name_plural = "personnels"
        ordering = ["sort_key", "pk"]
        indexes = [
            models.Index(fields=["establishment", "usage_name", "first_name"]),
            models.Index(fields=["establishment", "sort_key"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_date__isnull=True)
                | models.Q(birth_date__gte=BIRTH_DATE_FLOOR, birth_date__lte=BIRTH_DATE_CEILING),
                name="staffmember_birth_date_plausible",
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sort_key", "search_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("staff_detail", kwargs={"uai": self.establishment.uai, "pk": self.pk})

    def fill_keys(self) -> None:
        self.sort_key = search_text(f"{self.usage_name} {self.first_name}")[:210]
        words = (self.usage_name, self.birth_name, self.first_name, self.disciplines, self.email, self.sts_id)
        self.search_key = search_text(" ".join(words))[:800]

    @property
    def in_imp_scope(self) -> bool:
        return self.category in IMP_CATEGORIES

    @property
    def is_feminine(self) -> bool:
        return self.civility == self.Civility.MRS or self.sex == self.Sex.FEMALE

    @property
    def born_word(self) -> str:
        return "née" if self.is_feminine else "né"

    @property
    def birth_year(self):
        return self.birth_date.year if self.birth_date else None

    def distinguishing(self, *, homonym=False) -> str:
        """What tells this person apart in a list: discipline (or category), and for a shared name the birth
        year or, failing it, the STSWeb id."""
        parts = [self.disciplines or self.get_category_display()]
        if homonym:
            if self.birth_date:
                parts.append(f"{self.born_word} en {self.birth_date.year}")
            elif self.sts_id:
                parts.append(f"STSWeb {self.sts_id}")
            else:
                parts.append(f"fiche n° {self.pk}")
        return ", ".join(part for part in parts if part)

    @property
    def full_name(self):
        return f"{self.usage_name.upper()} {self.first_name}"

    @property
    def display_name(self):
        return self.name_for_display(self.civility, self.first_name, self.usage_name)

    @staticmethod
    def name_for_display(civility: str, first_name: str, usage_name: str) -> str:
        """ "Mme Élise SCHMITT": the name as pages and letters address a person."""
        return f"{civility} {first_name} {usage_name.upper()}".strip()
