"""Who may act on change requests and status reports; built on the projects access module (no guardian here).

- Project editors (CHANGE on the project) draft and submit change requests and status reports.
- Change requests are assessed by Project Office staff or the coordinators of the project's direction,
  and approved or rejected by Project Office staff (global role).
- Status reports are accepted or returned by the coordinators of the project's direction only.
"""

from __future__ import annotations

from typing import Any

from pmis.accounts import roles
from projects.models import Project
from projects.permissions import can_edit_project


def is_direction_coordinator(user: Any, project: Project) -> bool:
    """True when the user is one of the coordinators of the project's direction (one query, cached per request)."""
    if user is None or not user.is_authenticated:
        return False
    cache = getattr(user, "_pmis_coordinated", None)
    if cache is None:
        cache = frozenset(user.coordinated_directions.values_list("pk", flat=True))
        user._pmis_coordinated = cache
    return project.direction_id in cache


def is_project_office(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and roles.has_role(user, roles.PMO_STAFF))


def can_assess_change(user: Any, project: Project) -> bool:
    return is_project_office(user) or is_direction_coordinator(user, project)


def can_decide_change(user: Any, project: Project) -> bool:
    return is_project_office(user)


def can_review_report(user: Any, project: Project) -> bool:
    return is_direction_coordinator(user, project)


def delivery_flags(user: Any, project: Project) -> dict[str, bool]:
    """The template's `can_*` flags for the plan, budget, register and report tabs."""
    return {
        "can_edit": can_edit_project(user, project),
        "can_assess_change": can_assess_change(user, project),
        "can_decide_change": can_decide_change(user, project),
        "can_review_report": can_review_report(user, project),
    }
