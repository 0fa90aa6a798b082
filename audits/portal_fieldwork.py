"""Portal entries of the audits area: fieldwork (section menu items, home panels, card tab)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from pmis.core.portal import NavItem, register_section_nav

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
