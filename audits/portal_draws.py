"""Portal entries of the audits area: draws (section menu items, home panels, card tab)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from audits.permissions import sees_audit_function
from pmis.core.portal import NavItem, register_section_nav

register_section_nav(
    "audits",
    NavItem(
        key="draws",
        label=gettext_lazy("Draws"),
        url_name="audits:draw-list",
        icon="shuffle",
        order=20,
        visible=sees_audit_function,
    ),
)
register_section_nav(
    "audits",
    NavItem(
        key="sample-size",
        label=gettext_lazy("Sample size"),
        url_name="audits:sample-size",
        icon="calculator",
        order=25,
        visible=sees_audit_function,
    ),
)
