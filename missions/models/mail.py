from django.db import models

from .establishments import Establishment


class OutgoingEmail(models.Model):
    """One e-mail the application sends, and how its sending went (missions.services.mail).

    The row is written in the transaction of the change that calls for the mail; the task `send_email`
    (missions.tasks) sends it after the commit and records the outcome here, whatever the tasks backend
    (immediate in tests, database in production). A failed mail stays listed, with its error, on the
    establishment's "Courriels" page, where the head can send it again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Échec"

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outgoing_emails",
        help_text="Vide pour un courriel qui ne concerne aucun établissement (mot de passe oublié).",
    )
    to = models.EmailField("destinataire")
    subject = models.CharField("objet", max_length=255)
    # Kept only until the mail is sent: an invitation's body carries a sign-in link.
    body = models.TextField("texte", blank=True)
    html_body = models.TextField("texte HTML", blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    last_error = models.CharField("dernière erreur", max_length=500, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "courriel"
        verbose_name_plural = "courriels"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["establishment", "status"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"
