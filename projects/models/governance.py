"""Passport versions and gate decisions: how a project is chartered and moves through its stages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel
from projects.models.project import Project


class PassportVersion(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="passports", verbose_name=_("project"))
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    goals = models.TextField(_("goals and outcome indicators"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    deliverables = models.TextField(_("deliverables"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    budget_summary = models.TextField(_("budget by year and source"), blank=True)
    roles_summary = models.TextField(_("roles"), blank=True)
    risks_summary = models.TextField(_("key risks"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    history = HistoricalRecords()

    TEXT_FIELDS = (
        "goals", "expected_results", "deliverables", "scope", "budget_summary", "roles_summary", "risks_summary",
    )

    class Meta:
        ordering = ["project", "-version"]
        verbose_name = _("passport version")
        verbose_name_plural = _("passport versions")
        constraints = [models.UniqueConstraint(fields=["project", "version"], name="passport_version_unique")]

    def __str__(self) -> str:
        return f"{self.project.code} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.APPROVED


class GateDecision(BaseModel):
    class Gate(models.TextChoices):
        GATE_1 = "gate_1", _("Gate 1: approve the project")
        GATE_2 = "gate_2", _("Gate 2: approve the plan")
        GATE_3 = "gate_3", _("Gate 3: closure")

    class Decision(models.TextChoices):
        PROCEED = "proceed", _("Proceed")
        PROCEED_WITH_CONDITIONS = "proceed_with_conditions", _("Proceed with conditions")
        HOLD = "hold", _("Hold")
        STOP = "stop", _("Stop")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gate_decisions", verbose_name=_("project"))
    gate = models.CharField(_("gate"), max_length=8, choices=Gate.choices)
    decided_on = models.DateField(_("decision date"))
    decision = models.CharField(_("decision"), max_length=24, choices=Decision.choices)
    conditions = models.TextField(_("conditions"), blank=True)
    decided_by_body = models.CharField(
        _("decided by"), max_length=255, help_text=_("The Steering Committee or the body it delegated the decision to.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    stage_before = models.CharField(_("stage before"), max_length=16, choices=Project.Stage.choices)
    stage_after = models.CharField(_("stage after"), max_length=16, choices=Project.Stage.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-decided_on", "-id"]
        verbose_name = _("gate decision")
        verbose_name_plural = _("gate decisions")

    def __str__(self) -> str:
        return f"{self.get_gate_display()}: {self.get_decision_display()}"
