"""Assignments (поручения): issued, reported, accepted; reminders, and overdue ones carried to the next agenda."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from pmis.core.texts import Text, date, msg
from pmis.notifications.services import notify
from portfolio.models import (
    AgendaItem,
    Assignment,
    Meeting,
)
from portfolio.services.common import (
    OVERDUE_REMINDER_EVERY_DAYS,
    REMIND_BEFORE_DAYS,
    local_today,
    next_item_order,
    stored_title,
)


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    title: Text | str,
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
        **stored_title(title),
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
        title=msg("New assignment: %(title)s", title=assignment.title_arg),
        body=msg("Due date: %(date)s", date=date(due_date)),
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
        title=msg("Assignment reported as done: %(title)s", title=locked.title_arg),
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
        title=msg("Assignment accepted: %(title)s", title=locked.title_arg)
        if accept
        else msg("Assignment returned to work: %(title)s", title=locked.title_arg),
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
    reminded = list(soon.select_related("owner_person"))
    for assignment in reminded:
        notify(
            recipients=_assignment_owners(assignment),
            title=msg(
                "Assignment due on %(date)s: %(title)s",
                date=date(assignment.due_date),
                title=assignment.title_arg,
            ),
            url=assignment.get_absolute_url(),
        )
        before += 1
    _mark_reminded(reminded, "reminded_before_on", today)
    after = 0
    late = Assignment.objects.overdue(today).filter(
        Q(reminded_after_on__isnull=True)
        | Q(reminded_after_on__lte=today - datetime.timedelta(days=OVERDUE_REMINDER_EVERY_DAYS))
    )
    reminded_late = list(late.select_related("owner_person", "issued_by"))
    for assignment in reminded_late:
        notify(
            recipients=[*_assignment_owners(assignment), assignment.issued_by],
            title=msg(
                "Assignment overdue since %(date)s: %(title)s",
                date=date(assignment.due_date),
                title=assignment.title_arg,
            ),
            url=assignment.get_absolute_url(),
            kind="warning",
        )
        after += 1
    _mark_reminded(reminded_late, "reminded_after_on", today)
    return {"before": before, "after": after}


def _mark_reminded(assignments: list[Assignment], field: str, day: datetime.date) -> None:
    """Record the reminder on each assignment, with a history row each (a queryset update would write none)."""
    now = timezone.now()
    for assignment in assignments:
        setattr(assignment, field, day)
        assignment.updated_at = now
    if assignments:
        bulk_update_with_history(assignments, Assignment, [field, "updated_at"], batch_size=500)


def carry_overdue_assignments(*, meeting: Meeting | None = None, today: datetime.date | None = None) -> int:
    """Put each overdue assignment on the agenda of the next planned meeting of its body. Idempotent: an
    assignment has at most one open carry-over (an undecided item on a planned meeting), however many meetings
    are planned or this runs."""
    today = today or local_today()
    now = timezone.now()
    upcoming = Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__gte=now).order_by("starts_at")
    if meeting is not None:
        upcoming = upcoming.filter(pk=meeting.pk)
    next_steering = next((m for m in upcoming if m.kind == Meeting.Kind.STEERING), None)
    next_direction: dict[int | None, Meeting] = {}
    for m in upcoming:
        if m.kind == Meeting.Kind.DIRECTION and m.direction_id not in next_direction:
            next_direction[m.direction_id] = m
    carried = 0
    overdue = Assignment.objects.overdue(today).select_related("meeting")
    on_agenda = set(
        AgendaItem.objects.filter(
            carried_assignment__isnull=False, decision="", meeting__status=Meeting.Status.PLANNED
        ).values_list("carried_assignment_id", flat=True)
    )
    for assignment in overdue:
        issuing = assignment.meeting
        issuing_kind = issuing.kind if issuing is not None else Meeting.Kind.STEERING
        target = (
            next_direction.get(issuing.direction_id)
            if issuing is not None and issuing_kind == Meeting.Kind.DIRECTION
            else next_steering
        )
        if target is None or assignment.pk in on_agenda:
            continue
        AgendaItem.objects.create(
            meeting=target,
            order=next_item_order(target),
            carried_assignment=assignment,
            project_id=assignment.project_id,
            **stored_title(msg("Overdue assignment: %(title)s", title=assignment.title_arg)),
            presenter_id=assignment.owner_person_id,
        )
        on_agenda.add(assignment.pk)
        carried += 1
    return carried
