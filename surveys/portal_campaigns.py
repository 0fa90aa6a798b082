"""Navigation, section menu and home panels of the surveys' campaigns area."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmis.core.portal import NavItem, Panel, PanelItem, register_home_panel, register_section_nav
from surveys.permissions import is_project_office, reads_results

PANEL_ROWS = 6

register_section_nav(
    "surveys",
    NavItem(
        key="campaigns",
        label=gettext_lazy("Campaigns"),
        url_name="surveys:campaign-list",
        icon="send",
        order=20,
        visible=reads_results,
    ),
)


@register_home_panel(order=70)
def open_campaigns(user: Any) -> Panel | None:
    """The Project Office: active campaigns with an open wave and their response rates (one query)."""
    from surveys.selectors_campaigns import open_campaigns as rows
    from surveys.selectors_campaigns import rate_of

    if not is_project_office(user):
        return None
    campaigns = rows(PANEL_ROWS)
    if not campaigns:
        return None
    items = []
    for c in campaigns:
        rate = rate_of(c)
        items.append(
            PanelItem(
                text=c.name,
                url=c.get_absolute_url(),
                meta=_("%(answered)s answered of %(invited)s invited")
                % {"answered": c.answered, "invited": c.invited},  # type: ignore[attr-defined]
                badge=f"{rate}%" if rate is not None else "—",
                badge_class="text-bg-info",
            )
        )
    return Panel(
        key="survey-campaigns",
        title=gettext_lazy("Open campaigns"),
        items=items,
        more_url=_list_url(),
    )


def _list_url() -> str:
    from django.urls import reverse

    return reverse("surveys:campaign-list")


@register_home_panel(order=15)
def invitations_waiting(user: Any) -> Panel | None:
    """Anyone with open invitations: the surveys waiting for their answer (one query)."""
    from django.urls import reverse

    from surveys.selectors_campaigns import open_invitations
    from surveys.services.campaigns import invitation_answer_url

    if user is None or not user.is_authenticated:
        return None
    invitations = list(open_invitations(user)[:PANEL_ROWS])
    if not invitations:
        return None
    return Panel(
        key="survey-invitations",
        title=gettext_lazy("Surveys waiting for your answer"),
        items=[
            PanelItem(
                text=i.wave.campaign.survey.title,
                url=invitation_answer_url(i) or reverse("surveys:my-invitations"),
                meta=_("until %(date)s")
                % {"date": date_format(timezone.localtime(i.expires_at), "SHORT_DATE_FORMAT")},
            )
            for i in invitations
        ],
        more_url=reverse("surveys:my-invitations"),
    )
