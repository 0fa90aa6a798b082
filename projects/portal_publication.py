"""The publication tab of the card, the queue's menu entry and the home panel for the Project Office.

Imported by projects/portal.py (the autodiscovered module).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmis.core.portal import (
    CardTab,
    NavItem,
    Panel,
    PanelItem,
    register_card_tab,
    register_home_panel,
    register_nav,
)
from projects.permissions_publication import is_project_office

register_card_tab(
    CardTab(
        key="publication",
        label=gettext_lazy("Public page"),
        url_name="projects:publication",
        after="documents",
    )
)
register_nav(
    NavItem(
        key="publication-queue",
        label=gettext_lazy("Public pages"),
        url_name="projects:publication-queue",
        icon="globe2",
        order=65,
        visible=is_project_office,
    )
)


@register_home_panel(order=17)
def public_pages_awaiting(user: Any) -> Panel | None:
    """Project Office: public pages awaiting approval, oldest first."""
    if not is_project_office(user) or user.is_superuser:
        return None
    from projects.selectors.publication import awaiting_approval

    rows, total = awaiting_approval()
    return Panel(
        key="public-pages-awaiting",
        title=_("Public pages awaiting approval"),
        items=[
            PanelItem(
                text=f"{p.project.code} · {p.project.title}",
                url=reverse("projects:publication", args=[p.project_id]),
                meta=date_format(localtime(p.submitted_at), "SHORT_DATE_FORMAT") if p.submitted_at else "",
                badge=_("version %(v)s") % {"v": p.version},
            )
            for p in rows
        ],
        empty_text=_("No public pages are waiting."),
        count=total,
        more_url=reverse("projects:publication-queue") + "?status=submitted",
    )
