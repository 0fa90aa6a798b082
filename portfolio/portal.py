"""Navigation entries, home panels and the project card's "submit to the Steering Committee" action."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmis.accounts import roles
from pmis.core.portal import (
    CardAction,
    NavItem,
    Panel,
    PanelItem,
    register_card_action,
    register_home_panel,
    register_nav,
    register_section_nav,
)
from portfolio import permissions as perms

register_nav(
    NavItem(
        key="portfolio",
        label=gettext_lazy("Portfolio"),
        url_name="portfolio:city",
        icon="grid-3x3",
        order=20,
        visible=perms.can_see_city,
    )
)
register_nav(
    NavItem(
        key="portfolio-queue",
        label=gettext_lazy("Review queue"),
        url_name="portfolio:queue",
        icon="inboxes",
        order=25,
        visible=perms.reviews_submissions,
    )
)
register_nav(
    NavItem(
        key="portfolio-assignments",
        label=gettext_lazy("Assignments"),
        url_name="portfolio:assignments",
        icon="check2-square",
        order=27,
        visible=perms.is_internal,
    )
)

# The portfolio's section menu: each entry shown to those its page's door lets in.
for _order, (_key, _label, _url, _visible) in enumerate(
    [
        ("city", gettext_lazy("City portfolio"), "portfolio:city", perms.can_see_city),
        ("queue", gettext_lazy("My review queue"), "portfolio:queue", perms.is_internal),
        ("submissions", gettext_lazy("All submissions"), "portfolio:submissions", perms.is_internal),
        ("meetings", gettext_lazy("Meetings"), "portfolio:meetings", perms.is_internal),
        ("assignments", gettext_lazy("Assignments"), "portfolio:assignments", perms.is_internal),
        ("committee", gettext_lazy("Committee desk"), "portfolio:committee", perms.is_internal),
    ]
):
    register_section_nav(
        "portfolio", NavItem(key=_key, label=_label, url_name=_url, order=_order, visible=_visible)
    )


@register_home_panel(order=15)
def review_queue(user: Any) -> Panel | None:
    """Coordinators: submissions to screen; Project Office: submissions to check and schedule."""
    from portfolio.selectors import queue_base

    if not (perms.is_pmo(user) or perms.coordinated_direction_ids(user)):
        return None
    qs = queue_base(user).select_related("project").order_by("step_due", "pk")
    rows = list(qs[:6])
    return Panel(
        key="portfolio-queue",
        title=_("My review queue"),
        count=qs.count(),
        more_url=reverse("portfolio:queue"),
        empty_text=_("Nothing waits for your review."),
        items=[
            PanelItem(
                text=s.display_title,
                url=s.get_absolute_url(),
                meta=f"{s.project.code} · {s.get_status_display()}",
                badge=_("overdue") if s.is_overdue else "",
                badge_class="text-bg-danger",
            )
            for s in rows
        ],
    )


@register_home_panel(order=16)
def upcoming_meetings(user: Any) -> Panel | None:
    """Committee members, the Project Office and coordinators: the next meetings and what awaits a vote."""
    from portfolio.models import AgendaItem, Meeting

    if not roles.has_role(
        user, roles.COMMITTEE_MEMBER, roles.PMO_STAFF, roles.BDIG_COORDINATOR, roles.ADMINISTRATOR
    ):
        return None
    meetings = list(
        perms.meetings_visible_to(user)
        .filter(status=Meeting.Status.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at")[:5]
    )
    items = [
        PanelItem(
            text=m.title,
            url=m.get_absolute_url(),
            meta=timezone.localtime(m.starts_at).strftime("%d.%m.%Y %H:%M"),
        )
        for m in meetings
    ]
    if roles.has_role(user, roles.COMMITTEE_MEMBER) and not user.is_superuser:
        awaiting = (
            AgendaItem.objects.filter(
                meeting__in=[m.pk for m in meetings], meeting__kind=Meeting.Kind.STEERING, decision=""
            )
            .exclude(votes__member=user)
            .count()
        )
        if awaiting:
            items.append(
                PanelItem(
                    text=_("Items awaiting my vote"),
                    url=reverse("portfolio:committee"),
                    badge=str(awaiting),
                    badge_class="text-bg-warning",
                )
            )
    return Panel(
        key="portfolio-meetings",
        title=_("Upcoming meetings"),
        items=items,
        more_url=reverse("portfolio:meetings"),
        empty_text=_("No upcoming meetings."),
    )


@register_home_panel(order=17)
def my_assignments(user: Any) -> Panel | None:
    """People responsible for assignments: the open ones, overdue first."""
    from django.db.models import Q

    from portfolio.models import Assignment

    if not user.is_authenticated:
        return None
    q = Q(owner_person=user)
    if user.organization_id:
        q |= Q(owner_organization_id=user.organization_id)
    qs = Assignment.objects.open().filter(q).order_by("due_date", "pk")
    rows = list(qs[:6])
    if not rows:
        return None
    return Panel(
        key="portfolio-assignments",
        title=_("My assignments"),
        count=qs.count(),
        more_url=reverse("portfolio:assignments") + "?mine=1",
        items=[
            PanelItem(
                text=a.display_title,
                url=a.get_absolute_url(),
                meta=a.due_date.strftime("%d.%m.%Y"),
                badge=_("overdue") if a.is_overdue else "",
                badge_class="text-bg-danger",
            )
            for a in rows
        ],
    )


def may_submit_for(user: Any, project: Any) -> bool:
    """Who may file a submission for the project: those with edit rights on it (its manager, its team's deputies and
    members, its department's officers, the Project Office) — the same rule the submission form applies. The card has
    already checked the global right, so the Project Office, the project's manager and readers cost no query; other
    project managers and the department's officers are checked against the object permission (two reads)."""
    from projects.permissions import can_edit_project, has_global_change

    if not user.is_authenticated:
        return False
    if has_global_change(user) or (project.manager_id and project.manager_id == user.pk):
        return True
    own_department = bool(user.organization_id) and user.organization_id == project.department_id
    if not (
        roles.has_role(user, roles.PROJECT_MANAGER)
        or (own_department and roles.has_role(user, roles.DEPARTMENT_OFFICER))
    ):
        return False
    return can_edit_project(user, project)


@register_card_action(order=20)
def submit_to_committee(user: Any, project: Any) -> CardAction | None:
    """The card's button that opens the submission form with this project filled in."""
    if not may_submit_for(user, project):
        return None
    return CardAction(
        label=_("Submit to the Steering Committee"),
        url=f"{reverse('portfolio:submission-create')}?{urlencode({'project': project.code})}",
        icon="send",
        testid="card-submit-committee",
        style="btn-outline-primary",
    )
