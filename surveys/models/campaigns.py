"""Customer campaigns: a survey sent to an audience every period or on an event, in waves of invitations.

An invitation carries a single-use token (only its SHA-256 is stored). The answer it produces is not linked to
it: the invitation is marked used, the response keeps only the breakdown it needs (direction, department,
project, review case), so no page can put a respondent's name beside an answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel
from surveys.models.builder import Survey, SurveyVersion


class Campaign(BaseModel):
    class AudienceKind(models.TextChoices):
        DEPARTMENTS = "departments", _("Staff of chosen departments")
        DIRECTION_MANAGERS = "direction_managers", _("Project managers of a basic direction")
        REVIEW_APPLICANTS = "review_applicants", _("Applicants of review cases")
        USERS = "users", _("Chosen people")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Every period")
        EVENT = "event", _("On an event")

    class Period(models.TextChoices):
        MONTH = "month", _("Monthly")
        QUARTER = "quarter", _("Quarterly")
        HALF_YEAR = "half_year", _("Every half-year")
        YEAR = "year", _("Yearly")

    class Event(models.TextChoices):
        GATE_PASSED = "gate_passed", _("A gate passed")
        PROJECT_CLOSED = "project_closed", _("A project closed")
        OPINION_ISSUED = "opinion_issued", _("An expertise opinion issued")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("survey")
    )
    name = models.CharField(_("name"), max_length=255)
    audience_kind = models.CharField(_("audience"), max_length=20, choices=AudienceKind.choices)
    departments = models.ManyToManyField(
        "accounts.Organization", blank=True, related_name="+", verbose_name=_("departments")
    )
    direction = models.ForeignKey(
        "reference.Direction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("basic direction"),
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("chosen people")
    )
    trigger = models.CharField(_("sent"), max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.QUARTER)
    event = models.CharField(_("event"), max_length=20, choices=Event.choices, blank=True)
    reminder_days = models.PositiveSmallIntegerField(_("reminder after (days)"), default=5)
    answer_days = models.PositiveSmallIntegerField(_("open for (days)"), default=14)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    launched_at = models.DateTimeField(_("launched"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[departments, recipients])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("surveys:campaign-detail", args=[self.pk])


class Wave(BaseModel):
    """One sending of a campaign: a period's round, or one event (a gate passed, a project closed, an opinion)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="waves", verbose_name=_("campaign")
    )
    version = models.ForeignKey(
        SurveyVersion, on_delete=models.PROTECT, related_name="waves", verbose_name=_("survey version")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    # an event wave: "<event>:<object id>[:<detail>]"; empty for a scheduled wave
    event_ref = models.CharField(_("event"), max_length=80, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    direction = models.ForeignKey(
        "reference.Direction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("basic direction"),
    )
    review_case_ref = models.PositiveIntegerField(_("review case"), null=True, blank=True)
    opened_at = models.DateTimeField(_("sent"))
    closes_at = models.DateTimeField(_("closes"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "-period_start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "period_start", "event_ref"], name="surveys_wave_unique"
            )
        ]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")

    def __str__(self) -> str:
        return f"{self.campaign} · {self.period_start:%Y-%m-%d}"


class Invitation(BaseModel):
    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("wave")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("recipient"),
    )
    # SHA-256 of the single-use token (the token itself is only in the e-mail)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    department = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    sent_at = models.DateTimeField(_("sent"))
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("answered"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["wave", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "recipient"], name="surveys_invitation_unique")
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return str(_("Invitation to %(campaign)s") % {"campaign": self.wave.campaign})
