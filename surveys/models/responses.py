"""Answers. A response is written once, all-or-nothing, and never edited (so it carries no history of its own;
moderation of its free text does). It keeps no name, no IP address and no user agent: only what the
breakdowns and the weighting need."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel
from surveys.models.builder import Question, Survey, SurveyVersion
from surveys.models.campaigns import Wave


class Response(models.Model):
    class Channel(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        PUBLIC = "public", _("Public link")

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey")
    )
    version = models.ForeignKey(
        SurveyVersion, on_delete=models.PROTECT, related_name="responses", verbose_name=_("version")
    )
    wave = models.ForeignKey(
        Wave,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("wave"),
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=5)
    # the day only (no time): a time would let an invitation's answered-at be matched to its response
    submitted_on = models.DateField(_("answered on"), db_index=True)
    # the reporting period the answer counts in (a wave's period start, else the first day of the quarter)
    period_start = models.DateField(_("period"), db_index=True)
    direction = models.ForeignKey(
        "reference.Direction", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_case_ref = models.PositiveIntegerField(null=True, blank=True)
    # profile answers copied here for the weighting (categories of surveys.profile)
    district = models.ForeignKey(
        "reference.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    age_band = models.CharField(_("age band"), max_length=10, blank=True)
    sex = models.CharField(_("sex"), max_length=10, blank=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        indexes = [models.Index(fields=["survey", "period_start"], name="surveys_resp_survey_period")]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return str(_("Response %(pk)s") % {"pk": self.pk})


class Answer(models.Model):
    """One answer to one question; a multiple choice is one row per chosen value."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # the question's key, kept here so that versions are compared on the keys they share without a join
    question_key = models.SlugField(max_length=40)
    value_int = models.SmallIntegerField(null=True, blank=True)
    value_number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    choice_value = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["question", "value_int"], name="surveys_answer_q_int"),
            models.Index(fields=["question_key", "response"], name="surveys_answer_key_resp"),
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question_key}: {self.value_int if self.value_int is not None else self.choice_value}"


class Theme(BaseModel):
    """A theme free-text answers of a survey are tagged with."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="themes", verbose_name=_("survey")
    )
    name = models.CharField(_("name"), max_length=120)
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "name"]
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="surveys_theme_unique")]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class TextReview(BaseModel):
    """Moderation and tagging of one free-text answer (citizen answers are shown only once published)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published to the survey's owners")
        HIDDEN = "hidden", _("Hidden (personal data or abuse)")

    answer = models.OneToOneField(
        Answer, on_delete=models.CASCADE, related_name="review", verbose_name=_("answer")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    themes = models.ManyToManyField(Theme, blank=True, related_name="reviews", verbose_name=_("themes"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    reviewed_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("free-text review")
        verbose_name_plural = _("free-text reviews")


class DeviceMark(models.Model):
    """A public link's per-device cookie, hashed: one answer per device per survey. Not linked to the answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    mark_hash = models.CharField(max_length=64)
    created_on = models.DateField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "mark_hash"], name="surveys_device_unique")]

    def __str__(self) -> str:
        return self.mark_hash[:8]


class RateBucket(models.Model):
    """Per-IP rate limit of a public link: a salted hash of the address per time window; deleted when the
    survey closes. Not linked to any answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    ip_hash = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "ip_hash", "window_start"], name="surveys_rate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.ip_hash[:8]} {self.window_start:%H:%M}"
