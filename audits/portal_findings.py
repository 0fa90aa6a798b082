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


@register_home_panel(order=63)
def actions_to_verify_panel(user: Any) -> Panel | None:
    """An auditor's home: corrective actions reported done on the audits they work on, not their own."""
    from audits.permissions import is_auditor

    if not is_auditor(user):
        return None
    from django.db.models import Q

    from audits.models import CorrectiveAction

    qs = CorrectiveAction.objects.filter(
        Q(finding__audit__lead=user) | Q(finding__audit__team__user=user),
        status=CorrectiveAction.Status.DONE,
    ).exclude(owner=user)
    rows = list(qs.select_related("finding", "finding__audit").order_by("completed_at", "pk").distinct()[:5])
    if not rows:
        return None
    return Panel(
        key="audit-actions-to-verify",
        title=_("Corrective actions to verify"),
        items=[
            PanelItem(
                text=a.description if len(a.description) <= 90 else a.description[:89] + "…",
                url=reverse("audits:action-detail", args=[a.pk]),
                meta=f"{a.finding.audit.number}-{a.finding.number}",
                badge=_("Your verification"),
                badge_class="text-bg-warning",
            )
            for a in rows
        ],
        count=len(rows) if len(rows) < 5 else qs.distinct().count(),
        more_url=reverse("audits:action-list") + "?status=done",
    )


@register_home_panel(order=64)
def my_actions_panel(user: Any) -> Panel | None:
    """The owner's home: their open corrective actions, the earliest due first (overdue ones marked)."""
    if not user.is_authenticated:
        return None
    from django.utils.formats import date_format

    from audits.models import Audit, CorrectiveAction
    from audits.services.findings import local_today

    qs = CorrectiveAction.objects.filter(owner=user, status=CorrectiveAction.Status.OPEN).exclude(
        finding__audit__status=Audit.Status.CANCELLED
    )
    rows = list(qs.select_related("finding", "finding__audit").order_by("due_date", "pk")[:5])
    if not rows:
        return None
    today = local_today()
    return Panel(
        key="audit-my-actions",
        title=_("My corrective actions"),
        items=[
            PanelItem(
                text=a.description if len(a.description) <= 90 else a.description[:89] + "…",
                url=reverse("audits:action-detail", args=[a.pk]),
                meta=f"{a.finding.audit.number}-{a.finding.number} · {date_format(a.due_date, 'SHORT_DATE_FORMAT')}",
                badge=_("overdue") if a.due_date < today else "",
                badge_class="text-bg-danger",
            )
            for a in rows
        ],
        count=len(rows) if len(rows) < 5 else qs.count(),
        more_url=reverse("audits:action-list") + "?mine=on",
    )
