"""Portal entries of the audits area: draws (section menu items, home panels, card tab)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.models import AuditDraw
from audits.permissions import sees_audit_function
from pmis.core.portal import NavItem, Panel, PanelItem, register_home_panel, register_section_nav

register_section_nav(
    "audits",
    NavItem(
        key="draws",
        label=gettext_lazy("Draws"),
        url_name="audits:draw-list",
        icon="shuffle",
        order=20,
        visible=sees_audit_function,
    ),
)
register_section_nav(
    "audits",
    NavItem(
        key="sample-size",
        label=gettext_lazy("Sample size"),
        url_name="audits:sample-size",
        icon="calculator",
        order=25,
        visible=sees_audit_function,
    ),
)


@register_home_panel(order=62)
def draws_to_complete(user: Any) -> Panel | None:
    """Auditors: draws whose population is frozen but which are not drawn yet (a seed or the run is due)."""
    from audits.permissions import is_auditor
    from audits.selectors_draws import HEAVY_FIELDS

    if not is_auditor(user):
        return None
    open_draws = (
        AuditDraw.objects.exclude(status=AuditDraw.Status.DRAWN)
        .defer(*HEAVY_FIELDS)
        .order_by("frozen_at", "pk")
    )
    rows = list(open_draws[:5])
    if not rows:
        return None
    return Panel(
        key="audit-draws",
        title=_("Draws to complete"),
        items=[
            PanelItem(text=d.number, url=d.get_absolute_url(), meta=str(d.get_status_display())) for d in rows
        ],
        count=open_draws.count(),
        more_url=reverse("audits:draw-list"),
    )
