"""Portal entries of the audits area: programme (section menu items, home panels, card tab)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.permissions import is_project_office, sees_audit_function
from pmis.core.portal import NavItem, Panel, PanelItem, register_home_panel, register_section_nav

register_section_nav(
    "audits",
    NavItem(
        key="programme",
        label=gettext_lazy("Programme"),
        url_name="audits:programme-list",
        icon="calendar-check",
        order=10,
        visible=sees_audit_function,
    ),
)
register_section_nav(
    "audits",
    NavItem(
        key="checklist",
        label=gettext_lazy("Checklist"),
        url_name="audits:checklist-list",
        icon="list-check",
        order=50,
        visible=sees_audit_function,
    ),
)


@register_home_panel(order=62)
def programmes_to_approve(user: Any) -> Panel | None:
    """The Project Office: audit programmes waiting for approval that someone else owns (four eyes)."""
    from audits.models import AuditProgramme

    if not is_project_office(user):
        return None
    programmes = list(
        AuditProgramme.objects.filter(status=AuditProgramme.Status.DRAFT)
        .exclude(owner=user)
        .select_related("owner")
        .order_by("year")[:6]
    )
    if not programmes:
        return None
    return Panel(
        key="audit-programmes",
        title=gettext_lazy("Audit programmes waiting for your approval"),
        items=[
            PanelItem(
                text=str(p),
                url=p.get_absolute_url(),
                meta=_("Owner: %(owner)s") % {"owner": p.owner},
            )
            for p in programmes
        ],
    )
