"""Navigation and home panels of the expertise app."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from expertise.permissions import is_case_staff, is_expertise_head
from pmis.accounts import roles
from pmis.core.portal import NavItem, Panel, PanelItem, register_home_panel, register_nav


def _sees_expertise(user: Any) -> bool:
    # by roles held (a superuser's blanket roles do not count): the door of the cases themselves
    return is_case_staff(user) or roles.DEPARTMENT_OFFICER in roles.role_names(user)


register_nav(
    NavItem(
        key="expertise",
        label=gettext_lazy("Expertise"),
        url_name="expertise:case-list",
        icon="clipboard-check",
        order=50,
        visible=_sees_expertise,
    )
)


@register_home_panel(order=30)
def expertise_work(user: Any) -> Panel | None:
    """Experts: their open cases by deadline. The head: drafts waiting for a decision and cases to assign."""
    from expertise.models import ReviewCase

    if not is_case_staff(user):
        return None
    if is_expertise_head(user):
        qs = ReviewCase.objects.filter(
            status__in=[
                ReviewCase.Status.HEAD_REVIEW,
                ReviewCase.Status.INTAKE,
                ReviewCase.Status.COMPLETENESS_CHECK,
            ]
        )
        title = _("Expertise: waiting for your decision or assignment")
    else:
        qs = ReviewCase.objects.open().filter(assignments__expert=user)
        title = _("My review cases")
    cases = list(qs.order_by("deadline", "id")[:6])
    return Panel(
        key="expertise",
        title=title,
        items=[
            PanelItem(
                text=f"{c.number} · {c.title}",
                url=c.get_absolute_url(),
                badge=c.get_status_display(),
                meta=_("deadline %(date)s") % {"date": c.deadline.strftime("%d.%m.%Y")} if c.deadline else "",
            )
            for c in cases
        ],
        empty_text=_("No review cases need you now."),
        more_url=reverse("expertise:case-list"),
    )


import expertise.tariffs.portal  # noqa: E402,F401  (tariff verification registers its own entries)


def _register_calendar() -> None:
    from expertise.services.calendar import add_working_days
    from pmis.core.portal import register_working_days

    register_working_days(add_working_days)


_register_calendar()


import expertise.facts  # noqa: E402,F401  (project facts for the audit function)
