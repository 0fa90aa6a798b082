from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pmis.core.portal import nav_for


def portal(request: HttpRequest) -> dict[str, Any]:
    """Navigation and the unread-notification count for the shell (one query when signed in)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": nav_for(user) if user is not None else [], "unread_notifications": 0}
    from pmis.notifications.selectors import unread_count

    return {"nav_items": nav_for(user), "unread_notifications": unread_count(user)}
