"""Portal entries of the audits area: analytics (section menu item), reports and the auditor's home panels,
the project card's Audits tab."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits import permissions
from pmis.accounts import roles
from pmis.core.portal import (
    CardTab,
    NavItem,
    Panel,
    PanelItem,
    register_card_tab,
    register_home_panel,
    register_section_nav,
)

register_section_nav(
    "audits",
    NavItem(
        key="analytics",
        label=gettext_lazy("Analytics"),
        url_name="audits:analytics",
        icon="bar-chart",
        order=80,
        visible=permissions.sees_audit_function,
    ),
)


def audits_tab_visible(user: Any, project: Any) -> bool:
    """Auditors, the Project Office and the project's own people (manager, curator, officers of its
    department) see the tab; decided from what the card already loaded, without a query."""
    if permissions.sees_audit_function(user):
        return True
    if user.pk in (project.manager_id, project.curator_id):
        return True
    return bool(
        user.organization_id
        and user.organization_id == project.department_id
        and roles.has_role(user, roles.DEPARTMENT_OFFICER)
    )


register_card_tab(
    CardTab(
        key="audits",
        label=gettext_lazy("Audits"),
        url_name="audits:project-audits",
        after="history",
        visible=audits_tab_visible,
    )
)

PANEL_ROWS = 5


def _my_audits(user: Any) -> Any:
    from audits.models import Audit

    return Audit.objects.open().filter(Q(lead=user) | Q(team__user=user)).distinct()


@register_home_panel(order=40)
def auditor_audits(user: Any) -> Panel | None:
    """The auditor's open audits (lead or member), by fieldwork date."""
    if not permissions.is_auditor(user):
        return None
    qs = _my_audits(user)
    rows = list(qs.select_related("project").order_by("planned_start", "id")[:PANEL_ROWS])
    return Panel(
        key="audits-mine",
        title=_("My audits"),
        items=[
            PanelItem(
                text=f"{a.number} · {a.project.code}",
                url=a.get_absolute_url(),
                meta=_("fieldwork %(start)s – %(finish)s")
                % {
                    "start": a.planned_start.strftime("%d.%m.%Y"),
                    "finish": a.planned_finish.strftime("%d.%m.%Y"),
                },
                badge=str(a.get_status_display()),
            )
            for a in rows
        ],
        count=qs.count(),
        empty_text=_("No open audit of yours."),
    )


@register_home_panel(order=41)
def auditor_responses_due(user: Any) -> Panel | None:
    """Audits the auditor leads whose draft is with the project team, the earliest deadline first."""
    from audits.models import Audit

    if not permissions.is_auditor(user):
        return None
    qs = Audit.objects.filter(lead=user, status=Audit.Status.RESPONSE)
    rows = list(qs.select_related("project").order_by("response_due", "id")[:PANEL_ROWS])
    if not rows:
        return None
    return Panel(
        key="audits-responses",
        title=_("Management responses due"),
        items=[
            PanelItem(
                text=f"{a.number} · {a.project.code}",
                url=reverse("audits:audit-report", args=[a.pk]),
                meta=_("due %(date)s") % {"date": a.response_due.strftime("%d.%m.%Y")}
                if a.response_due
                else "",
                badge=_("Response"),
                badge_class="text-bg-warning",
            )
            for a in rows
        ],
        count=qs.count(),
    )


@register_home_panel(order=42)
def auditor_actions_to_verify(user: Any) -> Panel | None:
    """Corrective actions reported done that this auditor may verify (never their own: four eyes)."""
    from audits.models import CorrectiveAction

    if not permissions.is_auditor(user):
        return None
    qs = CorrectiveAction.objects.filter(status=CorrectiveAction.Status.DONE).exclude(owner=user)
    rows = list(qs.select_related("finding", "finding__audit").order_by("completed_at", "id")[:PANEL_ROWS])
    if not rows:
        return None
    return Panel(
        key="audits-verify",
        title=_("Corrective actions to verify"),
        items=[
            PanelItem(
                text=act.description[:90],
                url=act.finding.audit.get_absolute_url(),
                meta=f"{act.finding.audit.number}-{act.finding.number}",
                badge=_("Verify"),
                badge_class="text-bg-primary",
            )
            for act in rows
        ],
        count=qs.count(),
    )
