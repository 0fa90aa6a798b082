"""The shell's menus in templates: `{% section_nav "monitoring" as items %}` gives the section menu's entries
the signed-in reader may open (the same rules as the pages' doors, registered in each app's portal.py)."""

from __future__ import annotations

from typing import Any

from django import template

from pmis.core.portal import NavItem, section_nav_for

register = template.Library()


@register.simple_tag(takes_context=True)
def section_nav(context: Any, section: str) -> list[NavItem]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return section_nav_for(user, section) if user is not None else []
