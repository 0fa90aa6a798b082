"""Test helpers for the decision rules: a meeting is held before decisions, and a Committee decision needs votes."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from portfolio import services
from portfolio.models import AgendaItem, Attendance, Meeting

APPROVALS = (AgendaItem.Decision.APPROVED, AgendaItem.Decision.APPROVED_WITH_CONDITIONS)


def hold(meeting: Meeting) -> Meeting:
    """The meeting took place an hour ago and is recorded as held (the quorum must be present)."""
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=1)
    meeting.save(update_fields=["starts_at", "updated_at"])
    held = services.meeting_hold(meeting=meeting, actor=meeting.secretary)
    meeting.refresh_from_db()
    return held


def decide(item: AgendaItem, **kwargs: Any) -> AgendaItem:
    """Hold the meeting if needed, let its voting members vote (for an approval, against otherwise), decide."""
    meeting = item.meeting
    if meeting.status == Meeting.Status.PLANNED:
        hold(meeting)
    choice = "for" if kwargs["decision"] in APPROVALS else "against"
    for attendance in meeting.attendances.filter(role__in=Attendance.VOTING):
        services.vote_record(item=item, member=attendance.user, choice=choice)
    return services.item_decide(item=item, **kwargs)
