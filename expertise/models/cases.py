"""Review cases: intake, documents, remarks rounds, financial models, appraisal results and opinions.

Rules live in `expertise.services`; these models only hold state. An issued opinion is never edited:
a correction is a new Opinion version that `supersedes` it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.files import RandomName
from pmis.core.models import BaseModel

__all__ = [
    "AppraisalResult",
    "Assignment",
    "CaseDocument",
    "CashFlowLine",
    "FinancialModel",
    "Holiday",
    "HistoryImport",
    "ObligationLimitRule",
    "Opinion",
    "PppAnalysis",
    "RegulatoryBasis",
    "Remark",
    "RemarkRound",
    "ReviewCase",
    "ReviewDeadlineRule",
    "ReviewKind",
    "Scenario",
]

RATE_VALIDATORS = [MinValueValidator(Decimal("-0.99")), MaxValueValidator(Decimal("10"))]


class ReviewKind(models.TextChoices):
    INVESTMENT_PROPOSAL = "investment_proposal", _("Investment proposal")
    FEASIBILITY_STUDY = "feasibility_study", _("Feasibility study of a budget investment project")
    FIN_ECON_EVALUATION = "fin_econ_evaluation", _("Financial-economic evaluation of budget investments")
    PPP_DOCUMENTATION = "ppp_documentation", _("Local PPP project documentation")


class RegulatoryBasis(BaseModel):
    """A legal act a case or opinion was done under (older opinions cite acts since replaced)."""

    act = models.CharField(_("legal act"), max_length=500)
    number = models.CharField(_("act number"), max_length=60, blank=True)
    date = models.DateField(_("act date"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_to = models.DateField(_("in force until"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-in_force_from", "act"]
        verbose_name = _("regulatory basis")
        verbose_name_plural = _("regulatory bases")

    def __str__(self) -> str:
        parts = [self.act]
        if self.number:
            parts.append(f"№ {self.number}")
        if self.date:
            parts.append(self.date.strftime("%d.%m.%Y"))
        return " ".join(parts)


class Holiday(BaseModel):
    """One day of the working-day calendar that differs from the Monday–Friday rule."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        DAY_OFF = "day_off", _("Day off moved from a weekend")
        WORKING_DAY = "working_day", _("Working weekend day (transfer)")

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.HOLIDAY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("working calendar")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.name}"


