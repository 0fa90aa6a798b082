"""Meetings, their attendees and agenda items."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Submission,
)
from portfolio.services.assignments import carry_overdue_assignments
from portfolio.services.common import (
    next_item_order,
)

S = Submission.Status
D = AgendaItem.Decision


@transaction.atomic
def meeting_save(*, meeting: Meeting, actor: Any, fields: list[str] | None = None) -> Meeting:
    """Create or update a meeting (the form set its fields); a new meeting takes the overdue assignments."""
    if meeting.kind == Meeting.Kind.DIRECTION and not meeting.direction_id:
        raise ValidationError({"direction": _("Choose the direction of the meeting.")})
    if meeting.kind == Meeting.Kind.STEERING:
        meeting.direction = None
    meeting.full_clean()
    created = meeting.pk is None
    if created:
        meeting.secretary = meeting.secretary or actor
        meeting.save()
        carry_overdue_assignments(meeting=meeting)
    else:
        meeting.save(update_fields=[*(fields or []), "direction", "updated_at"])
    return meeting


@transaction.atomic
def attendance_save(*, meeting: Meeting, user: Any, role: str, present: bool, actor: Any) -> Attendance:
    attendance, _created = Attendance.objects.get_or_create(
        meeting=meeting, user=user, defaults={"role": role}
    )
    attendance.role, attendance.present = role, present
    attendance.full_clean()
    attendance.save(update_fields=["role", "present", "updated_at"])
    return attendance


@transaction.atomic
def attendance_remove(*, attendance: Attendance, actor: Any) -> None:
    attendance.delete()


def quorum_present(meeting: Meeting) -> tuple[int, bool]:
    present = sum(1 for a in meeting.attendances.all() if a.present and a.role in Attendance.VOTING)
    return present, present >= meeting.quorum


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, actor: Any) -> AgendaItem:
    if item.pk is None:
        item.order = item.order or next_item_order(item.meeting)
    item.full_clean()
    item.save()
    return item
