"""The versioned compliance checklist (AUDIT-SAMPLING.md's starting set; weights editable in a new version)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel, localized


class ChecklistVersion(BaseModel):
    """A version of the checklist. Draft while edited; active once published (the newest active one is what a
    new audit starts with); an audit keeps the version it started with."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In use")
        RETIRED = "retired", _("Retired")

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")

    def __str__(self) -> str:
        return str(_("Checklist v%(version)s") % {"version": self.version})


class ChecklistItem(BaseModel):
    """One item of a checklist version. `precheck` names the automatic pre-check that the system's data can
    answer (blank: the auditor alone answers). `applies_to` limits an item to a project type (blank: all)."""

    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("checklist version")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.CharField(_("code"), max_length=40)
    text_ru = models.TextField(_("text (Russian)"))
    text_kk = models.TextField(_("text (Kazakh)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal("1"))
    precheck = models.CharField(_("automatic pre-check"), max_length=40, blank=True)
    applies_to = models.CharField(_("applies to project type"), max_length=16, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "number"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="audit_checklist_item_number"),
            models.UniqueConstraint(fields=["version", "code"], name="audit_checklist_item_code"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def text(self) -> str:
        return localized(self, "text")
