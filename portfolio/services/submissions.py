"""Submissions through the review queue: filed, screened by the coordinator, checked and scheduled by the
Project Office, returned and resubmitted."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core.texts import Text, msg
from pmis.notifications.services import notify
from portfolio.models import (
    AgendaItem,
    Meeting,
    Submission,
)
from portfolio.services.common import (
    COORDINATOR_DAYS,
    PMO_DAYS,
    RETURN_DAYS,
    coordinators_of,
    local_today,
    next_item_order,
    pmo_users,
    stored_title,
)
from portfolio.services.tolerance import tolerance_excess

S = Submission.Status


@transaction.atomic
def submission_create(
    *,
    project: Any,
    actor: Any,
    kind: str,
    title: Text | str,
    request: str,
    change_request: Any = None,
    gate: str = "",
    passport: Any = None,
    other_directions: Any = (),
    origin: str = Submission.Origin.MANUAL,
    escalation_id: int | None = None,
    draft_decision: str = "",
    reason: Text | None = None,
) -> Submission:
    """File a submission into the direction coordinator's queue (deadline: COORDINATOR_DAYS)."""
    if kind == Submission.Kind.CHANGE_REQUEST:
        if change_request is None or change_request.project_id != project.pk:
            raise ValidationError({"change_request": _("Choose a change request of this project.")})
        excess = tolerance_excess(change_request)
        reason = reason or excess
        if origin == Submission.Origin.MANUAL and excess is None:
            raise ValidationError(
                {
                    "change_request": _(
                        "This change request is within the tolerance: it is decided in the project, not by the Committee."
                    )
                }
            )
        if Submission.objects.open().filter(change_request=change_request).exists():
            raise ValidationError(
                {"change_request": _("This change request is already in the review queue.")}
            )
    if kind == Submission.Kind.GATE and not gate:
        raise ValidationError({"gate": _("Choose the gate to be decided.")})
    submission = Submission(
        project=project,
        direction_id=project.direction_id,
        kind=kind,
        origin=origin,
        **stored_title(title),
        reason_msg=reason.as_json() if reason is not None else {},
        request=request.strip(),
        change_request=change_request,
        gate=gate,
        passport=passport,
        escalation_id=escalation_id,
        submitted_by=actor,
        submitted_at=timezone.now(),
        status=S.AT_COORDINATOR,
        step_due=local_today() + datetime.timedelta(days=COORDINATOR_DAYS),
        draft_decision=draft_decision,
    )
    submission.full_clean()
    submission.save()
    if other_directions:
        submission.other_directions.set(other_directions)
    notify(
        recipients=coordinators_of(submission),
        title=msg("New submission for screening: %(title)s", title=submission.title_arg),
        url=submission.get_absolute_url(),
    )
    return submission


