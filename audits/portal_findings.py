"""Portal entries of the audits area: findings (section menu items, home panels, card tab)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.permissions import is_project_office, sees_corrective_actions
from pmis.core.portal import NavItem, Panel, PanelItem, register_home_panel, register_section_nav

register_section_nav(
    "audits",
    NavItem(
        key="actions",
        label=gettext_lazy("Corrective actions"),
        url_name="audits:action-list",
        icon="check2-square",
        order=50,
        visible=sees_corrective_actions,
    ),
)


@register_home_panel(order=62)
def overdue_critical_findings_panel(user: Any) -> Panel | None:
    """The Project Office home: open critical findings whose action or response is overdue (visible ones)."""
    if not is_project_office(user):
        return None
    from audits.selectors_findings import overdue_critical_findings
    from audits.services.findings import local_today

    rows, count = overdue_critical_findings(user, today=local_today())
    return Panel(
        key="audit-overdue-critical",
        title=_("Overdue critical audit findings"),
        items=[
            PanelItem(
                text=f"{f.audit.number}-{f.number}: {f.title}",
                url=reverse("audits:audit-findings", args=[f.audit_id]) + f"#finding-{f.number}",
                meta=f.audit.project.code,
                badge=_("escalated") if f.escalated_at else _("overdue"),
                badge_class="text-bg-danger",
            )
            for f in rows
        ],
        empty_text=_("No overdue critical findings."),
        count=count,
    )
