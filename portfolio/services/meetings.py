"""Meetings, their attendees and agenda items."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio.models import (
    AgendaItem,
    Attendance,
    Meeting,
)
from portfolio.services.assignments import carry_overdue_assignments
from portfolio.services.common import (
    next_item_order,
)


@transaction.atomic
def meeting_save(*, meeting: Meeting, actor: Any, fields: list[str] | None = None) -> Meeting:
    """Create or update a meeting (the form set its fields); a new meeting takes the overdue assignments."""
    if meeting.kind == Meeting.Kind.DIRECTION and not meeting.direction_id:
        raise ValidationError({"direction": _("Choose the direction of the meeting.")})
    if meeting.kind == Meeting.Kind.STEERING:
        meeting.direction = None
    meeting.full_clean()
    created = meeting.pk is None
    if created and meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(
            {"status": _("A new meeting is planned; record it as held once it took place.")}
        )
    if not created and "status" in (fields or []):
        _check_status_change(meeting)
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


def _check_status_change(meeting: Meeting) -> None:
    """The form may move a meeting on only as the services do: planned → held under the hold rules, held →
    minutes signed; nothing goes back."""
    before = Meeting.objects.select_for_update().get(pk=meeting.pk).status
    after = meeting.status
    if before == after:
        return
    if (before, after) == (Meeting.Status.PLANNED, Meeting.Status.HELD):
        _check_hold(meeting)
        return
    if (before, after) == (Meeting.Status.HELD, Meeting.Status.CLOSED):
        return
    raise ValidationError({"status": _("A meeting goes from planned to held to minutes signed, never back.")})


def _check_hold(meeting: Meeting) -> None:
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The meeting's date has not come yet; it cannot be recorded as held."))
    if meeting.kind == Meeting.Kind.STEERING and meeting.procedure == Meeting.Procedure.IN_PERSON:
        present, ok = quorum_present(meeting)
        if not ok:
            raise ValidationError(
                _("There is no quorum: %(present)s voting members present, %(quorum)s needed.")
                % {"present": present, "quorum": meeting.quorum}
            )


@transaction.atomic
def meeting_hold(*, meeting: Meeting, actor: Any) -> Meeting:
    """Record that the meeting took place (planned → held), which opens it for decisions: not before its date,
    and a Steering Committee meeting in person only with the quorum present. A written procedure is "held" when
    its voting closes (its date)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be recorded as held."))
    _check_hold(locked)
    locked.status = Meeting.Status.HELD
    locked.save(update_fields=["status", "updated_at"])
    return locked


def quorum_present(meeting: Meeting) -> tuple[int, bool]:
    present = sum(1 for a in meeting.attendances.all() if a.present and a.role in Attendance.VOTING)
    return present, present >= meeting.quorum


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, actor: Any) -> AgendaItem:
    """Add or edit an agenda item (the form set its fields); a generated title someone retypes becomes theirs."""
    if item.pk is None:
        item.order = item.order or next_item_order(item.meeting)
    elif item.title_msg and AgendaItem.objects.filter(pk=item.pk).exclude(title=item.title).exists():
        item.title_msg = {}
    item.full_clean()
    item.save()
    return item
