"""pHARe: the people of the programme, the confidential cases and their journal, the prevention plan.

Where pupil data lives, and how it is forgotten:
- pupil names live in `PupilInvolvement` only (an ordinary table: the purge turns names into initials);
- the journal (`CaseEntry`) is append-only in the database; what an entry *says* is kept apart in `EntryText`
  and `EntryAttachment`, whose database triggers refuse every change but one: erasing the content, once
  (`erased_at` goes from empty to set while the content becomes empty). The purge can thus forget what was
  written without ever rewriting who wrote what, when, and which entry corrects which.
"""

from django.conf import settings
from django.db import models

from missions.models import Allocation, Establishment, SchoolYear, StaffMember


class Training(models.Model):
    """A training in the pHARe protocol followed by a member of the programme."""

    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="phare_trainings", verbose_name="personnel"
    )
    title = models.CharField("intitulé", max_length=200)
    date = models.DateField("date")
    hours = models.DecimalField("durée (heures)", max_digits=5, decimal_places=1)
    organiser = models.CharField("organisateur", max_length=200, blank=True)

    class Meta:
        verbose_name = "formation pHARe"
        verbose_name_plural = "formations pHARe"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"


class Coordinator(models.Model):
    """A coordinateur harcèlement of one school year, and how the mission is paid."""

    class Payment(models.TextChoices):
        IMP = "imp", "IMP « coordinateur harcèlement »"
        COMPLEMENT = "complement", "Complément indemnitaire (infirmier, assistant de service social)"

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, verbose_name="année scolaire")
    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name="personnel"
    )
    designated_on = models.DateField("désigné le")
    payment = models.CharField("rémunération", max_length=20, choices=Payment.choices)
    allocation = models.ForeignKey(
        Allocation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    complement_amount = models.DecimalField(
        "complément (hors enveloppe)", max_digits=8, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "coordinateur harcèlement"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "school_year", "staff_member"], name="phare_coordinator_unique"
            )
        ]

    def __str__(self):
        return f"{self.staff_member.display_name} ({self.school_year})"


class ResourceTeamMember(models.Model):
    """A member of the équipe ressource for one school year (their category is on their staff record)."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, verbose_name="année scolaire")
    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name="personnel"
    )
    joined_on = models.DateField("depuis le")

    class Meta:
        verbose_name = "membre de l'équipe ressource"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "school_year", "staff_member"], name="phare_member_unique"
            )
        ]

    def __str__(self):
        return f"{self.staff_member.display_name} ({self.school_year})"


class ProgrammeYear(models.Model):
    """Per establishment and year: the optional count of élèves ambassadeurs."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT)
    ambassadors = models.PositiveSmallIntegerField("élèves ambassadeurs", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["establishment", "school_year"], name="phare_year_unique")
        ]

    def __str__(self):
        return f"pHARe {self.establishment.uai} {self.school_year}"


class Source(models.TextChoices):
    PUPIL = "eleve", "Élève concerné"
    FAMILY = "famille", "Famille"
    STAFF = "personnel", "Personnel"
    AMBASSADOR = "ambassadeur", "Élève ambassadeur"
    LINE_3018 = "3018", "3018 (cyberharcèlement)"
    LINE_3020 = "3020", "3020 (harcèlement)"
    STOP = "stop", "Stop harcèlement"
    SURVEY = "questionnaire", "Questionnaire"


class Form(models.TextChoices):
    VERBAL = "verbal", "Verbal (moqueries, insultes)"
    PHYSICAL = "physique", "Physique"
    EXCLUSION = "exclusion", "Mise à l'écart"
    CYBER = "cyber", "Cyberharcèlement"
    SEXUAL = "sexuel", "À caractère sexuel ou sexiste"
    PROPERTY = "biens", "Atteinte aux affaires"
    DISCRIMINATION = "discrimination", "Discriminatoire"


class Place(models.TextChoices):
    CLASSROOM = "classe", "En classe"
    YARD = "cour", "Cour de récréation"
    CORRIDORS = "couloirs", "Couloirs, escaliers"
    TOILETS = "toilettes", "Toilettes, vestiaires"
    CANTEEN = "cantine", "Restauration"
    TRANSPORT = "transport", "Transports, abords"
    ONLINE = "en_ligne", "En ligne, réseaux sociaux"
    OTHER = "autre", "Ailleurs"


