"""Findings, the management response, corrective actions and their verification, overdue follow-up and the
escalation of overdue critical findings (which portfolio takes into the Steering Committee review queue).

Views check access through audits.permissions; these services check the state of the audit, the finding and
the action, validate, write with history, and notify with message keys (read in each recipient's language)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from audits.models import Audit, ChecklistItem, CorrectiveAction, Finding
from pmis.core.files import display_name
from pmis.core.texts import choice, date, msg
from pmis.notifications.services import notify

A = Audit.Status
CLOSED_AUDIT = (A.ISSUED, A.CANCELLED)
NEEDS_ACTION = (Finding.Severity.CRITICAL, Finding.Severity.MAJOR)


def local_today() -> datetime.date:
    return timezone.localdate()


def response_due_of(finding: Finding, audit: Audit | None = None) -> datetime.date | None:
    """The finding's own response deadline, or the audit's."""
    return finding.response_due or (audit or finding.audit).response_due


def response_is_late(finding: Finding, audit: Audit | None = None) -> bool:
    """A response given after its deadline (still accepted, marked late)."""
    due = response_due_of(finding, audit)
    if due is None or finding.responded_at is None:
        return False
    return timezone.localdate(finding.responded_at) > due


# --- findings ---------------------------------------------------------------------------------------------


def _check_item(audit: Audit, item: ChecklistItem | None) -> None:
    if item is not None and item.version_id != audit.checklist_id:
        raise ValidationError({"item": _("The checklist item is not in this audit's checklist version.")})


def _check_open_audit(audit: Audit) -> None:
    if audit.status in CLOSED_AUDIT:
        raise ValidationError(
            _("The audit's report is issued or the audit is cancelled: findings cannot change.")
        )


@transaction.atomic
def finding_create(
    *,
    audit: Audit,
    actor: Any,
    severity: str,
    title: str,
    description: str,
    item: ChecklistItem | None = None,
    recommendation: str = "",
) -> Finding:
    """Record a finding under the audit's next number (the audit row is locked while numbering)."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    _check_open_audit(audit)
    _check_item(audit, item)
    number = (audit.findings.aggregate(n=Max("number"))["n"] or 0) + 1
    finding = Finding(
        audit=audit,
        number=number,
        severity=severity,
        item=item,
        title=title.strip(),
        description=description.strip(),
        recommendation=recommendation.strip(),
        created_by=actor,
    )
    finding.full_clean()
    finding._history_user = actor
    finding.save()
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    actor: Any,
    severity: str,
    title: str,
    description: str,
    item: ChecklistItem | None = None,
    recommendation: str = "",
) -> Finding:
    audit = Audit.objects.select_for_update().get(pk=finding.audit_id)
    _check_open_audit(audit)
    _check_item(audit, item)
    if finding.status == Finding.Status.CLOSED:
        raise ValidationError(_("The finding is closed."))
    finding.severity = severity
    finding.item = item
    finding.title = title.strip()
    finding.description = description.strip()
    finding.recommendation = recommendation.strip()
    finding.full_clean()
    finding._history_user = actor
    finding.save(update_fields=["severity", "item", "title", "description", "recommendation", "updated_at"])
    return finding


def findings_ready_for_issue(audit: Audit) -> list[str]:
    """Why the report cannot be issued yet as far as findings go (translated in the active language; empty:
    nothing blocks): every open critical and major finding needs a corrective action with an owner and a due
    date."""
    reasons = []
    findings = audit.findings.filter(severity__in=NEEDS_ACTION, status=Finding.Status.OPEN).prefetch_related(
        "actions"
    )
    for finding in findings:
        if not any(a.owner_id and a.due_date for a in finding.actions.all()):
            reasons.append(
                _("Finding %(number)s (%(severity)s) has no corrective action with an owner and a due date.")
                % {"number": finding.number, "severity": finding.get_severity_display()}
            )
    return reasons


# --- management response ------------------------------------------------------------------------------------


