"""Navigation, section menu and home panels of the surveys' population area: the "Population shares" entry
of the surveys' section menu (the Project Office enters them, the SAC reads them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from pmis.core.portal import NavItem, register_section_nav
from surveys.permissions import reads_results

register_section_nav(
    "surveys",
    NavItem(
        key="population",
        label=gettext_lazy("Population shares"),
        url_name="surveys:population-list",
        icon="people",
        order=80,
        visible=reads_results,
    ),
)
