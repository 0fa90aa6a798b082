"""Navigation and home panels of citizen feedback: the section menu's "Citizen feedback" (the Project Office's
moderation queue) and "Feedback statistics", the Project Office's panel of messages awaiting moderation and the
department users' panel of citizen questions due."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmis.core.portal import NavItem, Panel, PanelItem, register_home_panel, register_section_nav
from surveys import permissions

PANEL_ROWS = 5

register_section_nav(
    "surveys",
    NavItem(
        key="feedback",
        label=gettext_lazy("Citizen feedback"),
        url_name="surveys:feedback-list",
        icon="chat-left-text",
        order=60,
        visible=permissions.moderates_feedback,
    ),
)
register_section_nav(
    "surveys",
    NavItem(
        key="feedback-stats",
        label=gettext_lazy("Feedback statistics"),
        url_name="surveys:feedback-stats",
        icon="bar-chart",
        order=61,
        visible=permissions.moderates_feedback,
    ),
)


@register_home_panel(order=73)
def feedback_moderation_panel(user: Any) -> Panel | None:
    """The Project Office: citizen messages awaiting moderation, the oldest first (nothing when none wait)."""
    from surveys.models import Feedback

    if not permissions.moderates_feedback(user):
        return None
    waiting = Feedback.objects.filter(status=Feedback.Status.PENDING).select_related("project")
    count = waiting.count()
    if not count:
        return None
    return Panel(
        key="surveys-feedback-moderation",
        title=_("Citizen feedback awaiting moderation"),
        items=[
            PanelItem(
                text=f"{f.reference} · {f.project.code}",
                url=reverse("surveys:feedback-detail", args=[f.pk]),
                meta=f.get_kind_display(),
            )
            for f in waiting.order_by("created_at", "id")[:PANEL_ROWS]
        ],
        count=count,
        more_url=reverse("surveys:feedback-list") + "?status=pending",
        order=73,
    )


@register_home_panel(order=74)
def feedback_due_panel(user: Any) -> Panel | None:
    """Department users with routed citizen questions: the nearest deadlines first, overdue marked."""
    from surveys.selectors_feedback import routed_to

    if user is None or not user.is_authenticated:
        return None
    rows = routed_to(user)
    count = rows.count()
    if not count:
        return None
    today = timezone.localdate()
    items = []
    for f in rows[:PANEL_ROWS]:
        overdue = f.due_date is not None and f.due_date < today
        items.append(
            PanelItem(
                text=f"{f.reference} · {f.project.code}",
                url=reverse("surveys:feedback-detail", args=[f.pk]),
                meta=date_format(f.due_date, "SHORT_DATE_FORMAT") if f.due_date else "",
                badge=_("overdue") if overdue else "",
                badge_class="text-bg-danger" if overdue else "text-bg-secondary",
            )
        )
    return Panel(
        key="surveys-feedback-due",
        title=_("Citizen questions due"),
        items=items,
        count=count,
        more_url=reverse("surveys:feedback-mine"),
        order=74,
    )
