from django.conf import settings
from django.db import models

from .establishments import Establishment, SchoolYear
from .staff import StaffMember


class Role(models.TextChoices):
    HEAD = "head", "Chef d'établissement"
    DEPUTY = "deputy", "Adjoint"
    BURSAR = "bursar", "Gestionnaire / secrétariat"
    STAFF = "staff", "Personnel"
    BOARD = "board", "Membre du CA"
    HARASSMENT_COORDINATOR = "harassment_coordinator", "Coordinateur harcèlement"
    RESOURCE_TEAM = "resource_team", "Équipe ressource pHARe"


class RoleGrant(models.Model):
    """What a user may do in one establishment during one school year (see missions.permissions)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name="utilisateur",
    )
    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="role_grants", verbose_name="établissement"
    )
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, verbose_name="année scolaire")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    staff_member = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name="personnel",
        help_text="Vide pour un membre du CA sans fiche de personnel (parent, élève, élu).",
    )
    board_quality = models.CharField(
        "qualité au CA", max_length=100, blank=True, help_text="Ex. représentant des parents d'élèves."
    )
    # A CA member's mandate (elections in the autumn): empty means the whole school year.
    term_start = models.DateField("début du mandat", null=True, blank=True)
    term_end = models.DateField("fin du mandat", null=True, blank=True)
    holder_name = models.CharField(
        "nom saisi",
        max_length=200,
        blank=True,
        help_text="Le nom tapé par la direction pour un membre du CA sans fiche : c'est lui qui est affiché, "
        "jamais celui d'un compte existant (qui appartient peut-être à un autre établissement).",
    )
    pending = models.BooleanField(
        "en attente d'acceptation",
        default=False,
        help_text="Proposé à un compte qui existait déjà : ne donne aucun droit tant que la personne ne l'a "
        "pas accepté (missions.services.staff.accept_role).",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rôle attribué"
        verbose_name_plural = "rôles attribués"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "establishment", "school_year", "role"], name="rolegrant_unique_per_year"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.establishment.uai}, {self.school_year})"

    @property
    def term_first_day(self):
        return self.term_start or self.school_year.start_date

    @property
    def term_last_day(self):
        return self.term_end or self.school_year.end_date

    def in_term(self, day) -> bool:
        return self.term_first_day <= day <= self.term_last_day
