"""The project: the register's row and the root of everything inside one project."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel, localized
from projects.models.choices import Confidence, Rag


class ProjectQuerySet(models.QuerySet["Project"]):
    def orphans(self) -> ProjectQuerySet:
        return self.filter(program_item__isnull=True)

    def active(self) -> ProjectQuerySet:
        return self.exclude(stage__in=[Project.Stage.TERMINATED, Project.Stage.POST_PROJECT])


class Project(BaseModel):
    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        INITIATION = "initiation", _("Initiation")
        APPROVED = "approved", _("Approved")
        PLANNING = "planning", _("Planning")
        EXECUTION = "execution", _("Execution and monitoring")
        CLOSURE = "closure", _("Closure")
        POST_PROJECT = "post_project", _("Post-project")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")

    class Type(models.TextChoices):
        CONSTRUCTION = "construction", _("Construction")
        PPP = "ppp", _("Public-private partnership")
        DIGITAL = "digital", _("Digital / IT")
        ORGANISATIONAL = "organisational", _("Organisational")
        SOCIAL = "social", _("Social")
        OTHER = "other", _("Other")

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    title_ru = models.CharField(_("title (Russian)"), max_length=500)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    summary_ru = models.TextField(_("summary (Russian)"))
    summary_kk = models.TextField(_("summary (Kazakh)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    direction = models.ForeignKey(
        "reference.Direction", on_delete=models.PROTECT, related_name="projects", verbose_name=_("basic direction")
    )
    program_item = models.ForeignKey(
        "projects.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("program item"),
        help_text=_("The item of the program document the project implements. Leave empty if there is none."),
    )
    department = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("responsible department"),
    )
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="curated_projects",
        verbose_name=_("curator"),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_projects",
        verbose_name=_("project manager"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="projects.ProjectMember",
        related_name="project_memberships",
        blank=True,
        verbose_name=_("team members"),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.IDEA)
    project_type = models.CharField(_("type"), max_length=16, choices=Type.choices, default=Type.OTHER)
    districts = models.ManyToManyField(
        "reference.District", blank=True, related_name="projects", verbose_name=_("districts")
    )
    sdgs = models.ManyToManyField(
        "reference.SustainableDevelopmentGoal", blank=True, related_name="projects", verbose_name=_("UN SDG goals")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Visible only to the team, the department, the direction, the Project Office and the Steering Committee."),
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_finish = models.DateField(_("planned finish"), null=True, blank=True)
    forecast_start = models.DateField(_("forecast start"), null=True, blank=True)
    forecast_finish = models.DateField(_("forecast finish"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_finish = models.DateField(_("actual finish"), null=True, blank=True)
    rag = models.CharField(_("computed RAG"), max_length=8, choices=Rag.choices, default=Rag.NONE)
    rag_policy_version = models.PositiveIntegerField(_("RAG policy version"), null=True, blank=True)
    confidence = models.CharField(
        _("delivery confidence"), max_length=12, choices=Confidence.choices, blank=True
    )
    search_document = models.TextField(_("search text"), blank=True, editable=False)
    total_budget_plan = models.DecimalField(
        _("planned budget, total"), max_digits=18, decimal_places=2, default=Decimal("0"), editable=False
    )
    history = HistoricalRecords(excluded_fields=["search_document"])

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            models.Index(fields=["direction", "stage"], name="project_direction_stage"),
            models.Index(fields=["department", "stage"], name="project_department_stage"),
            models.Index(fields=["stage"], name="project_stage"),
            models.Index(fields=["rag"], name="project_rag"),
            models.Index(fields=["project_type"], name="project_type"),
            models.Index(fields=["is_confidential"], name="project_confidential"),
            models.Index(fields=["total_budget_plan"], name="project_budget"),
            models.Index(fields=["planned_start", "planned_finish"], name="project_planned_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def is_orphan(self) -> bool:
        return self.program_item_id is None

    def build_search_document(self) -> str:
        """The text the register's full-text search runs over: code, titles and summaries in all languages."""
        parts = [self.code, self.title_ru, self.title_kk, self.title_en, self.summary_ru, self.summary_kk, self.summary_en]
        return "\n".join(p for p in parts if p)


class ProjectMember(BaseModel):
    class Role(models.TextChoices):
        DEPUTY = "deputy", _("Deputy project manager")
        MEMBER = "member", _("Team member")
        OBSERVER = "observer", _("Observer")

    EDITING_ROLES = (Role.DEPUTY, Role.MEMBER)

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_member_rows", verbose_name=_("user")
    )
    role = models.CharField(_("role in the team"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "role", "user"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="project_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
