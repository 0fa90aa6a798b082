"""Portfolio governance: tolerance rules, submissions and the review queue, meetings with their agenda,
decisions, votes, expert opinions and conflict declarations, assignments (поручения) and agenda packs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from pmis.core.files import RandomName
from pmis.core.models import BaseModel
from pmis.core.texts import render as render_text

USER = settings.AUTH_USER_MODEL


class GeneratedTitle:
    """A title typed by a person is kept as typed; one the system generated is rendered per reader."""

    title: str
    title_msg: dict[str, object]

    @property
    def display_title(self) -> str:
        return render_text(self.title_msg or None, fallback=self.title)

    @property
    def title_arg(self) -> object:
        """The title as an argument of another stored message (still rendered per reader)."""
        return {"t": "msg", **self.title_msg} if self.title_msg else self.title


class ToleranceRule(BaseModel):
    """Above these limits a change request goes to the Steering Committee (a direction's rule wins over the city's)."""

    direction = models.OneToOneField(
        "reference.Direction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tolerance_rule",
        verbose_name=_("basic direction"),
        help_text=_("Leave empty for the city-wide default rule."),
    )
    schedule_days = models.PositiveIntegerField(_("schedule tolerance, days"), default=30)
    budget_percent = models.DecimalField(
        _("budget tolerance, percent of the planned budget"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
    )
    budget_amount = models.DecimalField(
        _("budget tolerance, ₸"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Optional absolute limit; the lower limit applies."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["direction__number"]
        verbose_name = _("tolerance rule")
        verbose_name_plural = _("tolerance rules")
        constraints = [
            models.UniqueConstraint(
                fields=["direction"],
                condition=models.Q(direction__isnull=True) & models.Q(is_active=True),
                name="tolerance_one_active_default",
            ),
        ]

    def __str__(self) -> str:
        return str(self.direction) if self.direction_id else str(_("City-wide default"))


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def open(self) -> SubmissionQuerySet:
        return self.filter(status__in=Submission.OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> SubmissionQuerySet:
        today = today or timezone.localdate()
        return self.filter(status__in=Submission.ACTIVE_STEPS, step_due__lt=today)


class Submission(GeneratedTitle, BaseModel):
    """An item sent up for review: manager → coordinator → Project Office → meeting agenda → decision."""

    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport approval")
        GATE = "gate", _("Gate decision")
        CHANGE_REQUEST = "change_request", _("Change request over tolerance")
        ISSUE = "issue", _("Escalated cross-sectoral issue")
        STATUS_EXCEPTION = "status_exception", _("Status exception")
        AUDIT_FINDING = "audit_finding", _("Overdue critical audit finding")

    class Status(models.TextChoices):
        AT_COORDINATOR = "at_coordinator", _("With the direction coordinator")
        RETURNED = "returned", pgettext_lazy("submission status", "Returned with remarks")
        AT_PMO = "at_pmo", _("With the Project Office")
        SCHEDULED = "scheduled", _("On a meeting agenda")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Submitted by the project")
        TOLERANCE = "tolerance", _("Rule: change over tolerance")
        ESCALATION = "escalation", _("Rule: Red for two consecutive periods")
        AUDIT = "audit", _("Rule: overdue critical audit finding")

    OPEN_STATUSES = (Status.AT_COORDINATOR, Status.RETURNED, Status.AT_PMO, Status.SCHEDULED)
    ACTIVE_STEPS = (Status.AT_COORDINATOR, Status.AT_PMO, Status.SCHEDULED, Status.RETURNED)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.MANUAL)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="submissions", verbose_name=_("project")
    )
    direction = models.ForeignKey(
        "reference.Direction",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("basic direction"),
    )
    other_directions = models.ManyToManyField(
        "reference.Direction",
        blank=True,
        related_name="cross_submissions",
        verbose_name=_("other directions involved"),
    )
    title = models.CharField(_("title"), max_length=500)
    title_msg = models.JSONField(
        _("generated title"),
        default=dict,
        blank=True,
        help_text=_(
            "A title the system wrote, as a message key and its arguments, shown in the reader's language."
        ),
    )
    request = models.TextField(
        _("the request"), help_text=_("What the Committee is asked to decide, and why.")
    )
    reason_msg = models.JSONField(
        _("why the rule filed it"),
        default=dict,
        blank=True,
        help_text=_(
            "For a submission a rule filed: the system's explanation, shown in the reader's language."
        ),
    )
    draft_decision = models.TextField(_("draft decision"), blank=True)
    change_request = models.ForeignKey(
        "projects.ChangeRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("change request"),
    )
    gate = models.CharField(
        _("gate"),
        max_length=8,
        blank=True,
        choices=[
            ("gate_1", _("Gate 1: approve the project")),
            ("gate_2", _("Gate 2: approve the plan")),
            ("gate_3", _("Gate 3: closure")),
        ],
    )
    passport = models.ForeignKey(
        "projects.PassportVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("passport version"),
    )
    escalation_id = models.PositiveBigIntegerField(_("escalation"), null=True, blank=True, unique=True)
    # the audit finding (audits.Finding) an audit-finding submission was filed for: a finding enters the queue once
    audit_finding_id = models.PositiveBigIntegerField(_("audit finding"), null=True, blank=True, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.AT_COORDINATOR
    )
    step_due = models.DateField(_("step deadline"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    screening_note = models.TextField(_("coordinator's screening note"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    screened_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screened by"),
    )
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    pmo_note = models.TextField(_("Project Office check"), blank=True)
    checked_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked by")
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[other_directions])

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["step_due", "-submitted_at", "-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [
            models.Index(fields=["direction", "status"], name="submission_direction_status"),
            models.Index(fields=["status", "step_due"], name="submission_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display_title}"

    @property
    def reason_text(self) -> str:
        return render_text(self.reason_msg or None)

    def get_absolute_url(self) -> str:
        return reverse("portfolio:submission", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.step_due and self.status in self.ACTIVE_STEPS and self.step_due < timezone.localdate()
        )

    @property
    def is_cross_sectoral(self) -> bool:
        return self.kind == self.Kind.ISSUE


class Meeting(BaseModel):
    class Kind(models.TextChoices):
        STEERING = "steering", _("Steering Committee")
        DIRECTION = "direction", _("Direction meeting")

    class Procedure(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        WRITTEN = "written", _("Written procedure")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
        HELD = "held", _("Held")
        CLOSED = "closed", _("Minutes signed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.STEERING)
    procedure = models.CharField(
        _("procedure"),
        max_length=10,
        choices=Procedure.choices,
        default=Procedure.IN_PERSON,
        help_text=_(
            "A written procedure: members vote in writing until the date; nobody needs to be present."
        ),
    )
    direction = models.ForeignKey(
        "reference.Direction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("basic direction"),
        help_text=_("Required for a direction meeting."),
    )
    number = models.CharField(_("number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("place"), max_length=255, blank=True)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How many voting members must be present."),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(_("minutes"), blank=True)
    secretary = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("secretary")
    )
    history = HistoricalRecords()
    latest_pack: AgendaPack | None  # set by the Committee dashboard

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["kind", "status", "starts_at"], name="meeting_kind_status_start")]

    def __str__(self) -> str:
        return f"{self.title} · {timezone.localtime(self.starts_at):%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:meeting", args=[self.pk])


class Attendance(BaseModel):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        EXPERT = "expert", _("Independent expert")
        INVITED = "invited", _("Invited")

    VOTING = (Role.CHAIR, Role.MEMBER)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="meeting_attendances", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    present = models.BooleanField(_("present"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "role", "user__last_name"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class AgendaItem(GeneratedTitle, BaseModel):
    class Decision(models.TextChoices):
        APPROVED = "approved", pgettext_lazy("decision", "Approved")
        APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("Approved with conditions")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for revision")
        NOTED = "noted", _("Noted")

    class GateOutcome(models.TextChoices):
        """What a rejected gate means for the project (LIFECYCLE: a gate decision is proceed / proceed with
        conditions / hold / stop; the approvals map to the first two)."""

        STOP = "stop", _("Stop: terminate the project")
        HOLD = "hold", _("Hold: suspend the project")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    submission = models.ForeignKey(
        Submission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("submission"),
    )
    carried_assignment = models.ForeignKey(
        "portfolio.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_items",
        verbose_name=_("overdue assignment carried over"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=500)
    title_msg = models.JSONField(
        _("generated title"),
        default=dict,
        blank=True,
        help_text=_(
            "A title the system wrote, as a message key and its arguments, shown in the reader's language."
        ),
    )
    presenter = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("presenter")
    )
    starts_at = models.TimeField(_("time slot"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), default=15)
    materials = models.TextField(
        _("materials"), blank=True, help_text=_("Documents and links the members should read.")
    )
    draft_decision = models.TextField(_("draft decision"), blank=True)
    decision = models.CharField(_("decision"), max_length=24, choices=Decision.choices, blank=True)
    decision_text = models.TextField(_("decision text"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    gate_outcome = models.CharField(
        _("gate outcome of a rejection"),
        max_length=8,
        choices=GateOutcome.choices,
        blank=True,
        help_text=_("For a rejected gate decision: stop terminates the project, hold suspends it."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()
    # set by the meeting page: a line without its title for a reader who may not open the project
    redacted: bool

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.order}. {self.display_title}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:item", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)

    @property
    def draft_decision_text(self) -> str:
        """The draft decision; for an overdue assignment carried over with none written, the usual one in the
        reader's language."""
        if self.draft_decision or not self.carried_assignment_id:
            return self.draft_decision
        return str(_("Hear the responsible person; set a new due date or take measures."))


