"""Portal entries of the audits area: fieldwork (section menu items, home panels, card tab)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmis.core.portal import NavItem, Panel, PanelItem, register_home_panel, register_section_nav

register_section_nav(
    "audits",
    NavItem(
        key="list",
        label=gettext_lazy("Audits"),
        url_name="audits:home",
        icon="clipboard-check",
        order=30,
        visible=lambda user: user.is_authenticated,
    ),
)


@register_home_panel(order=35)
def my_audits(user: Any) -> Panel | None:
    """An auditor's open audits (lead or member, planned or in fieldwork), nearest fieldwork first."""
    from django.urls import reverse

    from audits.models import Audit, AuditTeamMember
    from audits.permissions import is_auditor

    if not is_auditor(user):
        return None
    qs = (
        Audit.objects.filter(
            pk__in=AuditTeamMember.objects.filter(user=user).values("audit_id"),
            status__in=[Audit.Status.PLANNED, Audit.Status.FIELDWORK],
        )
        .select_related("project")
        .order_by("planned_start", "pk")
    )
    audits = list(qs[:6])
    return Panel(
        key="my-audits",
        title=_("My audits in progress"),
        items=[
            PanelItem(
                text=f"{a.number} · {a.project.code}",
                url=a.get_absolute_url(),
                meta=a.get_status_display(),
            )
            for a in audits[:5]
        ],
        empty_text=_("No audits in progress."),
        more_url=reverse("audits:home") + "?mine=1",
        count=None if len(audits) <= 5 else qs.count(),
    )
