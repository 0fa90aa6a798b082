"""The survey builder: a survey, its versions (frozen once answered), sections, questions and choices.

Every text a respondent reads is kept in kk / ru / en (`<field>_<lang>`, the active language falling back to
Russian). A question's `key` is stable across versions: results compare versions only on the keys they share.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel, localized

LANGUAGES = ("kk", "ru", "en")


class Survey(BaseModel):
    """A survey (or, with `is_template`, a library template a survey starts from)."""

    class Audience(models.TextChoices):
        CUSTOMER = "customer", _("Customers (departments, BDIGs, applicants)")
        CITIZEN = "citizen", _("Citizens (public link, anonymous)")

    class Subject(models.TextChoices):
        PROJECT_OFFICE = "project_office", _("The Project Office")
        BDIG = "bdig", _("A basic-direction implementation group")
        EXPERTISE = "expertise", _("An expertise review")
        PROJECT = "project", _("A project")
        DISTRICT = "district", _("A district")
        DIRECTION = "direction", _("A basic direction")
        CITY = "city", _("The city's local executive bodies")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    subject = models.CharField(_("subject"), max_length=16, choices=Subject.choices)
    title_ru = models.CharField(_("title (Russian)"), max_length=255)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=255, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    intro_ru = models.TextField(_("introduction (Russian)"), blank=True)
    intro_kk = models.TextField(_("introduction (Kazakh)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_template = models.BooleanField(_("library template"), default=False)
    # the library template it was started from (surveys.library key), kept for the record
    template_key = models.CharField(_("template"), max_length=40, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    # the survey's owners (owner + co-owners) are the only readers of its free-text answers
    co_owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_owned_surveys", verbose_name=_("co-owners")
    )
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
    district = models.ForeignKey(
        "reference.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    # citizen surveys: the public link's random part (None until the survey is opened to the public)
    public_slug = models.CharField(_("public link"), max_length=32, unique=True, null=True, blank=True)
    # per-survey salt of the rate limit's IP hashes (the hashes are deleted when the survey closes)
    salt = models.CharField(_("salt"), max_length=64, blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    # the headline question: CSAT (1-5) share of 4-5 that the survey reports first and feeds onwards
    headline_key = models.SlugField(_("headline question"), max_length=40, blank=True)
    # the city-wide citizen survey writes its weighted satisfaction share into this monitoring indicator
    feeds_indicator_code = models.CharField(_("feeds the indicator"), max_length=40, blank=True)
    # profile dimensions the results are weighted on (subset of surveys.profile.DIMENSIONS), in raking order
    weighting = models.JSONField(_("weighting dimensions"), default=list, blank=True)
    history = HistoricalRecords(m2m_fields=[co_owners])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def intro(self) -> str:
        return localized(self, "intro")

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey-detail", args=[self.pk])


class SurveyVersion(BaseModel):
    """The questions of a survey as answered. Frozen (`frozen_at`) when its first answer arrives; an edit of a
    frozen version makes the next version (a copy), never a change of the answered one."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="versions", verbose_name=_("survey")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    frozen_at = models.DateTimeField(_("frozen (first answer)"), null=True, blank=True)
    note = models.CharField(_("what changed"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "-number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="surveys_version_unique")]
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")

    def __str__(self) -> str:
        return str(_("%(survey)s, version %(number)s") % {"survey": self.survey, "number": self.number})

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Section(BaseModel):
    version = models.ForeignKey(
        SurveyVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_ru = models.CharField(_("title (Russian)"), max_length=255)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=255, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")


class Question(BaseModel):
    class Kind(models.TextChoices):
        SCALE5 = "scale5", _("Scale 1–5 (satisfaction)")
        NPS = "nps", _("Scale 0–10 (likelihood to recommend)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Free text")

    class Profile(models.TextChoices):
        NONE = "", _("Not a profile question")
        DISTRICT = "district", _("District")
        AGE_BAND = "age_band", _("Age band")
        SEX = "sex", _("Sex")

    version = models.ForeignKey(
        SurveyVersion, on_delete=models.CASCADE, related_name="questions", verbose_name=_("version")
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    text_ru = models.TextField(_("question (Russian)"))
    text_kk = models.TextField(_("question (Kazakh)"), blank=True)
    text_en = models.TextField(_("question (English)"), blank=True)
    help_ru = models.CharField(_("hint (Russian)"), max_length=255, blank=True)
    help_kk = models.CharField(_("hint (Kazakh)"), max_length=255, blank=True)
    help_en = models.CharField(_("hint (English)"), max_length=255, blank=True)
    required = models.BooleanField(_("required"), default=True)
    min_value = models.DecimalField(
        _("smallest number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # a profile question (district, age band, sex) feeds the weighting; its choices' values are the categories
    profile = models.CharField(_("profile"), max_length=10, choices=Profile.choices, blank=True, default="")
    # conditional display: shown only when the earlier question's answer is one of `condition_values`
    condition_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependants",
        verbose_name=_("show when question"),
    )
    condition_values = models.JSONField(_("has one of the answers"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "section__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="surveys_question_key_unique")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def help(self) -> str:
        return localized(self, "help")

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Choice(BaseModel):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    value = models.SlugField(_("value"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label_ru = models.CharField(_("label (Russian)"), max_length=255)
    label_kk = models.CharField(_("label (Kazakh)"), max_length=255, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="surveys_choice_value_unique")
        ]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self, "label")
