"""Writes on the registers inside a project: risks, issues and change requests with their workflow.

Change request workflow: draft → submitted → assessed → approved / rejected; a submitted or assessed
request may be returned to the author (status "returned"), who edits and submits it again. Approving
creates the next baseline version of the project. Views check who may act (permissions_delivery);
these services check that the move is allowed from the current status.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core.texts import msg
from pmis.notifications.services import notify
from projects.models import ChangeRequest, Project, ProjectIssue, Risk
from projects.services.plan import baseline_create

RISK_FIELDS = ["title", "description", "probability", "impact", "score", "owner", "response", "status", "review_date"]
ISSUE_FIELDS = ["title", "description", "severity", "owner", "status", "due_date"]
CR_EDIT_FIELDS = [
    "title", "description", "change_scope", "change_dates", "change_budget", "change_indicators",
    "justification", "impact", "schedule_impact_days", "budget_impact",
]

S = ChangeRequest.Status
EDITABLE_CR = (S.DRAFT, S.RETURNED)


@transaction.atomic
def risk_save(*, risk: Risk, actor: Any) -> Risk:
    """Create or update a risk; the score is always probability × impact."""
    risk.full_clean(exclude=["score"])
    risk.score = risk.probability * risk.impact
    if risk.pk is None:
        risk.save()
    else:
        risk.save(update_fields=[*RISK_FIELDS, "updated_at"])
    return risk


@transaction.atomic
def issue_save(*, issue: ProjectIssue, actor: Any) -> ProjectIssue:
    issue.full_clean()
    if issue.pk is None:
        issue.save()
    else:
        issue.save(update_fields=[*ISSUE_FIELDS, "updated_at"])
    return issue


# Change requests


@transaction.atomic
def change_request_save(*, change: ChangeRequest, actor: Any) -> ChangeRequest:
    """Create (next number in the project) or edit a draft or returned change request."""
    if change.pk is None:
        Project.objects.select_for_update().filter(pk=change.project_id).first()
        last = ChangeRequest.objects.filter(project_id=change.project_id).aggregate(n=Max("number"))["n"] or 0
        change.number = last + 1
        change.status = S.DRAFT
        change.full_clean()
        change.save()
        return change
    current = ChangeRequest.objects.filter(pk=change.pk).values_list("status", flat=True).get()
    if current not in EDITABLE_CR:
        raise ValidationError(_("Only a draft or returned change request can be edited."))
    change.full_clean()
    change.save(update_fields=[*CR_EDIT_FIELDS, "updated_at"])
    return change


def _move(change: ChangeRequest, *, allowed_from: tuple[str, ...], to: str, fields: list[str]) -> ChangeRequest:
    locked = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if locked.status not in allowed_from:
        raise ValidationError(
            _("The change request is “%(status)s”; this action is not possible now.")
            % {"status": locked.get_status_display()}
        )
    change.status = to
    change.full_clean()
    change.save(update_fields=["status", *fields, "updated_at"])
    return change


def _url(change: ChangeRequest) -> str:
    return reverse("projects:change-detail", args=[change.project_id, change.pk])


@transaction.atomic
def change_request_submit(*, change: ChangeRequest, actor: Any) -> ChangeRequest:
    if not (change.justification or "").strip():
        raise ValidationError({"justification": _("Give the justification before submitting.")})
    change.submitted_by = actor
    change.submitted_at = timezone.now()
    _move(change, allowed_from=EDITABLE_CR, to=S.SUBMITTED, fields=["submitted_by", "submitted_at"])
    project = change.project
    notify(
        recipients=list(project.direction.coordinators.all()),
        title=msg("Change request %(n)s of %(code)s submitted for assessment", n=change.number, code=project.code),
        url=_url(change),
    )
    return change


@transaction.atomic
def change_request_assess(*, change: ChangeRequest, actor: Any, assessment: str) -> ChangeRequest:
    if not (assessment or "").strip():
        raise ValidationError({"assessment": _("Write the assessment.")})
    change.assessment = assessment.strip()
    return _move(change, allowed_from=(S.SUBMITTED,), to=S.ASSESSED, fields=["assessment"])


@transaction.atomic
def change_request_return(*, change: ChangeRequest, actor: Any, note: str) -> ChangeRequest:
    if not (note or "").strip():
        raise ValidationError({"decision_note": _("Say what must be revised.")})
    change.decision_note = note.strip()
    change.decided_by = actor
    change.decided_at = timezone.now()
    _move(
        change, allowed_from=(S.SUBMITTED, S.ASSESSED), to=S.RETURNED,
        fields=["decision_note", "decided_by", "decided_at"],
    )
    notify(
        recipients=[change.submitted_by],
        title=msg("Change request %(n)s returned for revision", n=change.number),
        body=change.decision_note,
        url=_url(change),
        kind="warning",
    )
    return change


@transaction.atomic
def change_request_reject(*, change: ChangeRequest, actor: Any, note: str) -> ChangeRequest:
    if not (note or "").strip():
        raise ValidationError({"decision_note": _("Give the reason for rejecting.")})
    change.decision_note = note.strip()
    change.decided_by = actor
    change.decided_at = timezone.now()
    _move(change, allowed_from=(S.ASSESSED,), to=S.REJECTED, fields=["decision_note", "decided_by", "decided_at"])
    notify(
        recipients=[change.submitted_by],
        title=msg("Change request %(n)s rejected", n=change.number),
        body=change.decision_note,
        url=_url(change),
    )
    return change


@transaction.atomic
def change_request_approve(*, change: ChangeRequest, actor: Any, note: str = "") -> ChangeRequest:
    """Approve an assessed request and freeze the current plan as the next baseline version."""
    change.decision_note = (note or "").strip()
    change.decided_by = actor
    change.decided_at = timezone.now()
    _move(change, allowed_from=(S.ASSESSED,), to=S.APPROVED, fields=["decision_note", "decided_by", "decided_at"])
    baseline = baseline_create(
        project=change.project,
        actor=actor,
        change_request=change,
        reason=_("Change request %(n)s: %(title)s") % {"n": change.number, "title": change.title},
    )
    change.resulting_baseline = baseline
    change.save(update_fields=["resulting_baseline", "updated_at"])
    notify(
        recipients=[change.submitted_by],
        title=msg("Change request %(n)s approved; baseline version %(v)s recorded", n=change.number, v=baseline.version),
        url=_url(change),
        kind="success",
    )
    return change
