from django.conf import settings
from django.db import models

from .establishments import Establishment


class StsImport(models.Model):
    """An uploaded STSWeb export, kept between the preview and the confirmation, then as a record."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="sts_imports")
    filename = models.CharField("fichier", max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "import STSWeb"
        verbose_name_plural = "imports STSWeb"
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.filename