class CaseQuerySet(models.QuerySet):
    def for_establishment(self, establishment):
        return self.filter(establishment=establishment)


class Case(models.Model):
    """A bullying situation. Its number ("2026-007") is what appears in URLs, e-mails and logs."""

    class Status(models.TextChoices):
        OPEN = "ouverte", "Ouverte"
        FOLLOW_UP = "suivi", "En suivi"
        CLOSED = "close", "Close"

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, verbose_name="année scolaire")
    number = models.CharField("numéro", max_length=12)
    source = models.CharField("origine du signalement", max_length=20, choices=Source.choices)
    forms = models.JSONField("formes", default=list, blank=True)
    places = models.JSONField("lieux", default=list, blank=True)
    severity = models.PositiveSmallIntegerField(
        "gravité", choices=[(1, "1 — faible"), (2, "2 — moyenne"), (3, "3 — grave")], default=1
    )
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.OPEN)
    occurred_on = models.DateField("faits du")
    summary = models.TextField("ce qui a été rapporté", blank=True)  # free text: erased by the purge
    referent = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="adulte référent de l'élève cible",
    )
    assigned = models.ManyToManyField(
        StaffMember, blank=True, related_name="+", verbose_name="membres de l'équipe ressource chargés"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="signalé par"
    )
    created_at = models.DateTimeField("signalée le", auto_now_add=True)
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "situation"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "number"], name="phare_case_number_unique")
        ]

    def __str__(self):
        return f"Situation {self.number}"  # never a pupil name: this label goes to logs and e-mails

    def form_labels(self):
        return [Form(value).label for value in self.forms if value in Form.values]

    def place_labels(self):
        return [Place(value).label for value in self.places if value in Place.values]


class PupilInvolvement(models.Model):
    """A pupil in a case: the ONLY place a pupil's name is stored."""

    class Role(models.TextChoices):
        TARGET = "cible", "Élève cible"
        AUTHOR = "auteur", "Auteur présumé"
        WITNESS = "temoin", "Témoin"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pupils")
    name = models.CharField("nom et prénom", max_length=150)
    class_name = models.CharField("classe", max_length=30, help_text="Ex. 5e B")
    role = models.CharField("rôle", max_length=10, choices=Role.choices)

    class Meta:
        ordering = ["role", "pk"]

    def __str__(self):
        return f"{self.get_role_display()} ({self.class_name})"

    @property
    def level(self) -> str:
        """The level of the class ("5e B" → "5e"), for statistics."""
        return self.class_name.split()[0] if self.class_name.strip() else "?"

    @property
    def initials(self) -> str:
        return initials(self.name)


def initials(name: str) -> str:
    """ "Léa Martin-Durand" → "L. M.-D." — what the Faits établissement summary and the purge keep."""
    parts = []
    for word in name.split():
        parts.append("-".join(f"{piece[0].upper()}." for piece in word.split("-") if piece))
    return " ".join(parts)


class EntryKind(models.TextChoices):
    """The steps of the protocol, in their usual order."""

    REPORT = "signalement", "Signalement"
    TARGET_INTERVIEW = "entretien_cible", "Entretien avec l'élève cible"
    PROTECTION = "protection", "Mesures de protection"
    TARGET_FAMILY = "famille_cible", "Rencontre avec la famille de l'élève cible"
    FAITS_ETABLISSEMENT = "faits_etablissement", "Déclaration dans Faits établissement"
    WITNESS_INTERVIEW = "entretien_temoin", "Entretien avec un témoin"
    AUTHOR_INTERVIEW = "entretien_auteur", "Entretien avec un auteur présumé"
    AUTHOR_FAMILY = "famille_auteur", "Rencontre avec la famille d'un auteur présumé"
    MPP_INTERVIEW = "mpp", "Entretien de préoccupation partagée (MPP)"
    DISCIPLINARY = "disciplinaire", "Procédure disciplinaire"
    CLASS_ACTION = "action_classe", "Action de sensibilisation en classe"
    FOLLOW_UP = "suivi", "Point de suivi"
    ESCALATION = "referent_departemental", "Saisine du référent départemental"
    EMAIL = "courriel", "Courriel reçu"
    CLOSURE = "cloture", "Clôture"


