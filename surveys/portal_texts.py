"""Navigation, section menu and home panels of the surveys' texts area: the owners' home panel of citizen
free-text answers waiting for moderation (per survey, with a link to its queue filtered on "waiting")."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from pmis.core.portal import Panel, PanelItem, register_home_panel

PANEL_ROWS = 5


@register_home_panel(order=72)
def texts_waiting_panel(user: Any) -> Panel | None:
    """Surveys the reader owns with free-text answers waiting for moderation (nothing for anyone else)."""
    from surveys.models import TextReview
    from surveys.permissions import manages_surveys, owned_surveys

    if not manages_surveys(user):
        return None
    rows = list(
        TextReview.objects.filter(
            status=TextReview.Status.PENDING, answer__response__survey__in=owned_surveys(user)
        )
        .values("answer__response__survey")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    if not rows:
        return None
    from surveys.models import Survey

    titles = {
        s.pk: s.title
        for s in Survey.objects.filter(pk__in=[r["answer__response__survey"] for r in rows[:PANEL_ROWS]])
    }
    return Panel(
        key="surveys-texts-waiting",
        title=_("Free-text answers waiting for moderation"),
        items=[
            PanelItem(
                text=titles.get(r["answer__response__survey"], ""),
                url=reverse("surveys:texts", args=[r["answer__response__survey"]]) + "?status=pending",
                badge=str(r["n"]),
                badge_class="text-bg-warning",
            )
            for r in rows[:PANEL_ROWS]
        ],
        count=sum(r["n"] for r in rows),
        order=72,
    )