@transaction.atomic
def finding_respond(*, finding: Finding, actor: Any, response: str) -> Finding:
    """The project team's management response, while the draft is out for response. A response after the
    deadline is accepted and shown as late."""
    audit = Audit.objects.select_for_update().get(pk=finding.audit_id)
    if audit.status != A.RESPONSE:
        raise ValidationError(_("Responses are accepted only while the draft report is out for response."))
    if finding.status == Finding.Status.CLOSED:
        raise ValidationError(_("The finding is closed."))
    text = response.strip()
    if not text:
        raise ValidationError({"management_response": _("Write the response.")})
    finding.management_response = text
    finding.responded_by = actor
    finding.responded_at = timezone.now()
    if finding.response_due is None:
        finding.response_due = audit.response_due
    finding.full_clean()
    finding._history_user = actor
    finding.save(
        update_fields=["management_response", "responded_by", "responded_at", "response_due", "updated_at"]
    )
    return finding


@transaction.atomic
def finding_accept_response(*, finding: Finding, actor: Any) -> Finding:
    """The auditor accepts the response of a minor finding without corrective actions: the finding closes."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status == Finding.Status.CLOSED:
        raise ValidationError(_("The finding is closed."))
    if finding.severity != Finding.Severity.MINOR:
        raise ValidationError(
            _(
                "Only a minor finding closes on its response; critical and major findings close with their actions."
            )
        )
    if finding.actions.exists():
        raise ValidationError(
            _("The finding has corrective actions: it closes when all of them are verified.")
        )
    if not finding.management_response:
        raise ValidationError(_("There is no management response to accept yet."))
    finding.status = Finding.Status.CLOSED
    finding._history_user = actor
    finding.save(update_fields=["status", "updated_at"])
    return finding


# --- corrective actions -------------------------------------------------------------------------------------


@transaction.atomic
def action_add(
    *, finding: Finding, actor: Any, description: str, owner: Any, due_date: datetime.date
) -> CorrectiveAction:
    """A corrective action with an owner from the project's team and a due date from today on."""
    from projects.selectors.team import project_team_users

    finding = Finding.objects.select_for_update().select_related("audit", "audit__project").get(pk=finding.pk)
    if finding.audit.status == A.CANCELLED:
        raise ValidationError(_("The audit is cancelled."))
    if finding.status == Finding.Status.CLOSED:
        raise ValidationError(_("The finding is closed."))
    errors: dict[str, str] = {}
    if owner is None or not project_team_users(finding.audit.project).filter(pk=owner.pk).exists():
        errors["owner"] = _("The owner must be a member of the project's team.")
    if due_date is None or due_date < local_today():
        errors["due_date"] = _("The due date cannot be in the past.")
    if not description.strip():
        errors["description"] = _("Describe the action.")
    if errors:
        raise ValidationError(errors)
    action = CorrectiveAction(
        finding=finding, description=description.strip(), owner=owner, due_date=due_date
    )
    action.full_clean()
    action._history_user = actor
    action.save()
    if owner.pk != actor.pk:
        notify(
            recipients=[owner],
            title=msg(
                "You own a corrective action of audit %(audit)s, due %(due)s",
                audit=finding.audit.number,
                due=date(due_date),
            ),
            body=msg("Finding %(number)s: %(title)s", number=finding.number, title=finding.title),
            url=reverse("audits:action-detail", args=[action.pk]),
        )
    return action


