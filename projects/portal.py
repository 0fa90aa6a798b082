"""Navigation entry and home panel of the projects app."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmis.core.portal import NavItem, Panel, PanelItem, register_home_panel, register_nav

register_nav(NavItem(key="projects", label=gettext_lazy("Projects"), url_name="projects:list", icon="kanban", order=10))
register_nav(
    NavItem(key="methodology", label=gettext_lazy("Methodology"), url_name="projects:methodology", icon="journal-text", order=60)
)

_RAG_BADGE = {"green": "text-bg-success", "amber": "text-bg-warning", "red": "text-bg-danger", "none": "text-bg-secondary"}


@register_home_panel(order=20)
def my_projects(user: Any) -> Panel | None:
    """Managers, team members, curators and department officers: their projects with stage and RAG."""
    from projects.selectors.card import my_projects as select_my_projects

    rows, total = select_my_projects(user)
    if not rows:
        return None
    return Panel(
        key="my-projects",
        title=_("My projects"),
        items=[
            PanelItem(
                text=f"{p.code} · {p.title}",
                url=p.get_absolute_url(),
                meta=p.get_stage_display(),
                badge=p.get_rag_display(),
                badge_class=_RAG_BADGE.get(p.rag, "text-bg-secondary"),
            )
            for p in rows
        ],
        count=total,
        more_url=_register_url(),
    )


def _register_url() -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("projects:list")
    except NoReverseMatch:
        return ""


# panels of the plan, register and status-report tabs (projects-delivery); the public page tab, the queue and
# its home panel (projects-publication)
from projects import portal_delivery, portal_publication  # noqa: E402, F401