class ReviewDeadlineRule(BaseModel):
    """The statutory review period of a kind of case, in working days."""

    kind = models.CharField(_("kind of case"), max_length=32, choices=ReviewKind.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("working days"), validators=[MinValueValidator(1)])
    regulatory_basis = models.ForeignKey(
        RegulatoryBasis, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("regulatory basis")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind"]
        verbose_name = _("review deadline rule")
        verbose_name_plural = _("review deadline rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.working_days}"


class ReviewCaseQuerySet(models.QuerySet["ReviewCase"]):
    def open(self) -> ReviewCaseQuerySet:
        return self.exclude(status__in=[ReviewCase.Status.ISSUED, ReviewCase.Status.CLOSED])


class ReviewCase(BaseModel):
    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        COMPLETENESS_CHECK = "completeness_check", _("Completeness check")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned_for_revision", _("Returned for revision")
        HEAD_REVIEW = "head_review", _("Review by the head")
        ISSUED = "issued", _("Opinion issued")
        CLOSED = "closed", _("Closed")

    number = models.CharField(_("case number"), max_length=30, unique=True)
    kind = models.CharField(_("kind of case"), max_length=32, choices=ReviewKind.choices)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    applicant = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="review_cases",
        verbose_name=_("applicant department"),
    )
    budget_program_administrator = models.CharField(
        _("budget program administrator"), max_length=300, blank=True
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_cases",
        verbose_name=_("project of the register"),
    )
    regulatory_basis = models.ForeignKey(
        RegulatoryBasis, on_delete=models.PROTECT, related_name="cases", verbose_name=_("regulatory basis")
    )
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.INTAKE, db_index=True
    )
    received_on = models.DateField(_("received on"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(_("working days paused"), default=0)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    checklist = models.JSONField(_("completeness checklist"), default=dict, blank=True)
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Assignment",
        through_fields=("case", "expert"),
        related_name="review_cases",
        verbose_name=_("experts"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("registered by"),
    )
    is_historical = models.BooleanField(_("imported from the archive"), default=False)
    history = HistoricalRecords()

    objects = ReviewCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("review case")
        verbose_name_plural = _("review cases")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("expertise:case-detail", args=[self.pk])


class Assignment(BaseModel):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead expert")
        MEMBER = "member", _("Expert")

    case = models.ForeignKey(
        ReviewCase, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("case")
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="expertise_assignments",
        verbose_name=_("expert"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("assigned by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["case", "expert"], name="expertise_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.expert}"


class CaseDocument(BaseModel):
    class Type(models.TextChoices):
        APPLICATION = "application", _("Cover letter / application")
        FEASIBILITY = "feasibility", _("Feasibility study")
        EVALUATION = "evaluation", _("Financial-economic evaluation")
        CONCEPT = "concept", _("PPP project concept")
        BUSINESS_PLAN = "business_plan", _("Business plan")
        TENDER = "tender", _("Tender documents")
        FINANCIAL_MODEL = "financial_model", _("Financial model")
        RESPONSE = "response", _("Response to remarks")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        ReviewCase, on_delete=models.CASCADE, related_name="documents", verbose_name=_("case")
    )
    doc_type = models.CharField(_("document type"), max_length=20, choices=Type.choices, default=Type.OTHER)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=RandomName("expertise/documents"))
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, default="")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    round = models.PositiveSmallIntegerField(_("remarks round"), default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "doc_type", "-version"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class RemarkRound(BaseModel):
    case = models.ForeignKey(
        ReviewCase, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("case")
    )
    number = models.PositiveSmallIntegerField(_("round"))
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("remarks round")
        verbose_name_plural = _("remarks rounds")
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="expertise_round_unique")]

    def __str__(self) -> str:
        return f"{self.case.number} #{self.number}"


