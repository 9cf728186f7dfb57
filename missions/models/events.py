"""The platform's append-only event log, shared by every module (allocations, letters, the CA, pHARe).

Each event belongs to a chain (one per establishment, plus one for the platform) and carries the SHA-256 of the
previous event of its chain: removing or editing an event breaks the chain, which `manage.py verify_events`
detects. The database itself refuses UPDATE and DELETE on the table (triggers, see missions.db.AppendOnly).
Writing goes through `missions.events.record_event`, never `Event.objects.create`.
"""

from django.conf import settings
from django.db import models


class Event(models.Model):
    chain = models.CharField("chaîne", max_length=40)
    seq = models.PositiveBigIntegerField("rang dans la chaîne")
    at = models.DateTimeField("date")
    # Authors are stored by name too: reading a history never joins the users table (national scale), and the
    # log stays readable after an account is removed. No database constraint: the log outlives what it names.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    actor_name = models.CharField("nom de l'auteur", max_length=200, blank=True)
    actor_roles = models.CharField("rôles de l'auteur", max_length=200, blank=True)
    establishment = models.ForeignKey(
        "missions.Establishment",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="établissement",
    )
    action = models.CharField("action", max_length=60)
    # What the event is about ("allocation", 42) and the collection it belongs to ("envelope:7"): a history is
    # read by object or by scope, with an index for each.
    object_type = models.CharField("type d'objet", max_length=40)
    object_id = models.CharField("identifiant de l'objet", max_length=40, blank=True)
    object_label = models.CharField("objet", max_length=255, blank=True)
    scope = models.CharField("ensemble", max_length=60, blank=True)
    changes = models.JSONField("changements", default=dict, blank=True, help_text="{champ: [avant, après]}")
    data = models.JSONField("données", default=dict, blank=True)
    prev_hash = models.CharField("empreinte précédente", max_length=64)
    hash = models.CharField("empreinte", max_length=64, unique=True)

    class Meta:
        verbose_name = "événement"
        ordering = ["-at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="event_unique_seq_per_chain")]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"], name="event_object_idx"),
            models.Index(fields=["scope", "-at"], name="event_scope_idx"),
            models.Index(fields=["establishment", "-at"], name="event_establishment_idx"),
        ]

    def __str__(self):
        return f"{self.chain}#{self.seq} {self.action} {self.object_label}"

    @property
    def action_label(self) -> str:
        from missions.events import action_label

        return action_label(self.action)


class EventChainHead(models.Model):  # noqa: DJ008 (an internal lock row, never shown)
    """The last event of each chain: locked while appending, so two writers never fork a chain."""

    chain = models.CharField(max_length=40, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "tête de chaîne d'événements"
