"""Home panels of the delivery tabs: status reports waiting for a coordinator, change requests for the Project Office.

Imported by projects/portal.py (the autodiscovered module).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from pmis.accounts import roles
from pmis.core.portal import Panel, PanelItem, register_home_panel


@register_home_panel(order=15)
def reports_to_review(user: Any) -> Panel | None:
    """Coordinators: submitted status reports of the projects in their directions."""
    if not roles.has_role(user, roles.BDIG_COORDINATOR) or user.is_superuser:
        return None
    from projects.selectors.delivery import reports_awaiting_review

    rows, total = reports_awaiting_review(user)
    return Panel(
        key="reports-to-review",
        title=_("Status reports to review"),
        items=[
            PanelItem(
                text=f"{r.project.code} · {r.project.title}",
                url=reverse("projects:report-detail", args=[r.project_id, r.pk]),
                meta=f"{r.period_month:02d}.{r.period_year}",
                badge=r.get_rag_overall_display(),
                badge_class={"green": "text-bg-success", "amber": "text-bg-warning", "red": "text-bg-danger"}.get(
                    r.rag_overall, "text-bg-secondary"
                ),
            )
            for r in rows
        ],
        empty_text=_("No status reports are waiting for you."),
        count=total,
    )


@register_home_panel(order=16)
def changes_to_decide(user: Any) -> Panel | None:
    """Project Office: change requests submitted or assessed, oldest first."""
    if not roles.has_role(user, roles.PMO_STAFF) or user.is_superuser:
        return None
    from projects.selectors.delivery import changes_awaiting_decision

    rows, total = changes_awaiting_decision()
    return Panel(
        key="changes-to-decide",
        title=_("Change requests awaiting a decision"),
        items=[
            PanelItem(
                text=f"{c.project.code} · №{c.number} {c.title}",
                url=reverse("projects:change-detail", args=[c.project_id, c.pk]),
                meta=c.get_status_display(),
            )
            for c in rows
        ],
        empty_text=_("No change requests are waiting."),
        count=total,
    )
