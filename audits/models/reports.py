"""The audit report: numbered, rendered in the language chosen for the document, immutable once issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.models.fieldwork import Audit
from pmis.core.files import RandomName
from pmis.core.models import BaseModel


class AuditReport(BaseModel):
    """One rendering of the report: a draft (sent for the management response) or the final one (issued,
    numbered NN/YYYY, never changed; SHA-256 shown)."""

    class Kind(models.TextChoices):
        DRAFT = "draft", _("Draft for management response")
        FINAL = "final", _("Final report")

    audit = models.ForeignKey(
        Audit, on_delete=models.PROTECT, related_name="reports", verbose_name=_("audit")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=20, blank=True)
    language = models.CharField(_("document language"), max_length=2, default="ru")
    file = models.FileField(_("file"), upload_to=RandomName("audits/reports"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("job")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "-created_at"]
        verbose_name = _("audit report")
        verbose_name_plural = _("audit reports")
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="audit_report_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number or str(self.get_kind_display())