class CaseEntry(models.Model):
    """One line of a case's journal. Append-only (database triggers): a correction is a new entry."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="entries")
    occurred_at = models.DateTimeField("date des faits ou de l'entretien")
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="auteur"
    )
    author_name = models.CharField("auteur (nom)", max_length=200)
    kind = models.CharField("type", max_length=30, choices=EntryKind.choices)
    reference = models.CharField(
        "numéro Faits établissement", max_length=40, blank=True
    )  # only for FAITS_ETABLISSEMENT: the date is occurred_at
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name="corrige",
    )

    class Meta:
        verbose_name = "entrée du journal"
        ordering = ["occurred_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.case.number})"


class EntryText(models.Model):
    """What an entry says. The database refuses any change except erasing it once (purge)."""

    entry = models.OneToOneField(CaseEntry, on_delete=models.PROTECT, related_name="body", primary_key=True)
    text = models.TextField("texte", blank=True)
    reason = models.CharField("motif de la correction", max_length=300, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Texte de l'entrée {self.entry_id}"


class EntryAttachment(models.Model):
    """A file attached to an entry (an imported e-mail's attachments). Erase-only like EntryText."""

    entry = models.ForeignKey(CaseEntry, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField("nom du fichier", max_length=255)
    content_type = models.CharField(max_length=150)
    content = models.BinaryField(blank=True)
    size = models.PositiveIntegerField()
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.filename


class CaseRead(models.Model):
    """Who opened which case and when (append-only; the head reads this log)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    user_name = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=40, default="dossier")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user_name} — {self.case.number}"


class Partner(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "ecole", "École ou collège du secteur"
        AUTHORITY = "collectivite", "Collectivité"
        SECURITY = "securite", "Forces de sécurité"
        ASSOCIATION = "association", "Association agréée"

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    contact = models.CharField("contact", max_length=200, blank=True)

    class Meta:
        verbose_name = "partenaire"
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class Axis(models.TextChoices):
    PREVENT = "prevenir", "Prévenir"
    TRAIN = "former", "Former"
    HANDLE = "prendre_en_charge", "Prendre en charge"
    INFORM = "informer", "Informer"


class Pillar(models.TextChoices):
    """The pillars of the programme pHARe."""

    MEASURE = "mesurer", "Mesurer le climat scolaire"
    PREVENT = "prevenir", "Prévenir le harcèlement"
    TEAMS = "equipes", "Former une communauté protectrice"
    HANDLE = "prise_en_charge", "Intervenir efficacement"
    FAMILIES = "familles", "Associer les parents et les partenaires"
    PUPILS = "eleves", "Mobiliser les instances de démocratie scolaire"
    PLATFORM = "plateforme", "Suivre l'action sur la plateforme"
    HOURS = "heures", "Dix heures d'apprentissage par an"


class PreventionAction(models.Model):
    class Status(models.TextChoices):
        PLANNED = "prevue", "Prévue"
        DONE = "realisee", "Réalisée"
        CANCELLED = "annulee", "Annulée"

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, verbose_name="année scolaire")
    title = models.CharField("action", max_length=200)
    axis = models.CharField("axe", max_length=20, choices=Axis.choices)
    pillars = models.JSONField("piliers pHARe", default=list, blank=True)
    audience = models.CharField("public", max_length=200)
    date = models.DateField("date")
    partners = models.ManyToManyField(Partner, blank=True, verbose_name="partenaires")
    pupil_hours = models.DecimalField("heures par élève", max_digits=4, decimal_places=1, default=0)
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.PLANNED)
    entered_on_phare_platform = models.BooleanField("saisie sur la plateforme pHARe", default=False)

    class Meta:
        verbose_name = "action de prévention"
        ordering = ["date", "pk"]

    def __str__(self):
        return self.title
