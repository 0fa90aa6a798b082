"""Indicators (strategic → program → project), targets, actuals, computed ratings, reporting periods,
lag alerts, escalations, recommendations and budget execution (disbursements and cash plans)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypedDict

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from pmis.core.files import RandomName
from pmis.core.models import BaseModel, TranslatedNameMixin
from projects.models.choices import Rag


class _Digits(TypedDict):
    max_digits: int
    decimal_places: int


_VALUE: _Digits = {"max_digits": 20, "decimal_places": 4}
_MONEY: _Digits = {"max_digits": 18, "decimal_places": 2}


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")


PERIODS_PER_YEAR: dict[str, int] = {Frequency.MONTHLY: 12, Frequency.QUARTERLY: 4, Frequency.ANNUAL: 1}


def period_label(frequency: str, year: int, period: int) -> str:
    """ "2026-Q2", "2026-05" or "2026": one compact, language-neutral label per period."""
    if frequency == Frequency.MONTHLY:
        return f"{year}-{period:02d}"
    if frequency == Frequency.QUARTERLY:
        return f"{year}-Q{period}"
    return str(year)


# units typed in Russian in the register, shown in the reader's (or the document's) language
UNITS = {
    "шт.": pgettext_lazy("unit", "pcs"),
    "чел.": pgettext_lazy("unit", "people"),
    "тыс. чел.": pgettext_lazy("unit", "thousand people"),
    "ед.": pgettext_lazy("unit", "units"),
    "км": pgettext_lazy("unit", "km"),
    "мкг/м³": pgettext_lazy("unit", "µg/m³"),
    "место": pgettext_lazy("unit", "places"),
}


def unit_label(unit: str) -> str:
    """An indicator's unit in the active language (known abbreviations; anything else as typed)."""
    label = UNITS.get((unit or "").strip())
    return str(label) if label is not None else unit


