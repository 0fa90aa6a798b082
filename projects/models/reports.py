"""Monthly status reports with the computed RAG beside the assessed delivery confidence."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel
from projects.models.choices import Confidence, Rag
from projects.models.project import Project


class StatusReport(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned with remarks")
        ACCEPTED = "accepted", pgettext_lazy("status report status", "Accepted")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="status_reports", verbose_name=_("project")
    )
    period_year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period_month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    narrative = models.TextField(_("summary of the period"), blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    decisions_requested = models.TextField(_("decisions requested"), blank=True)
    rag_indicators = models.CharField(
        _("RAG: indicators"), max_length=8, choices=Rag.choices, default=Rag.NONE
    )
    rag_milestones = models.CharField(
        _("RAG: milestones"), max_length=8, choices=Rag.choices, default=Rag.NONE
    )
    rag_finance = models.CharField(_("RAG: finance"), max_length=8, choices=Rag.choices, default=Rag.NONE)
    rag_overall = models.CharField(_("RAG: overall"), max_length=8, choices=Rag.choices, default=Rag.NONE)
    rag_policy_version = models.PositiveIntegerField(_("RAG policy version"), null=True, blank=True)
    confidence = models.CharField(
        _("delivery confidence"), max_length=12, choices=Confidence.choices, blank=True
    )
    confidence_rationale = models.TextField(_("rationale for the confidence"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_remarks = models.TextField(_("review remarks"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-period_year", "-period_month"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period_year", "period_month"], name="status_report_period_unique"
            )
        ]
        indexes = [
            models.Index(fields=["status", "period_year", "period_month"], name="status_report_status_period")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period_year}-{self.period_month:02d}"
