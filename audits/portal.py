"""Navigation, section menu, home panels and the card tab of the audit function. Each area registers its own
entries in `audits/portal_<area>.py`, imported here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from audits.permissions import sees_audit_function
from pmis.core.portal import NavItem, register_nav

register_nav(
    NavItem(
        key="audits",
        label=gettext_lazy("Audits"),
        url_name="audits:home",
        icon="search",
        order=60,
        visible=sees_audit_function,
    )
)

import audits.portal_analytics  # noqa: E402,F401
import audits.portal_draws  # noqa: E402,F401
import audits.portal_fieldwork  # noqa: E402,F401
import audits.portal_findings  # noqa: E402,F401
import audits.portal_programme  # noqa: E402,F401
