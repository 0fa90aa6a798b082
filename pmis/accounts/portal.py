"""Home panels and navigation that come with the platform itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmis.accounts.roles import is_administrator
from pmis.core.portal import NavItem, Panel, PanelItem, register_home_panel, register_nav

if TYPE_CHECKING:
    from pmis.accounts.models import User

register_nav(NavItem(key="home", label=gettext_lazy("Home"), url_name="core:home", icon="house", order=0))
register_nav(
    NavItem(
        key="admin",
        label=gettext_lazy("Administration"),
        url_name="admin:index",
        icon="gear",
        order=900,
        visible=is_administrator,
    )
)


@register_home_panel(order=5)
def unread_notifications(user: User) -> Panel:
    from pmis.notifications.selectors import notifications_for

    notes = list(notifications_for(user, unread_only=True)[:5])
    return Panel(
        key="notifications",
        title=_("Unread notifications"),
        items=[
            PanelItem(text=n.title_text, url=reverse("notifications:list"), meta=n.body_text[:120])
            for n in notes
        ],
        empty_text=_("Nothing new. You are up to date."),
        more_url=reverse("notifications:list"),
    )


@register_home_panel(order=900)
def my_jobs(user: User) -> Panel | None:
    from pmis.core.models import Job

    jobs = list(Job.objects.filter(requested_by=user).order_by("-created_at")[:5])
    if not jobs:
        return None
    return Panel(
        key="jobs",
        title=_("My recent exports and reports"),
        items=[
            PanelItem(
                text=f"{j.kind} #{j.pk}",
                url=j.get_absolute_url(),
                badge=j.get_status_display(),
                meta=j.message_text,
            )
            for j in jobs
        ],
        more_url=reverse("core:job-list"),
    )


@register_home_panel(order=10)
def my_directions(user: User) -> Panel | None:
    """Coordinators and heads of direction see the directions they work for."""
    from pmis.reference.models import Direction

    directions = list(
        Direction.objects.filter(coordinators=user).select_related("host")
        | Direction.objects.filter(head=user).select_related("host")
    )
    if not directions:
        return None
    return Panel(
        key="directions",
        title=_("My basic directions"),
        items=[PanelItem(text=f"{d.number}. {d.name}", meta=d.host.name) for d in directions],
    )


@register_home_panel(order=800)
def administration(user: User) -> Panel | None:
    """Administrators: accounts that need attention."""
    if not is_administrator(user):
        return None
    from axes.models import AccessAttempt

    from pmis.accounts.models import User

    locked = AccessAttempt.objects.order_by("-attempt_time")[:5]
    no_org = User.objects.filter(is_active=True, organization__isnull=True).count()
    items = [
        PanelItem(
            text=_("Failed sign-in attempts for %(user)s") % {"user": a.username}, meta=str(a.ip_address)
        )
        for a in locked
    ]
    if no_org:
        items.append(
            PanelItem(
                text=_("%(n)s active users have no organization") % {"n": no_org},
                url=reverse("admin:accounts_user_changelist"),
            )
        )
    return Panel(
        key="admin",
        title=_("Accounts needing attention"),
        items=items,
        empty_text=_("No locked accounts and no users without an organization."),
        more_url=reverse("admin:index"),
    )


@register_home_panel(order=950)
def security(user: User) -> Panel | None:
    from pmis.accounts.services import user_has_confirmed_device

    if user_has_confirmed_device(user):
        return None
    return Panel(
        key="security",
        title=_("Protect your account"),
        items=[PanelItem(text=_("Turn on two-factor authentication"), url=reverse("accounts:otp-setup"))],
    )
