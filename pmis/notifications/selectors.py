from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from pmis.notifications.models import Notification

if TYPE_CHECKING:
    from pmis.accounts.models import User


def unread_count(user: User) -> int:
    """Unread notifications of the user (for the bell)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    return qs.unread() if unread_only else qs
