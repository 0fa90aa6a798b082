"""Citizen feedback on a published project: a question, suggestion or complaint with a reference number.

A citizen writes it on the project's public page (no account). The Project Office pre-moderates it: rejected
with a reason, or accepted — then the text as it will be published (`public_text`, personal data masked) is
fixed, and the item goes to the project's responsible department as an entry in the project's issue log with a
response deadline (working days on the expertise calendar). The department's answer is published under the
question. The citizen's e-mail address and photo are never published; the e-mail only carries the answer.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from pmis.core.files import random_storage_name
from pmis.core.models import BaseModel


def feedback_photo_upload_to(instance: Any, filename: str) -> str:
    return random_storage_name("feedback", filename)


class Feedback(BaseModel):
    class Kind(models.TextChoices):
        QUESTION = "question", pgettext_lazy("feedback kind", "Question")
        SUGGESTION = "suggestion", pgettext_lazy("feedback kind", "Suggestion")
        COMPLAINT = "complaint", pgettext_lazy("feedback kind", "Complaint")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("feedback status", "Awaiting moderation")
        REJECTED = "rejected", pgettext_lazy("feedback status", "Not published")
        ROUTED = "routed", pgettext_lazy("feedback status", "With the department")
        ANSWERED = "answered", pgettext_lazy("feedback status", "Answered")

    class RejectReason(models.TextChoices):
        OTHERS_DATA = "others_data", _("Contains personal data of other people")
        INSULT = "insult", _("Contains insults")
        OFF_TOPIC = "off_topic", _("Not about this project")
        SPAM = "spam", _("Advertising or spam")
        DUPLICATE = "duplicate", _("Repeats an earlier message")

    class Theme(models.TextChoices):
        SCHEDULE = "schedule", pgettext_lazy("feedback theme", "Schedule and delays")
        QUALITY = "quality", pgettext_lazy("feedback theme", "Quality of work")
        SAFETY = "safety", pgettext_lazy("feedback theme", "Safety")
        TRAFFIC = "traffic", pgettext_lazy("feedback theme", "Traffic and access")
        ENVIRONMENT = "environment", pgettext_lazy("feedback theme", "Noise, dust, greenery")
        BUDGET = "budget", pgettext_lazy("feedback theme", "Budget and spending")
        INFORMATION = "information", pgettext_lazy("feedback theme", "Information about the project")
        OTHER = "other", pgettext_lazy("feedback theme", "Other")

    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"))
    photo = models.FileField(_("photo"), upload_to=feedback_photo_upload_to, max_length=255, blank=True)
    photo_content_type = models.CharField(_("photo content type"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail for the answer"), blank=True)
    consent_at = models.DateTimeField(_("consent to the processing of personal data given at"))
    language = models.CharField(_("language"), max_length=2, default="ru")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    theme = models.CharField(_("theme"), max_length=12, choices=Theme.choices, blank=True)
    reject_reason = models.CharField(
        _("why it is not published"), max_length=12, choices=RejectReason.choices, blank=True
    )
    public_text = models.TextField(_("text as published"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    department = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    issue = models.ForeignKey(
        "projects.ProjectIssue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issue log entry"),
    )
    due_date = models.DateField(_("answer due"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["email"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("citizen feedback")
        verbose_name_plural = _("citizen feedback")
        indexes = [
            models.Index(fields=["status", "due_date"], name="feedback_status_due"),
            models.Index(fields=["project", "status"], name="feedback_project_status"),
            models.Index(fields=["department", "status"], name="feedback_department_status"),
        ]

    def __str__(self) -> str:
        return self.reference


class FeedbackRateBucket(models.Model):
    """Per-IP rate limit of the feedback form: a salted hash of the address per time window, not linked to
    any feedback; old windows are deleted by the daily feedback task."""

    ip_hash = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ip_hash", "window_start"], name="feedback_rate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.ip_hash[:8]} {self.window_start:%H:%M}"
