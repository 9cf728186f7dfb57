"""Lettres de mission: one letter per person × establishment × school year, in versions (avenants).

A draft is built live from the allocations. Sending freezes what the letter says (`content`, with its SHA-256):
from then on the letter never changes; a change of the allocations makes it outdated and calls for a new version.
The workflow lives in missions.letters.workflow; every transition is recorded on the event log.
"""

import base64
import secrets

from django.conf import settings
from django.db import models

from .establishments import Establishment, SchoolYear
from .staff import StaffMember


def new_verification_code() -> str:
    """80 random bits, in base 32 by groups of four: `K7QF-2MZT-…` (unguessable, easy to type)."""
    text = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


class MissionLetter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        SENT = "sent", "Envoyée, à signer"
        SIGNED = "signed", "Signée, à contresigner"
        DECLINED = "declined", "Refusée"
        FINAL = "final", "Contresignée (définitive)"
        WITHDRAWN = "withdrawn", "Retirée"

    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="letters", verbose_name="établissement"
    )
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, verbose_name="année scolaire")
    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="letters", verbose_name="personnel"
    )
    version = models.PositiveSmallIntegerField("version", default=1)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.DRAFT)
    free_text = models.TextField(
        "objectifs et précisions",
        blank=True,
        help_text="Texte propre à cette lettre (objectifs de la mission, modalités…), figé à l'envoi.",
    )
    content = models.JSONField("contenu figé", null=True, blank=True)
    content_sha256 = models.CharField("empreinte du contenu", max_length=64, blank=True)
    verification_code = models.CharField(
        "code de vérification", max_length=19, unique=True, default=new_verification_code
    )
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    reminded_at = models.DateTimeField("relancée le", null=True, blank=True)
    signed_at = models.DateTimeField("signée le", null=True, blank=True)
    declined_at = models.DateTimeField("refusée le", null=True, blank=True)
    decline_reason = models.TextField("motif du refus", blank=True)
    countersigned_at = models.DateTimeField("contresignée le", null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)
    withdraw_reason = models.TextField("motif du retrait", blank=True)
    final_pdf = models.FileField("PDF définitif scellé", upload_to="lettres/%Y/", blank=True)
    final_pdf_sha256 = models.CharField(
        "empreinte du PDF définitif", max_length=64, blank=True, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "lettre de mission"
        verbose_name_plural = "lettres de mission"
        ordering = ["staff_member__usage_name", "staff_member__first_name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "school_year", "staff_member", "version"],
                name="letter_version_unique",
            )
        ]

    def __str__(self):
        suffix = f" (avenant n° {self.version - 1})" if self.version > 1 else ""
        return f"Lettre de mission {self.school_year} — {self.staff_member}{suffix}"

    @property
    def is_frozen(self) -> bool:
        return self.content is not None


class LetterTemplate(models.Model):
    """What every letter of an establishment says besides the missions: header, head's signature, paying service."""

    establishment = models.OneToOneField(
        Establishment, on_delete=models.CASCADE, related_name="letter_template", verbose_name="établissement"
    )
    header = models.TextField(
        "en-tête",
        blank=True,
        help_text="Adresse de l'établissement, téléphone, courriel (une ligne par ligne).",
    )
    head_signature = models.TextField(
        "bloc de signature du chef d'établissement",
        blank=True,
        help_text="Par exemple : « La principale, Anne MARTIN ».",
    )
    paying_service_address = models.TextField(
        "service payeur du rectorat",
        blank=True,
        help_text="Adresse du service du rectorat qui met les indemnités en paiement.",
    )

    class Meta:
        verbose_name = "modèle de lettre"
        verbose_name_plural = "modèles de lettre"

    def __str__(self):
        return f"Modèle de lettre — {self.establishment}"


class LetterBatch(models.Model):
    """A background job over many letters (send all, seal the final PDFs): its progress, shown while it runs."""

    class Kind(models.TextChoices):
        SEND = "send", "Envoi des lettres"
        SEAL = "seal", "PDF définitifs"

    class Status(models.TextChoices):
        QUEUED = "queued", "En attente"
        RUNNING = "running", "En cours"
        DONE = "done", "Terminé"

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "traitement de lettres"
        verbose_name_plural = "traitements de lettres"

    def __str__(self):
        return f"{self.get_kind_display()} — {self.done}/{self.total}"


class VerificationAttempt(models.Model):
    """One use of the public verification page, kept a short while to rate-limit it per address."""

    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "vérification publique"
        verbose_name_plural = "vérifications publiques"

    def __str__(self):
        return f"{self.ip_address} — {self.at:%d/%m/%Y %H:%M}"


class SigningCode(models.Model):
    """A one-time code sent by e-mail to sign a letter without re-entering one's password.

    Only a keyed hash of the code is kept (missions.letters.signing_codes); a code serves once, for ten minutes,
    and is void after five wrong tries.
    """

    letter = models.ForeignKey(MissionLetter, on_delete=models.CASCADE, related_name="signing_codes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "code de signature"
        verbose_name_plural = "codes de signature"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.letter} — {self.created_at:%d/%m/%Y %H:%M}"
