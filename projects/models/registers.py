"""Registers inside a project: risks, issues and change requests."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel
from projects.models.project import Project

_ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(BaseModel):
    class Status(models.TextChoices):
        # contexts keep these apart from the same English words elsewhere ("Open" the button, a "Closed" meeting)
        OPEN = "open", pgettext_lazy("risk status", "Open")
        MITIGATING = "mitigating", pgettext_lazy("risk status", "Being mitigated")
        CLOSED = "closed", pgettext_lazy("risk status", "Closed")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="risks", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    probability = models.PositiveSmallIntegerField(_("probability (1–5)"), validators=_ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=_ONE_TO_FIVE)
    score = models.PositiveSmallIntegerField(_("score"), default=0, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_risks",
        verbose_name=_("owner"),
    )
    response = models.TextField(_("response"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-score", "id"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.title


class ProjectIssue(BaseModel):
    class Severity(models.TextChoices):
        LOW = "low", pgettext_lazy("issue severity", "Low")
        MEDIUM = "medium", pgettext_lazy("issue severity", "Medium")
        HIGH = "high", pgettext_lazy("issue severity", "High")
        CRITICAL = "critical", pgettext_lazy("issue severity", "Critical")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("issue status", "Open")
        IN_PROGRESS = "in_progress", pgettext_lazy("issue status", "In progress")
        RESOLVED = "resolved", pgettext_lazy("issue status", "Resolved")
        ESCALATED = "escalated", pgettext_lazy("issue status", "Escalated")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="issues", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_project_issues",
        verbose_name=_("owner"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "status", "due_date", "id"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")

    def __str__(self) -> str:
        return self.title


class ChangeRequest(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ASSESSED = "assessed", _("Assessed")
        APPROVED = "approved", pgettext_lazy("change request status", "Approved")
        REJECTED = "rejected", pgettext_lazy("change request status", "Rejected")
        RETURNED = "returned", pgettext_lazy("change request status", "Returned for revision")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("project")
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    change_scope = models.BooleanField(_("changes the scope"), default=False)
    change_dates = models.BooleanField(_("changes the dates"), default=False)
    change_budget = models.BooleanField(_("changes the budget"), default=False)
    change_indicators = models.BooleanField(_("changes the indicators"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    impact = models.TextField(_("impact"), blank=True)
    schedule_impact_days = models.IntegerField(_("schedule impact, days"), default=0)
    budget_impact = models.DecimalField(
        _("budget impact"), max_digits=18, decimal_places=2, default=Decimal("0")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    assessment = models.TextField(_("assessment"), blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    resulting_baseline = models.ForeignKey(
        "projects.Baseline",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resulting baseline"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="change_request_number_unique")
        ]

    def __str__(self) -> str:
        return f"№{self.number} {self.title}"