class Remark(BaseModel):
    class Severity(models.TextChoices):
        CRITICAL = "critical", _("Critical")
        MAJOR = "major", _("Major")
        MINOR = "minor", _("Minor")

    round = models.ForeignKey(
        RemarkRound, on_delete=models.CASCADE, related_name="remarks", verbose_name=_("round")
    )
    section = models.CharField(_("section"), max_length=200)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MAJOR
    )
    text = models.TextField(_("remark"))
    initiator_response = models.TextField(_("initiator's response"), blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("author"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["round__number", "id"]
        verbose_name = _("remark")
        verbose_name_plural = _("remarks")

    def __str__(self) -> str:
        return f"{self.section}: {self.text[:60]}"


class FinancialModel(BaseModel):
    """One version of a case's cash-flow model (versions are never edited; a change is a new version)."""

    class PriceBasis(models.TextChoices):
        NOMINAL = "nominal", _("Nominal prices")
        REAL = "real", _("Real (constant) prices")

    case = models.ForeignKey(
        ReviewCase, on_delete=models.CASCADE, related_name="financial_models", verbose_name=_("case")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    financial_rate = models.DecimalField(
        _("financial discount rate"), max_digits=8, decimal_places=6, validators=RATE_VALIDATORS
    )
    social_rate = models.DecimalField(
        _("social discount rate"), max_digits=8, decimal_places=6, validators=RATE_VALIDATORS
    )
    price_basis = models.CharField(
        _("price basis"), max_length=10, choices=PriceBasis.choices, default=PriceBasis.REAL
    )
    base_year = models.PositiveSmallIntegerField(
        _("base year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    periods = models.PositiveSmallIntegerField(
        _("number of years"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    source = models.CharField(_("source"), max_length=10, default="grid")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("financial model")
        verbose_name_plural = _("financial models")
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="expertise_finmodel_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case.number} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("expertise:model-detail", args=[self.case_id, self.pk])

    @property
    def years(self) -> list[int]:
        return [self.base_year + t for t in range(self.periods)]


class CashFlowLine(models.Model):
    KIND_CHOICES = [
        ("capex", _("Capital expenditure")),
        ("opex", _("Operating costs")),
        ("revenue", _("Revenue")),
        ("benefit", _("Economic benefit")),
        ("transfer", _("Transfer (taxes, subsidies)")),
        ("residual", _("Residual value")),
    ]

    model = models.ForeignKey(
        FinancialModel, on_delete=models.CASCADE, related_name="lines", verbose_name=_("financial model")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("line"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    values = models.JSONField(_("values by year"), default=list)
    conversion_factor = models.DecimalField(
        _("conversion factor"), max_digits=8, decimal_places=4, default=Decimal(1)
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("cash-flow line")
        verbose_name_plural = _("cash-flow lines")

    def __str__(self) -> str:
        return self.name

    @property
    def decimal_values(self) -> list[Decimal]:
        return [Decimal(str(v)) for v in self.values]


class AppraisalResult(models.Model):
    """The engine's output for one model version, with the hash of its inputs and the algorithm version."""

    model = models.ForeignKey(
        FinancialModel, on_delete=models.CASCADE, related_name="results", verbose_name=_("financial model")
    )
    results = models.JSONField(_("results"), default=dict)
    inputs_hash = models.CharField(_("inputs hash"), max_length=64)
    algorithm_version = models.CharField(_("algorithm version"), max_length=20)
    computed_at = models.DateTimeField(_("computed"), auto_now_add=True)

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name = _("appraisal result")
        verbose_name_plural = _("appraisal results")

    def __str__(self) -> str:
        return f"{self.model} {self.inputs_hash[:12]}"


class Scenario(BaseModel):
    """An expert-defined scenario of a case: % changes per line kind or per named line, and a delay of inflows.

    ``changes`` is a list of {"target": "kind:<kind>" | "line:<name>", "pct": "<decimal>"}; ``delay_periods``
    moves every inflow line (revenue, benefit, residual) that many periods later within the model's horizon.
    """

    case = models.ForeignKey(
        ReviewCase, on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("case")
    )
    name = models.CharField(_("scenario"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    changes = models.JSONField(_("changes"), default=list, blank=True)
    delay_periods = models.PositiveSmallIntegerField(
        _("delay of revenues and benefits, periods"), default=0, validators=[MaxValueValidator(30)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="expertise_scenario_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class PppAnalysis(BaseModel):
    """A PPP calculation on a financial model version: value for money, fiscal commitments or the limit check.

    Inputs and results are stored as entered/computed, with the inputs' hash and the algorithm version.
    """

    class Kind(models.TextChoices):
        VFM = "vfm", _("Value for money")
        FISCAL = "fiscal", _("Fiscal commitments")
        LIMIT = "limit", _("Obligation limit check")

    model = models.ForeignKey(
        FinancialModel,
        on_delete=models.CASCADE,
        related_name="ppp_analyses",
        verbose_name=_("financial model"),
    )
    kind = models.CharField(_("calculation"), max_length=10, choices=Kind.choices)
    inputs = models.JSONField(_("inputs"), default=dict)
    results = models.JSONField(_("results"), default=dict)
    inputs_hash = models.CharField(_("inputs hash"), max_length=64)
    algorithm_version = models.CharField(_("algorithm version"), max_length=20)
    limit_rule = models.ForeignKey(
        "ObligationLimitRule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("limit rule"),
    )
    override_reason = models.TextField(_("reason to exceed the obligation limit"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("PPP calculation")
        verbose_name_plural = _("PPP calculations")

    def __str__(self) -> str:
        return f"{self.model} {self.get_kind_display()}"


class ObligationLimitRule(BaseModel):
    """The limit of state PPP obligations for a budget level and year (a percentage of a base, or an amount)."""

    class Level(models.TextChoices):
        REPUBLICAN = "republican", _("Republican")
        LOCAL = "local", _("Local (city)")

    level = models.CharField(_("budget level"), max_length=12, choices=Level.choices, default=Level.LOCAL)
    year = models.PositiveSmallIntegerField(_("year"))
    base_description = models.CharField(_("base"), max_length=300, blank=True)
    base_amount = models.DecimalField(
        _("base amount, KZT"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    percentage = models.DecimalField(
        _("percentage of the base"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    amount = models.DecimalField(
        _("limit amount, KZT"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    legal_act = models.ForeignKey(
        RegulatoryBasis, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("legal act")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "level"]
        verbose_name = _("PPP obligation limit rule")
        verbose_name_plural = _("PPP obligation limit rules")
        constraints = [models.UniqueConstraint(fields=["level", "year"], name="expertise_limit_rule_unique")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.year}"

    @property
    def limit(self) -> Decimal | None:
        if self.amount is not None:
            return self.amount
        if self.base_amount is not None and self.percentage is not None:
            return self.base_amount * self.percentage / Decimal(100)
        return None


class Opinion(BaseModel):
    class Outcome(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEGATIVE = "negative", _("Negative")
        RETURNED = "returned_for_revision", _("Returned for revision")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        HEAD_REVIEW = "head_review", _("With the head")
        RETURNED = "returned", _("Returned by the head")
        ISSUED = "issued", _("Issued")

    case = models.ForeignKey(
        ReviewCase, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("case")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    is_superseded = models.BooleanField(_("superseded"), default=False)
    number = models.CharField(_("opinion number"), max_length=20, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    sequence = models.PositiveIntegerField(_("sequence number"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    head_comment = models.TextField(_("comments of the head"), blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    days_to_opinion = models.PositiveIntegerField(_("days from receipt to opinion"), null=True, blank=True)
    language = models.CharField(
        _("language of the document"),
        max_length=2,
        choices=[("ru", "Русский"), ("kk", "Қазақша")],
        default="ru",
    )
    pdf = models.FileField(_("PDF"), upload_to=RandomName("expertise/opinions"), blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    regulatory_basis = models.ForeignKey(
        RegulatoryBasis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("regulatory basis"),
    )
    appraisal = models.ForeignKey(
        AppraisalResult,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appraisal result"),
    )
    obligation_year = models.PositiveSmallIntegerField(_("year of PPP obligations"), null=True, blank=True)
    existing_obligations = models.DecimalField(
        _("existing PPP obligations, KZT"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    new_obligations = models.DecimalField(
        _("new PPP obligations, KZT"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    limit_utilisation = models.DecimalField(
        _("obligation limit utilisation"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    override_reason = models.TextField(_("reason to exceed the obligation limit"), blank=True)
    is_historical = models.BooleanField(_("imported from the archive"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-sequence", "-id"]
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"],
                name="expertise_opinion_number_unique",
                condition=Q(sequence__isnull=False),
            ),
            models.UniqueConstraint(fields=["case", "version"], name="expertise_opinion_version_unique"),
        ]
        indexes = [models.Index(fields=["status", "year"], name="expertise_opinion_stats")]

    def __str__(self) -> str:
        return self.number or str(_("Draft opinion"))

    def get_absolute_url(self) -> str:
        return reverse("expertise:opinion-detail", args=[self.case_id, self.pk])

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class HistoryImport(BaseModel):
    """An uploaded workbook of archive opinions: validated first, written only on confirmation."""

    class Status(models.TextChoices):
        VALIDATING = "validating", _("Being checked")
        INVALID = "invalid", _("Has errors")
        VALID = "valid", _("Ready to import")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("file"), upload_to=RandomName("expertise/imports"))
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VALIDATING)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import of archive opinions")
        verbose_name_plural = _("imports of archive opinions")

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("expertise:import-detail", args=[self.pk])