@transaction.atomic
def action_complete(
    *, action: CorrectiveAction, actor: Any, note: str, uploaded_file: Any
) -> CorrectiveAction:
    """The owner reports the action done with a note and an evidence file (checked like every upload,
    SHA-256 kept); it then waits for an auditor's verification."""
    from projects.services.documents import inspect_upload

    action = (
        CorrectiveAction.objects.select_for_update()
        .select_related("finding", "finding__audit")
        .get(pk=action.pk)
    )
    if action.owner_id != actor.pk:
        raise ValidationError(_("Only the action's owner reports it done."))
    if action.status != CorrectiveAction.Status.OPEN:
        raise ValidationError(_("The action is not open."))
    if not note.strip():
        raise ValidationError({"completion_note": _("Describe what was done.")})
    if uploaded_file is None:
        raise ValidationError({"evidence": _("Attach the evidence of completion.")})
    try:
        extension, _content_type, sha256, _size = inspect_upload(uploaded_file)
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.messages}) from exc
    # a file sent back earlier stays in storage: the history rows still point to it (the evidence trail)
    action.evidence.save(f"{uuid.uuid4().hex}{extension}", File(uploaded_file), save=False)
    action.evidence_name = display_name(uploaded_file.name or "", limit=255) or f"evidence{extension}"
    action.evidence_sha256 = sha256
    action.completion_note = note.strip()
    action.completed_at = timezone.now()
    action.status = CorrectiveAction.Status.DONE
    try:
        action.full_clean()
    except ValidationError:
        action.evidence.delete(save=False)
        raise
    action._history_user = actor
    action.save()
    audit = action.finding.audit
    notify(
        recipients=_audit_auditors(audit, exclude=actor),
        title=msg("A corrective action of audit %(audit)s awaits your verification", audit=audit.number),
        body=msg("Finding %(number)s: %(title)s", number=action.finding.number, title=action.finding.title),
        url=reverse("audits:action-detail", args=[action.pk]),
    )
    return action


def _audit_auditors(audit: Audit, *, exclude: Any = None) -> list[Any]:
    from pmis.accounts.models import User

    ids = {audit.lead_id, *audit.team.values_list("user_id", flat=True)}
    if exclude is not None:
        ids.discard(exclude.pk)
    return list(User.objects.filter(pk__in=ids))


@transaction.atomic
def action_verify(*, action: CorrectiveAction, actor: Any, note: str = "") -> CorrectiveAction:
    """An auditor who is not the owner verifies the closure (four eyes); the finding closes once all its
    actions are verified."""
    action = CorrectiveAction.objects.select_for_update().select_related("finding").get(pk=action.pk)
    if action.owner_id == actor.pk:
        raise ValidationError(_("The owner of an action cannot verify it."))
    if action.status != CorrectiveAction.Status.DONE:
        raise ValidationError(_("Only an action reported done can be verified."))
    action.status = CorrectiveAction.Status.VERIFIED
    action.verified_by = actor
    action.verified_at = timezone.now()
    action.verification_note = note.strip()
    action.full_clean()
    action._history_user = actor
    action.save(update_fields=["status", "verified_by", "verified_at", "verification_note", "updated_at"])
    finding = Finding.objects.select_for_update().get(pk=action.finding_id)
    if (
        finding.status == Finding.Status.OPEN
        and not finding.actions.exclude(status=CorrectiveAction.Status.VERIFIED).exists()
    ):
        finding.status = Finding.Status.CLOSED
        finding._history_user = actor
        finding.save(update_fields=["status", "updated_at"])
    return action


@transaction.atomic
def action_return(*, action: CorrectiveAction, actor: Any, note: str) -> CorrectiveAction:
    """An auditor who is not the owner sends the action back to its owner with a note."""
    action = (
        CorrectiveAction.objects.select_for_update()
        .select_related("finding", "finding__audit")
        .get(pk=action.pk)
    )
    if action.owner_id == actor.pk:
        raise ValidationError(_("The owner of an action cannot verify it."))
    if action.status != CorrectiveAction.Status.DONE:
        raise ValidationError(_("Only an action reported done can be sent back."))
    if not note.strip():
        raise ValidationError({"note": _("Say what is missing.")})
    action.status = CorrectiveAction.Status.OPEN
    action.verification_note = note.strip()
    action.full_clean()
    action._history_user = actor
    action.save(update_fields=["status", "verification_note", "updated_at"])
    notify(
        recipients=[action.owner],
        title=msg(
            "Your corrective action of audit %(audit)s was sent back", audit=action.finding.audit.number
        ),
        body=msg("Auditor's note: %(note)s", note=action.verification_note),
        url=reverse("audits:action-detail", args=[action.pk]),
        kind="warning",
    )
    return action


# --- overdue follow-up and escalation -----------------------------------------------------------------------


