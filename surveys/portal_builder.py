"""Navigation, section menu and home panels of the surveys' builder area: the top-level "Surveys" menu entry
and the section menu's "Surveys" item (the other areas add Campaigns, Population shares, …)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from pmis.core.portal import NavItem, register_nav, register_section_nav
from surveys import permissions

register_nav(
    NavItem(
        key="surveys",
        label=gettext_lazy("Surveys"),
        url_name="surveys:home",
        icon="clipboard-check",
        order=70,
        visible=permissions.reads_results,
    )
)
register_section_nav(
    "surveys",
    NavItem(
        key="surveys",
        label=gettext_lazy("Surveys"),
        url_name="surveys:home",
        icon="clipboard-check",
        order=10,
        visible=permissions.reads_results,
    ),
)
