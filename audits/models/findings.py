"""Findings linked to checklist items, the audited team's management response and corrective actions followed
until the auditor verifies their closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.models.checklists import ChecklistItem
from audits.models.fieldwork import Audit
from pmis.core.files import RandomName
from pmis.core.models import BaseModel


class Finding(BaseModel):
    class Severity(models.TextChoices):
        CRITICAL = "critical", _("Critical")
        MAJOR = "major", _("Major")
        MINOR = "minor", _("Minor")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="findings", verbose_name=_("audit")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    item = models.ForeignKey(
        ChecklistItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("checklist item"),
    )
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    title = models.CharField(_("finding"), max_length=300)
    description = models.TextField(_("condition and evidence"))
    recommendation = models.TextField(_("recommendation"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    response_due = models.DateField(_("management response due"), null=True, blank=True)
    management_response = models.TextField(_("management response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responded by"),
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    # an overdue critical finding enters the Steering Committee review queue once (portfolio takes it)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    taken_at = models.DateTimeField(_("taken into the review queue"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "number"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [models.UniqueConstraint(fields=["audit", "number"], name="audit_finding_number")]

    def __str__(self) -> str:
        return f"{self.audit}-{self.number}: {self.title}"


class CorrectiveAction(BaseModel):
    """What the audited team will do about a finding: owner, due date, evidence of completion, and the
    auditor's verification of closure (four eyes: the owner never verifies their own action)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done, awaiting verification")
        VERIFIED = "verified", _("Closed (verified)")

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="actions", verbose_name=_("finding")
    )
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="audit_actions",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    completion_note = models.TextField(_("what was done"), blank=True)
    evidence = models.FileField(
        _("evidence of completion"), upload_to=RandomName("audits/actions"), blank=True
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_sha256 = models.CharField(_("evidence SHA-256"), max_length=64, blank=True)
    completed_at = models.DateTimeField(_("reported done"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    last_overdue_notice = models.DateField(_("last overdue notice"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["finding", "due_date", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        indexes = [models.Index(fields=["status", "due_date"], name="audit_action_status_due")]

    def __str__(self) -> str:
        return self.description[:80]
