"""The implementation plan: milestones (control points), WBS tasks and approved baselines."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel
from projects.models.project import Project


class Milestone(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project"))
    title = models.CharField(_("title"), max_length=500)
    planned_date = models.DateField(_("planned date"))
    forecast_date = models.DateField(_("forecast date"), null=True, blank=True)
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    is_critical = models.BooleanField(_("critical"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_milestones",
        verbose_name=_("owner"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()
    late: bool  # set by the portfolio dashboard

    class Meta:
        ordering = ["project", "order", "planned_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [models.Index(fields=["project", "planned_date"], name="milestone_project_date")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.actual_date is not None


class Task(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("project"))
    wbs_code = models.CharField(_("WBS code"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=500)
    start = models.DateField(_("start"))
    finish = models.DateField(_("finish"))
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0, validators=[MaxValueValidator(100)])
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_tasks",
        verbose_name=_("responsible"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent task")
    )
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("predecessors")
    )
    milestone = models.ForeignKey(
        "projects.Milestone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("milestone"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "wbs_code", "start", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.wbs_code} {self.title}".strip()


class Baseline(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="baselines", verbose_name=_("project"))
    version = models.PositiveIntegerField(_("version"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    change_request = models.ForeignKey(
        "projects.ChangeRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="baselines",
        verbose_name=_("change request"),
    )
    reason = models.TextField(_("reason"), blank=True)
    snapshot = models.JSONField(
        _("snapshot"),
        default=dict,
        blank=True,
        help_text=_("Milestone and task dates, the planned finish and budget totals by year and source."),
    )
    history = HistoricalRecords()

    # Not stored: the change-control page sets them from the snapshot (projects.selectors.delivery).
    planned_finish: datetime.date | None
    total_plan: Decimal

    class Meta:
        ordering = ["project", "-version"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [models.UniqueConstraint(fields=["project", "version"], name="baseline_version_unique")]

    def __str__(self) -> str:
        return f"{self.project.code} B{self.version}"
