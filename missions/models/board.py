"""The répartition before the conseil d'administration (décret n° 2015-475, art. 3): avis of the conseil
pédagogique, versions presented to the CA (frozen), questions, read receipts, the CA's vote, the head's decision.

`PlanVersion` is append-only at the database level (missions.db.AppendOnly): what the CA saw cannot be rewritten.
Everything that happens later (vote, questions, receipts) lives in other tables pointing to it.
"""

from django.conf import settings
from django.db import models

from .establishments import Establishment, SchoolYear


class RepartitionCycle(models.Model):
    """The répartition of one establishment × school year on its way through the councils."""

    class State(models.TextChoices):
        DRAFT = "draft", "En préparation"
        COUNCIL_AVIS = "council_avis", "Avis du conseil pédagogique recueilli"
        PRESENTED = "presented", "Présentée au conseil d'administration"
        VOTED = "voted", "Avis du conseil d'administration rendu"
        CONFIRMED = "confirmed", "Arrêtée par le chef d'établissement"

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.PROTECT,
        related_name="repartition_cycles",
        verbose_name="établissement",
    )
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, verbose_name="année scolaire")
    state = models.CharField("étape", max_length=20, choices=State.choices, default=State.DRAFT)
    confirmed_version = models.ForeignKey(
        "PlanVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("arrêtée le", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "répartition soumise au CA"
        verbose_name_plural = "répartitions soumises au CA"
        constraints = [
            models.UniqueConstraint(fields=["establishment", "school_year"], name="cycle_unique_per_year")
        ]

    def __str__(self):
        return f"Répartition {self.school_year} — {self.establishment}"

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.CONFIRMED


class BoardSettings(models.Model):
    """The head's choice for the establishment: the CA pack names people, or shows their initials."""

    class PersonDisplay(models.TextChoices):
        NAMES = "names", "Noms et prénoms"
        INITIALS = "initials", "Initiales"

    establishment = models.OneToOneField(
        Establishment, on_delete=models.CASCADE, related_name="board_settings", verbose_name="établissement"
    )
    person_display = models.CharField(
        "personnes dans le dossier du CA",
        max_length=10,
        choices=PersonDisplay.choices,
        default=PersonDisplay.INITIALS,
    )

    class Meta:
        verbose_name = "réglage du dossier du CA"
        verbose_name_plural = "réglages du dossier du CA"

    def __str__(self):
        return f"{self.establishment} : {self.get_person_display_display()}"


class CouncilAvis(models.Model):
    """The avis of the conseil pédagogique on the répartition (the latest one counts)."""

    cycle = models.ForeignKey(RepartitionCycle, on_delete=models.PROTECT, related_name="council_avis")
    given_on = models.DateField("date du conseil pédagogique")
    text = models.TextField("avis")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "avis du conseil pédagogique"
        verbose_name_plural = "avis du conseil pédagogique"
        ordering = ["-given_on", "-pk"]

    def __str__(self):
        return f"Avis du conseil pédagogique du {self.given_on:%d/%m/%Y}"


class PlanVersion(models.Model):
    """One version of the répartition as presented to the CA. Append-only: never updated, never deleted."""

    cycle = models.ForeignKey(RepartitionCycle, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("version")
    snapshot = models.JSONField("répartition figée")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    presented_at = models.DateTimeField("présentée le")
    presented_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    meeting_date = models.DateField("date de la séance du CA")

    class Meta:
        verbose_name = "version présentée au CA"
        verbose_name_plural = "versions présentées au CA"
        ordering = ["cycle", "number"]
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="plan_version_unique_number")]

    def __str__(self):
        return f"Version {self.number} — {self.cycle}"

    @property
    def establishment(self):
        return self.cycle.establishment

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


class BoardVote(models.Model):
    """The CA's vote on one presented version: a consultative avis, favourable or not."""

    class Result(models.TextChoices):
        FAVOURABLE = "favourable", "Avis favorable"
        UNFAVOURABLE = "unfavourable", "Avis défavorable"

    version = models.OneToOneField(PlanVersion, on_delete=models.PROTECT, related_name="vote")
    voted_on = models.DateField("date du vote")
    members_present = models.PositiveSmallIntegerField("membres présents ou représentés")
    votes_for = models.PositiveSmallIntegerField("pour")
    votes_against = models.PositiveSmallIntegerField("contre")
    abstentions = models.PositiveSmallIntegerField("abstentions")
    result = models.CharField("résultat", max_length=15, choices=Result.choices)
    act_reference = models.CharField("référence de l'acte", max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "vote du CA"
        verbose_name_plural = "votes du CA"

    def __str__(self):
        return f"Vote du CA du {self.voted_on:%d/%m/%Y} : {self.get_result_display()}"


class BoardQuestion(models.Model):
    """A CA member's question on a presented version, and the head's answer (annex of the pack)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("question")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField("réponse", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField("répondue le", null=True, blank=True)

    class Meta:
        verbose_name = "question au chef d'établissement"
        verbose_name_plural = "questions au chef d'établissement"
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return f"Question n° {self.pk} sur la version {self.version.number}"


class ReadReceipt(models.Model):
    """When a CA member first opened a version."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_opened_at = models.DateTimeField("ouverte la première fois le", auto_now_add=True)

    class Meta:
        verbose_name = "accusé de lecture"
        verbose_name_plural = "accusés de lecture"
        ordering = ["first_opened_at"]
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="read_receipt_once")]

    def __str__(self):
        return f"{self.user} a ouvert la version {self.version.number}"
