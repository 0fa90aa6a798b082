"""Navigation, section menu and home panels of the surveys' respond area: the home panel of the surveys
waiting for the reader's answer (their own open invitations)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pmis.core.portal import Panel, PanelItem, register_home_panel

PANEL_ROWS = 5


@register_home_panel(order=80)
def surveys_to_answer_panel(user: Any) -> Panel | None:
    """Anyone with an open invitation: the surveys waiting for their answer (none: no panel)."""
    from surveys.permissions import invitations_of

    now = timezone.now()
    open_ones = (
        invitations_of(user)
        .filter(
            used_at__isnull=True,
            expires_at__gt=now,
            wave__closed_at__isnull=True,
            wave__closes_at__gt=now,
            wave__campaign__survey__status="open",
        )
        .select_related("wave__campaign__survey")
        .order_by("expires_at", "pk")
    )
    rows = list(open_ones[: PANEL_ROWS + 1])
    if not rows:
        return None
    return Panel(
        key="surveys-to-answer",
        title=_("Surveys waiting for your answer"),
        items=[
            PanelItem(
                text=inv.wave.campaign.survey.title,
                url=reverse("surveys:invitation-answer", args=[inv.pk]),
                meta=_("until %(date)s")
                % {"date": date_format(timezone.localtime(inv.expires_at), "SHORT_DATE_FORMAT")},
            )
            for inv in rows[:PANEL_ROWS]
        ],
        count=open_ones.count() if len(rows) > PANEL_ROWS else len(rows),
    )