class Indicator(TranslatedNameMixin, BaseModel):
    class Level(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic")
        PROGRAM = "program", _("Program")
        PROJECT = "project", _("Project")

    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.PROJECT)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent indicator"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("project"),
    )
    program_item = models.ForeignKey(
        "projects.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("program"),
    )
    direction = models.ForeignKey(
        "reference.Direction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("basic direction"),
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=500)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    baseline_value = models.DecimalField(_("baseline value"), null=True, blank=True, **_VALUE)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    calculation_method = models.TextField(_("calculation method"), blank=True)
    source = models.CharField(_("data source"), max_length=255, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    is_cumulative = models.BooleanField(
        _("cumulative"), default=False, help_text=_("Values accumulate from the start of the year.")
    )
    responsible_organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible organization"),
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    national_project_code = models.CharField(
        _("national project code"), max_length=40, blank=True, db_index=True
    )
    # a retired indicator keeps its targets, values and ratings for the record but leaves the current
    # dashboards, the lag scan and data entry
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retired by"),
    )
    retirement_reason = models.TextField(_("reason for retirement"), blank=True)
    history = HistoricalRecords()

    # Not stored: what monitoring's selectors and views attach for one page (prefetches' to_attr, the latest
    # official and working ratings, the card's figures and the reader's rights), declared for the type checker.
    official: IndicatorRating | None
    working: IndicatorRating | None
    official_label: str
    latest: dict[str, Any] | None
    waiting: list[dict[str, Any]]
    spark: str
    can_enter: bool
    can_manage: bool

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        indexes = [models.Index(fields=["level", "direction"], name="indicator_level_direction")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def unit_text(self) -> str:
        """The unit in the reader's language."""
        return unit_label(self.unit)

    def get_absolute_url(self) -> str:
        return reverse("monitoring:indicator", args=[self.pk])

    def label(self, year: int, period: int) -> str:
        return period_label(self.frequency, year, period)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class Target(BaseModel):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period = models.PositiveSmallIntegerField(
        _("period"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    value = models.DecimalField(_("planned value"), **_VALUE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "period"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "period"], name="target_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}/{self.period}: {self.value}"


class Actual(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", pgettext_lazy("actual value status", "Submitted")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="actuals", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period = models.PositiveSmallIntegerField(
        _("period"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    value = models.DecimalField(_("actual value"), **_VALUE)
    source = models.CharField(_("source"), max_length=255, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=RandomName("monitoring/evidence"), blank=True)
    # the uploader's file name, given back on download (the stored name is random); db_default: the import COPYs
    evidence_name = models.CharField(
        _("evidence file name"), max_length=255, blank=True, default="", db_default=""
    )
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    is_locked = models.BooleanField(_("locked (period closed)"), default=False)
    history = HistoricalRecords()

    # Not stored: the verification list's figures for one page (monitoring.views.indicators)
    plan: Decimal | None
    label: str
    achievement: Decimal | None
    rag: str

    class Meta:
        ordering = ["indicator", "year", "period"]
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "period"], name="actual_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}/{self.period}: {self.value}"


class IndicatorRating(models.Model):
    """The computed achievement and RAG of one indicator in one period, official (verified) or working."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.PositiveSmallIntegerField(_("period"))
    is_official = models.BooleanField(_("official (verified actual)"), default=True)
    is_latest = models.BooleanField(_("latest period of the indicator"), default=False)
    plan = models.DecimalField(_("plan"), **_VALUE)
    actual = models.DecimalField(_("actual"), **_VALUE)
    achievement = models.DecimalField(
        _("achievement"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    rag = models.CharField(_("RAG"), max_length=8, choices=Rag.choices, default=Rag.NONE)
    policy_version = models.PositiveIntegerField(_("RAG policy version"))
    computed_at = models.DateTimeField(_("computed at"))
    # denormalised for flat, join-free dashboard aggregates
    level = models.CharField(_("level"), max_length=12, choices=Indicator.Level.choices)
    direction_id_cached = models.IntegerField(_("direction"), null=True, blank=True)
    project_id_cached = models.IntegerField(_("project"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "year", "period"]
        verbose_name = _("indicator rating")
        verbose_name_plural = _("indicator ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period", "is_official"], name="rating_unique_period"
            )
        ]
        indexes = [
            models.Index(
                fields=["is_official", "is_latest", "direction_id_cached"], name="rating_latest_direction"
            ),
            models.Index(
                fields=["project_id_cached", "is_official", "is_latest"], name="rating_latest_project"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}/{self.period}: {self.rag}"


class ReportingPeriod(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("period status", "Open")
        CLOSED = "closed", pgettext_lazy("period status", "Closed")

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    frequency = models.CharField(
        _("frequency"),
        max_length=12,
        choices=[c for c in Frequency.choices if c[0] != Frequency.ANNUAL],
        default=Frequency.QUARTERLY,
    )
    period = models.PositiveSmallIntegerField(
        _("month or quarter"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-period"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["year", "frequency", "period"], name="reporting_period_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return period_label(self.frequency, self.year, self.period)

    def get_absolute_url(self) -> str:
        return reverse("monitoring:period", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class RatingSnapshot(models.Model):
    """The ratings as they were reported when a period closed (frozen, never recomputed)."""

    reporting_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="snapshots",
        verbose_name=_("reporting period"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.PositiveSmallIntegerField(_("period"))
    plan = models.DecimalField(_("plan"), **_VALUE)
    actual = models.DecimalField(_("actual"), **_VALUE)
    achievement = models.DecimalField(
        _("achievement"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    rag = models.CharField(_("RAG"), max_length=8, choices=Rag.choices)
    policy_version = models.PositiveIntegerField(_("RAG policy version"))
    frozen_at = models.DateTimeField(_("frozen at"))

    class Meta:
        ordering = ["reporting_period", "indicator"]
        verbose_name = _("rating snapshot")
        verbose_name_plural = _("rating snapshots")
        constraints = [
            models.UniqueConstraint(fields=["reporting_period", "indicator"], name="snapshot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reporting_period_id}/{self.indicator_id}: {self.rag}"


class Alert(BaseModel):
    class ObjectType(models.TextChoices):
        INDICATOR = "indicator", _("Indicator")
        MILESTONE = "milestone", _("Milestone")
        BUDGET = "budget", _("Budget execution")
        ASSIGNMENT = "assignment", _("Assignment")

    class Severity(models.TextChoices):
        AMBER = "amber", _("Amber")
        RED = "red", _("Red")

    object_type = models.CharField(_("object type"), max_length=12, choices=ObjectType.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.PositiveSmallIntegerField(_("period"))
    period_label = models.CharField(_("period"), max_length=12)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("subject"), max_length=500)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    # the numbers behind `detail` (as strings), so pages write the line in the reader's language: alert_text
    detail_args = models.JSONField(_("detail values"), default=dict, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("indicator"),
    )
    direction = models.ForeignKey(
        "reference.Direction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("basic direction"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitoring_alerts",
        verbose_name=_("responsible"),
    )
    opened_at = models.DateTimeField(_("opened at"))
    lagging_since = models.DateField(_("lagging since"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id", "year", "period", "severity"],
                condition=models.Q(closed_at__isnull=True),
                name="alert_one_open_per_object_period_severity",
            )
        ]
        indexes = [models.Index(fields=["closed_at", "severity"], name="alert_open_severity")]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:alert", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def detail_text(self) -> str:
        """The detail line in the reader's language (amounts grouped as elsewhere), else the stored text."""
        from monitoring.alert_text import render_detail

        return render_detail(self.kind, self.detail_args) or self.detail


class Escalation(BaseModel):
    """An item Red for two consecutive periods, kept for the Steering Committee queue (portfolio reads these).

    One per uninterrupted lag of an item: the scan opens a new alert every month (milestones, budget) or period
    (indicators) while the item keeps lagging, and the lag keeps its start (`lagging_since`), so (object, start)
    identifies the lag and the database refuses a second escalation of it. Rows recorded before the key existed
    and duplicating an earlier one keep an empty key."""

    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("alert")
    )
    object_type = models.CharField(
        _("object type"), max_length=12, choices=Alert.ObjectType.choices, blank=True, default=""
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    lagging_since = models.DateField(_("lagging since"), null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    reason = models.CharField(_("reason"), max_length=500)
    queued_by = models.CharField(_("queued by"), max_length=60, default="monitoring")
    taken_at = models.DateTimeField(_("taken into the review queue"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(fields=["alert"], name="escalation_one_per_alert"),
            models.UniqueConstraint(
                fields=["object_type", "object_id", "lagging_since"], name="escalation_one_per_lag"
            ),
        ]

    def __str__(self) -> str:
        return self.reason


class Recommendation(BaseModel):
    class Kind(models.TextChoices):
        TARGETS = "targets", _("Adjust targets")
        TIMELINE = "timeline", _("Adjust timeline")
        RESOURCES = "resources", _("Adjust resources")
        SCOPE = "scope", _("Adjust scope")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent to the project manager")
        RESPONDED = "responded", _("Manager responded")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        IMPLEMENTED = "implemented", _("Implemented")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("recommendation"))
    alerts = models.ManyToManyField(
        Alert, blank=True, related_name="recommendations", verbose_name=_("alerts")
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("indicator"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    response = models.TextField(_("manager's response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responded by"),
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    decision_note = models.TextField(_("coordinator's note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    implemented_at = models.DateTimeField(_("implemented at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[alerts])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:recommendation", args=[self.pk])


class Disbursement(BaseModel):
    """Money actually paid out on a budget line in one month."""

    budget_line = models.ForeignKey(
        "projects.BudgetLine",
        on_delete=models.CASCADE,
        related_name="disbursements",
        verbose_name=_("budget line"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    amount = models.DecimalField(_("amount, ₸"), **_MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget_line", "year", "month"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [
            models.UniqueConstraint(fields=["budget_line", "year", "month"], name="disbursement_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.budget_line_id} {self.year}-{self.month:02d}: {self.amount}"


class CashPlan(BaseModel):
    """The monthly cash plan of a budget line (what should have been paid by the end of the month)."""

    budget_line = models.ForeignKey(
        "projects.BudgetLine",
        on_delete=models.CASCADE,
        related_name="cash_plan",
        verbose_name=_("budget line"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    amount = models.DecimalField(_("planned payments, ₸"), **_MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget_line", "year", "month"]
        verbose_name = _("cash plan")
        verbose_name_plural = _("cash plans")
        constraints = [
            models.UniqueConstraint(fields=["budget_line", "year", "month"], name="cashplan_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.budget_line_id} {self.year}-{self.month:02d}: {self.amount}"


class ImportBatch(BaseModel):
    """An uploaded workbook of actual values: checked first (errors per row), written only when confirmed."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", pgettext_lazy("import status", "Uploaded")
        CHECKED = "checked", pgettext_lazy("import status", "Checked")
        APPLIED = "applied", pgettext_lazy("import status", "Applied")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("file"), upload_to=RandomName("monitoring/imports"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    applied_rows = models.PositiveIntegerField(_("written rows"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    check_job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    apply_job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import of actual values")
        verbose_name_plural = _("imports of actual values")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:import", args=[self.pk])
