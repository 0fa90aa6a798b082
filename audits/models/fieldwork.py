"""An audit of one drawn project: team (with conflict-of-interest declarations), schedule, document requests,
checklist answers with pre-checks and evidence."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.models.checklists import ChecklistItem, ChecklistVersion
from audits.models.draws import AuditDraw
from audits.models.programme import AuditProgramme
from pmis.core.files import RandomName
from pmis.core.models import BaseModel


class AuditQuerySet(models.QuerySet["Audit"]):
    def open(self) -> AuditQuerySet:
        return self.exclude(status__in=[Audit.Status.ISSUED, Audit.Status.CANCELLED])


class Audit(BaseModel):
    """The audit engagement. Planned → fieldwork → draft report → management response → issued (final,
    immutable); cancelled is a way out before issue."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        FIELDWORK = "fieldwork", _("Fieldwork")
        DRAFT_REPORT = "draft_report", _("Draft report")
        RESPONSE = "response", _("Management response")
        ISSUED = "issued", _("Report issued")
        CANCELLED = "cancelled", _("Cancelled")

    class Rating(models.TextChoices):
        HIGH = "high", _("Compliant")
        MEDIUM = "medium", _("Largely compliant")
        LOW = "low", _("Partially compliant")
        NONE = "none", _("Non-compliant")

    number = models.CharField(_("number"), max_length=20, unique=True)
    programme = models.ForeignKey(
        AuditProgramme, on_delete=models.PROTECT, related_name="audits", verbose_name=_("programme")
    )
    draw = models.ForeignKey(
        AuditDraw,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("draw"),
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="audits", verbose_name=_("project")
    )
    checklist = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="audits", verbose_name=_("checklist version")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead auditor")
    )
    cutoff_date = models.DateField(_("data as of (cut-off)"))
    planned_start = models.DateField(_("fieldwork from"))
    planned_finish = models.DateField(_("fieldwork to"))
    scope = models.TextField(_("scope"), blank=True)
    team_notified_at = models.DateTimeField(_("project team notified"), null=True, blank=True)
    response_due = models.DateField(_("management response due"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=4, null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices, blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    history = HistoricalRecords()

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_start", "-id"]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        indexes = [models.Index(fields=["status"], name="audit_status")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("audits:audit-detail", args=[self.pk])

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class AuditTeamMember(BaseModel):
    """The lead auditor and members, each with a signed conflict-of-interest declaration."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead auditor")
        MEMBER = "member", _("Team member")

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="team", verbose_name=_("audit"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="audit_teams",
        verbose_name=_("auditor"),
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    declared_at = models.DateTimeField(_("conflict-of-interest declaration signed"))
    declaration = models.TextField(_("declaration"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "role", "id"]
        verbose_name = _("audit team member")
        verbose_name_plural = _("audit team members")
        constraints = [models.UniqueConstraint(fields=["audit", "user"], name="audit_team_once")]

    def __str__(self) -> str:
        return f"{self.audit} · {self.user}"


class DocumentRequest(BaseModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        RECEIVED = "received", _("Received")
        NOT_PROVIDED = "not_provided", _("Not provided")

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="document_requests", verbose_name=_("audit")
    )
    text = models.CharField(_("document requested"), max_length=500)
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "due_date", "id"]
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")

    def __str__(self) -> str:
        return self.text


class ChecklistAnswer(BaseModel):
    """The answer to one checklist item in one audit, with the automatic pre-check computed at the cut-off
    date beside it (passed / failed / not checked, with its numbers) and the auditor's confirmation or
    override (with a reason)."""

    class Result(models.TextChoices):
        COMPLIANT = "compliant", _("Compliant")
        PARTIAL = "partial", _("Partially compliant")
        NON_COMPLIANT = "non_compliant", _("Non-compliant")
        NOT_APPLICABLE = "na", _("Not applicable")

    class Precheck(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")
        NOT_CHECKED = "not_checked", _("Not checked")

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="answers", verbose_name=_("audit")
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="answers", verbose_name=_("checklist item")
    )
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    precheck_status = models.CharField(
        _("pre-check"), max_length=12, choices=Precheck.choices, default=Precheck.NOT_CHECKED
    )
    # message key + arguments for each line of the pre-check's numbers (pmis.core.texts)
    precheck_facts = models.JSONField(_("pre-check figures"), default=list, blank=True)
    precheck_confirmed = models.BooleanField(_("pre-check confirmed by the auditor"), default=False)
    override_reason = models.TextField(_("reason for overriding the pre-check"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "item__number"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [models.UniqueConstraint(fields=["audit", "item"], name="audit_answer_once")]

    def __str__(self) -> str:
        return f"{self.audit} · {self.item.number}"

    SCORES = {"compliant": Decimal("1"), "partial": Decimal("0.5"), "non_compliant": Decimal("0")}

    @property
    def score(self) -> Decimal | None:
        """1 / 0.5 / 0, or None for not applicable and unanswered (left out of the score)."""
        return self.SCORES.get(self.result)


class Evidence(BaseModel):
    """Evidence for an answer: a document of the project's register by reference, or an uploaded file (its
    SHA-256 kept either way)."""

    answer = models.ForeignKey(
        ChecklistAnswer, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("answer")
    )
    project_document = models.ForeignKey(
        "projects.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("register document"),
    )
    file = models.FileField(_("file"), upload_to=RandomName("audits/evidence"), blank=True, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    description = models.CharField(_("description"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["answer", "created_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name or self.description or self.sha256[:12]