def overdue_actions(today: datetime.date) -> Any:
    return CorrectiveAction.objects.filter(status=CorrectiveAction.Status.OPEN, due_date__lt=today).exclude(
        finding__audit__status=A.CANCELLED
    )


@transaction.atomic
def overdue_follow_up(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily pass: each overdue open action notifies its owner and its department's head at most once a day
    (`last_overdue_notice`); an open critical finding with an overdue action or an overdue response is marked
    escalated once (portfolio takes it into the Steering Committee review queue)."""
    from projects.selectors.team import department_heads

    today = today or local_today()
    actions = list(
        overdue_actions(today)
        .filter(Q(last_overdue_notice__isnull=True) | Q(last_overdue_notice__lt=today))
        .select_related("owner", "finding", "finding__audit", "finding__audit__project")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    heads = department_heads({a.finding.audit.project.department_id for a in actions})
    notices = 0
    for action in actions:
        finding, audit = action.finding, action.finding.audit
        notices += notify(
            recipients=[action.owner, *heads.get(audit.project.department_id, [])],
            title=msg(
                "Corrective action of audit %(audit)s is overdue (due %(due)s)",
                audit=audit.number,
                due=date(action.due_date),
            ),
            body=msg(
                "Project %(code)s, finding %(number)s (%(severity)s): %(action)s",
                code=audit.project.code,
                number=finding.number,
                severity=choice(finding, "severity"),
                action=action.description[:200],
            ),
            url=reverse("audits:action-detail", args=[action.pk]),
            kind="warning",
        )
        action.last_overdue_notice = today
        action.updated_at = timezone.now()
    if actions:
        bulk_update_with_history(
            actions, CorrectiveAction, ["last_overdue_notice", "updated_at"], batch_size=1000
        )
    escalated = findings_escalate(today=today)
    return {"overdue_actions": len(actions), "notices": notices, "escalated": escalated}


def overdue_critical_findings(today: datetime.date) -> Any:
    """Open critical findings with an overdue open action or an overdue response (not cancelled audits)."""
    late_action = overdue_actions(today).values("finding_id")
    response_overdue = Q(audit__status=A.RESPONSE, management_response="") & (
        Q(response_due__lt=today) | Q(response_due__isnull=True, audit__response_due__lt=today)
    )
    return Finding.objects.filter(
        Q(pk__in=late_action) | response_overdue,
        severity=Finding.Severity.CRITICAL,
        status=Finding.Status.OPEN,
    ).exclude(audit__status=A.CANCELLED)


def findings_escalate(*, today: datetime.date) -> int:
    """Mark each overdue critical finding escalated, once (with history)."""
    rows = list(
        overdue_critical_findings(today)
        .filter(escalated_at__isnull=True)
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    now = timezone.now()
    for finding in rows:
        finding.escalated_at, finding.updated_at = now, now
    if rows:
        bulk_update_with_history(rows, Finding, ["escalated_at", "updated_at"], batch_size=1000)
    return len(rows)


def findings_pending() -> bool:
    """Whether an escalated finding waits to be taken into the review queue."""
    return Finding.objects.filter(escalated_at__isnull=False, taken_at__isnull=True).exists()


def findings_to_take(*, limit: int = 2000) -> list[Finding]:
    """Escalated findings not yet in the review queue, oldest first, locked for the caller's transaction (a
    concurrent taker skips them), with their audit and project."""
    return list(
        Finding.objects.filter(escalated_at__isnull=False, taken_at__isnull=True)
        .select_related("audit", "audit__project")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("escalated_at", "pk")[:limit]
    )


def findings_mark_taken(*, findings: Iterable[Finding], when: datetime.datetime | None = None) -> int:
    """Record that the findings are in the review queue (with a history row each)."""
    when = when or timezone.now()
    rows = [f for f in findings if f.taken_at is None]
    for f in rows:
        f.taken_at, f.updated_at = when, when
    if rows:
        bulk_update_with_history(rows, Finding, ["taken_at", "updated_at"], batch_size=1000)
    return len(rows)
