"""What the portfolio services share: the step deadlines, today's date, the people a step notifies."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from pmis.core.texts import Text
from portfolio.models import Meeting, Submission

COORDINATOR_DAYS = 5  # working deadline for the coordinator's screening
PMO_DAYS = 5  # for the Project Office's check and scheduling
RETURN_DAYS = 10  # for the project to answer remarks
REMIND_BEFORE_DAYS = 3
OVERDUE_REMINDER_EVERY_DAYS = 7
CONDITIONS_DUE_DAYS = 30


def local_today() -> datetime.date:
    return timezone.localdate()


def coordinators_of(submission: Submission) -> list[Any]:
    return list(submission.direction.coordinators.all())


def pmo_users() -> list[Any]:
    from pmis.accounts.models import User
    from pmis.accounts.roles import PMO_STAFF

    return list(User.objects.filter(groups__name=PMO_STAFF, is_active=True))


def next_item_order(meeting: Meeting) -> int:
    return (meeting.items.aggregate(m=Max("order"))["m"] or 0) + 1


def stored_title(title: Text | str) -> dict[str, Any]:
    """The fields of a title: a person's text as typed; a generated one as its message key and arguments (shown
    per reader) plus its rendering in the site's default language for search, sorting and exports."""
    if isinstance(title, Text):
        return {"title": title.render(settings.LANGUAGE_CODE)[:500], "title_msg": title.as_json()}
    return {"title": title.strip()[:500], "title_msg": {}}