def _lock(submission: Submission, allowed: tuple[str, ...]) -> Submission:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status not in allowed:
        raise ValidationError(
            _("The submission is “%(status)s”; this action is not possible now.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def submission_screen(*, submission: Submission, actor: Any, forward: bool, note: str) -> Submission:
    """The coordinator forwards (with a screening note) to the Project Office or returns with remarks."""
    if not (note or "").strip():
        raise ValidationError(
            {"note": _("Write the screening note.") if forward else _("Write the remarks.")}
        )
    locked = _lock(submission, (S.AT_COORDINATOR,))
    locked.screened_by = actor
    locked.screened_at = timezone.now()
    if forward:
        locked.screening_note = note.strip()
        locked.status = S.AT_PMO
        locked.step_due = local_today() + datetime.timedelta(days=PMO_DAYS)
        change = locked.change_request
        if change is not None and change.status == change.Status.SUBMITTED:
            from projects.services.registers import change_request_assess

            change_request_assess(change=change, actor=actor, assessment=locked.screening_note)
        recipients = pmo_users()
        title = msg("Submission forwarded to the Project Office: %(title)s", title=locked.title_arg)
    else:
        locked.remarks = note.strip()
        locked.status = S.RETURNED
        locked.step_due = local_today() + datetime.timedelta(days=RETURN_DAYS)
        recipients = [locked.submitted_by]
        title = msg("Submission returned with remarks: %(title)s", title=locked.title_arg)
    locked.save(
        update_fields=[
            "screened_by",
            "screened_at",
            "screening_note",
            "remarks",
            "status",
            "step_due",
            "updated_at",
        ]
    )
    notify(
        recipients=recipients,
        title=title,
        body=note.strip(),
        url=locked.get_absolute_url(),
        kind="info" if forward else "warning",
    )
    return locked


@transaction.atomic
def submission_resubmit(*, submission: Submission, actor: Any, request: str) -> Submission:
    """The project answers the remarks; the submission goes back to the coordinator."""
    if not (request or "").strip():
        raise ValidationError({"request": _("Describe the request.")})
    locked = _lock(submission, (S.RETURNED,))
    locked.request = request.strip()
    locked.status = S.AT_COORDINATOR
    locked.step_due = local_today() + datetime.timedelta(days=COORDINATOR_DAYS)
    locked.save(update_fields=["request", "status", "step_due", "updated_at"])
    notify(
        recipients=coordinators_of(locked),
        title=msg("Submission resubmitted: %(title)s", title=locked.title_arg),
        url=locked.get_absolute_url(),
    )
    return locked


@transaction.atomic
def submission_return_by_pmo(*, submission: Submission, actor: Any, note: str) -> Submission:
    """The Project Office finds the submission incomplete and returns it to the project."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Write the remarks.")})
    locked = _lock(submission, (S.AT_PMO,))
    locked.pmo_note = note.strip()
    locked.remarks = note.strip()
    locked.checked_by, locked.checked_at = actor, timezone.now()
    locked.status = S.RETURNED
    locked.step_due = local_today() + datetime.timedelta(days=RETURN_DAYS)
    locked.save(
        update_fields=["pmo_note", "remarks", "checked_by", "checked_at", "status", "step_due", "updated_at"]
    )
    notify(
        recipients=[locked.submitted_by, *coordinators_of(locked)],
        title=msg("Submission returned by the Project Office: %(title)s", title=locked.title_arg),
        body=locked.pmo_note,
        url=locked.get_absolute_url(),
        kind="warning",
    )
    return locked


@transaction.atomic
def submission_schedule(
    *,
    submission: Submission,
    actor: Any,
    meeting: Meeting,
    note: str,
    presenter: Any = None,
    draft_decision: str = "",
) -> AgendaItem:
    """The Project Office records its completeness and cross-sectoral check and puts the item on a meeting's agenda."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Record the completeness and cross-sectoral check.")})
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError({"meeting": _("Items can only be added to a planned meeting.")})
    locked = _lock(submission, (S.AT_PMO,))
    locked.pmo_note = note.strip()
    locked.checked_by, locked.checked_at = actor, timezone.now()
    locked.status = S.SCHEDULED
    locked.step_due = timezone.localtime(meeting.starts_at).date()
    if draft_decision.strip():
        locked.draft_decision = draft_decision.strip()
    locked.save(
        update_fields=[
            "pmo_note",
            "checked_by",
            "checked_at",
            "status",
            "step_due",
            "draft_decision",
            "updated_at",
        ]
    )
    item = AgendaItem(
        meeting=meeting,
        order=next_item_order(meeting),
        submission=locked,
        project=locked.project,
        title=locked.title,
        title_msg=locked.title_msg,
        presenter=presenter or locked.project.manager,
        draft_decision=locked.draft_decision,
    )
    item.full_clean()
    item.save()
    notify(
        recipients=[locked.submitted_by, *coordinators_of(locked)],
        title=msg("Submission placed on the agenda of %(meeting)s", meeting=str(meeting)),
        url=locked.get_absolute_url(),
        kind="success",
    )
    return item
