"""Assignments (поручения): issued, reported, accepted; reminders, and overdue ones carried to the next agenda."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.notifications.services import notify
from portfolio.models import (
    AgendaItem,
    Assignment,
    Meeting,
    Submission,
)
from portfolio.services.common import (
    OVERDUE_REMINDER_EVERY_DAYS,
    REMIND_BEFORE_DAYS,
    local_today,
    next_item_order,
)

S = Submission.Status
D = AgendaItem.Decision


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    title: str,
    owner_organization: Any,
    due_date: datetime.date,
    description: str = "",
    owner_person: Any = None,
    meeting: Meeting | None = None,
    item: AgendaItem | None = None,
    project: Any = None,
) -> Assignment:
    """Issue an assignment; the responsible person (or the organization's people) is notified."""
    direction_id = (
        project.direction_id if project is not None else (meeting.direction_id if meeting else None)
    )
    assignment = Assignment(
        title=title.strip()[:500],
        description=description.strip(),
        owner_organization=owner_organization,
        owner_person=owner_person,
        due_date=due_date,
        meeting=meeting,
        item=item,
        project=project,
        direction_id=direction_id,
        issued_by=actor,
    )
    assignment.full_clean()
    assignment.save()
    notify(
        recipients=_assignment_owners(assignment),
        title=_("New assignment: %(title)s") % {"title": assignment.title[:200]},
        body=_("Due date: %(date)s") % {"date": due_date.strftime("%d.%m.%Y")},
        url=assignment.get_absolute_url(),
    )
    return assignment


def _assignment_owners(assignment: Assignment) -> list[Any]:
    if assignment.owner_person_id:
        return [assignment.owner_person]
    from pmis.accounts.models import User

    return list(User.objects.filter(organization_id=assignment.owner_organization_id, is_active=True)[:20])


@transaction.atomic
def assignment_report(*, assignment: Assignment, actor: Any, evidence: str) -> Assignment:
    """The owner reports the assignment done, with the evidence; the issuer is asked to accept it."""
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("Describe the evidence of completion.")})
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status != Assignment.Status.OPEN:
        raise ValidationError(_("Only an assignment in progress can be reported as done."))
    locked.evidence, locked.status, locked.reported_at = (
        evidence.strip(),
        Assignment.Status.REPORTED,
        timezone.now(),
    )
    locked.save(update_fields=["evidence", "status", "reported_at", "updated_at"])
    notify(
        recipients=[locked.issued_by],
        title=_("Assignment reported as done: %(title)s") % {"title": locked.title[:200]},
        url=locked.get_absolute_url(),
    )
    return locked


@transaction.atomic
def assignment_accept(*, assignment: Assignment, actor: Any, accept: bool, note: str = "") -> Assignment:
    """The issuer accepts the reported result, or returns the assignment to work with a note."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status != Assignment.Status.REPORTED:
        raise ValidationError(_("Only an assignment reported as done can be accepted or returned."))
    if not accept and not (note or "").strip():
        raise ValidationError({"note": _("Say what is still missing.")})
    locked.acceptance_note = (note or "").strip()
    if accept:
        locked.status, locked.accepted_at, locked.accepted_by = (
            Assignment.Status.ACCEPTED,
            timezone.now(),
            actor,
        )
    else:
        locked.status = Assignment.Status.OPEN
    locked.save(update_fields=["acceptance_note", "status", "accepted_at", "accepted_by", "updated_at"])
    notify(
        recipients=_assignment_owners(locked),
        title=(_("Assignment accepted: %(title)s") if accept else _("Assignment returned to work: %(title)s"))
        % {"title": locked.title[:200]},
        body=locked.acceptance_note,
        url=locked.get_absolute_url(),
        kind="success" if accept else "warning",
    )
    return locked


def assignments_remind(today: datetime.date | None = None) -> dict[str, int]:
    """Reminders REMIND_BEFORE_DAYS before the due date (once) and after it (weekly); idempotent per day."""
    today = today or local_today()
    before = 0
    soon = Assignment.objects.filter(
        status=Assignment.Status.OPEN,
        reminded_before_on__isnull=True,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=REMIND_BEFORE_DAYS),
    )
    for assignment in soon.select_related("owner_person"):
        notify(
            recipients=_assignment_owners(assignment),
            title=_("Assignment due on %(date)s: %(title)s")
            % {"date": assignment.due_date.strftime("%d.%m.%Y"), "title": assignment.title[:200]},
            url=assignment.get_absolute_url(),
        )
        before += 1
    soon.update(reminded_before_on=today)
    after = 0
    late = Assignment.objects.overdue(today).filter(
        Q(reminded_after_on__isnull=True)
        | Q(reminded_after_on__lte=today - datetime.timedelta(days=OVERDUE_REMINDER_EVERY_DAYS))
    )
    for assignment in late.select_related("owner_person", "issued_by"):
        notify(
            recipients=[*_assignment_owners(assignment), assignment.issued_by],
            title=_("Assignment overdue since %(date)s: %(title)s")
            % {"date": assignment.due_date.strftime("%d.%m.%Y"), "title": assignment.title[:200]},
            url=assignment.get_absolute_url(),
            kind="warning",
        )
        after += 1
    late.update(reminded_after_on=today)
    return {"before": before, "after": after}


def carry_overdue_assignments(*, meeting: Meeting | None = None, today: datetime.date | None = None) -> int:
    """Put each overdue assignment on the agenda of the next planned meeting of its body (once per meeting)."""
    today = today or local_today()
    now = timezone.now()
    upcoming = Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__gte=now).order_by("starts_at")
    if meeting is not None:
        upcoming = upcoming.filter(pk=meeting.pk)
    next_steering = next((m for m in upcoming if m.kind == Meeting.Kind.STEERING), None)
    next_direction: dict[int, Meeting] = {}
    for m in upcoming:
        if m.kind == Meeting.Kind.DIRECTION and m.direction_id not in next_direction:
            next_direction[m.direction_id] = m
    carried = 0
    overdue = Assignment.objects.overdue(today).select_related("meeting")
    on_agenda = set(
        AgendaItem.objects.filter(
            carried_assignment__isnull=False, meeting__status=Meeting.Status.PLANNED
        ).values_list("meeting_id", "carried_assignment_id")
    )
    for assignment in overdue:
        issuing_kind = assignment.meeting.kind if assignment.meeting_id else Meeting.Kind.STEERING
        target = (
            next_direction.get(assignment.meeting.direction_id)
            if issuing_kind == Meeting.Kind.DIRECTION
            else next_steering
        )
        if target is None or (target.pk, assignment.pk) in on_agenda:
            continue
        AgendaItem.objects.create(
            meeting=target,
            order=next_item_order(target),
            carried_assignment=assignment,
            project_id=assignment.project_id,
            title=_("Overdue assignment: %(title)s") % {"title": assignment.title[:400]},
            presenter_id=assignment.owner_person_id,
            draft_decision=_("Hear the responsible person; set a new due date or take measures."),
        )
        on_agenda.add((target.pk, assignment.pk))
        carried += 1
    return carried