class Vote(BaseModel):
    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="votes", verbose_name=_("agenda item")
    )
    member = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "member__last_name"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="vote_one_per_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class ExpertOpinion(BaseModel):
    class Recommendation(models.TextChoices):
        SUPPORT = "support", _("Support")
        SUPPORT_WITH_CONDITIONS = "conditions", _("Support with conditions")
        OPPOSE = "oppose", _("Do not support")

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("agenda item")
    )
    expert = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("independent expert")
    )
    recommendation = models.CharField(_("recommendation"), max_length=12, choices=Recommendation.choices)
    text = models.TextField(_("opinion"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "created_at"]
        verbose_name = _("expert opinion")
        verbose_name_plural = _("expert opinions")
        constraints = [models.UniqueConstraint(fields=["item", "expert"], name="opinion_one_per_expert")]

    def __str__(self) -> str:
        return f"{self.expert}: {self.get_recommendation_display()}"


class ConflictDeclaration(BaseModel):
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("agenda item")
    )
    member = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    has_conflict = models.BooleanField(_("I have a conflict of interest"), default=False)
    note = models.TextField(_("explanation"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "member__last_name"]
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="conflict_one_per_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.has_conflict}"


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def open(self) -> AssignmentQuerySet:
        return self.filter(status__in=Assignment.OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> AssignmentQuerySet:
        return self.filter(status__in=Assignment.OPEN_STATUSES, due_date__lt=today or timezone.localdate())


class Assignment(GeneratedTitle, BaseModel):
    """An instruction (поручение) from a decision or a meeting, followed up until the issuer accepts it."""

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        REPORTED = "reported", _("Reported as done")
        ACCEPTED = "accepted", _("Accepted")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.OPEN, Status.REPORTED)

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("meeting"),
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("agenda item"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("project"),
    )
    direction = models.ForeignKey(
        "reference.Direction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("basic direction"),
    )
    title = models.CharField(_("title"), max_length=500)
    title_msg = models.JSONField(
        _("generated title"),
        default=dict,
        blank=True,
        help_text=_(
            "A title the system wrote, as a message key and its arguments, shown in the reader's language."
        ),
    )
    description = models.TextField(_("what must be done"), blank=True)
    owner_organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("responsible organization"),
    )
    owner_person = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("responsible person"),
    )
    issued_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issued_assignments",
        verbose_name=_("issued by"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(_("evidence of completion"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    acceptance_note = models.TextField(_("issuer's note"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    reminded_before_on = models.DateField(_("reminded before the due date"), null=True, blank=True)
    reminded_after_on = models.DateField(_("last overdue reminder"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            models.Index(fields=["status", "due_date"], name="assignment_status_due"),
            models.Index(fields=["direction", "status"], name="assignment_direction_status"),
            models.Index(fields=["owner_organization", "status"], name="assignment_owner_status"),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("portfolio:assignment", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_date < timezone.localdate()


class AgendaPack(BaseModel):
    """One published version of a meeting's agenda pack: the PDF, the same body as HTML, and what changed."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="packs", verbose_name=_("meeting")
    )
    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=8, default="ru")
    file = models.FileField(_("PDF"), upload_to=RandomName("portfolio/packs"), blank=True)
    html = models.TextField(_("HTML body"), blank=True)
    redacted_file = models.FileField(
        _("public edition (PDF)"),
        upload_to=RandomName("portfolio/packs"),
        blank=True,
        help_text=_("Without the items about confidential projects, for readers who may not open those."),
    )
    redacted_html = models.TextField(_("public edition (HTML body)"), blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True)
    changes = models.JSONField(_("changes since the previous version"), default=list, blank=True)
    published_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["html", "redacted_html", "snapshot"])

    class Meta:
        ordering = ["meeting", "-version"]
        verbose_name = _("agenda pack")
        verbose_name_plural = _("agenda packs")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version", "language"], name="pack_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:pack", args=[self.pk])

    @property
    def download_name(self) -> str:
        """The name the PDF is downloaded under (the stored name is random)."""
        return f"agenda-pack-{self.meeting_id}-v{self.version}-{self.language}.pdf"


class OpenDataRelease(BaseModel):
    """One generation of the open-data files: the OC4IDS 0.9.5 project package (JSON) and the CSV of the same
    published projects, both validated before they are kept. The newest release is what `/open-data/` serves;
    its `etag` (SHA-256 of the JSON and the CSV) and `created_at` answer conditional requests. A release is
    built by a job after every publication or withdrawal and nightly; a run that finds nothing changed keeps
    the current release instead of writing an equal one."""

    package = models.FileField(_("OC4IDS package"), upload_to=RandomName("opendata"))
    csv = models.FileField(_("CSV"), upload_to=RandomName("opendata"))
    etag = models.CharField(_("ETag"), max_length=64, db_index=True)
    project_count = models.PositiveIntegerField(_("projects"), default=0)
    package_size = models.PositiveBigIntegerField(_("package size, bytes"), default=0)
    csv_size = models.PositiveBigIntegerField(_("CSV size, bytes"), default=0)
    seconds = models.DecimalField(_("build time, seconds"), max_digits=8, decimal_places=2, default=Decimal("0"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("open-data release")
        verbose_name_plural = _("open-data releases")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.project_count})"
