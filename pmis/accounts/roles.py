"""Global roles (Django groups), one per persona of the design brief. docs/roles.md is the matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from pmis.accounts.types import AnyUser

DEPARTMENT_OFFICER = "department_officer"
PROJECT_MANAGER = "project_manager"
BDIG_COORDINATOR = "bdig_coordinator"
DIRECTION_HEAD = "direction_head"
PMO_STAFF = "pmo_staff"
SAC_ANALYST = "sac_analyst"
COMMITTEE_MEMBER = "committee_member"
EXPERT = "expert"
EXPERTISE_HEAD = "expertise_head"
AUDITOR = "auditor"
ADMINISTRATOR = "administrator"

ROLES: dict[str, StrOrPromise] = {
    DEPARTMENT_OFFICER: _("Department officer"),
    PROJECT_MANAGER: _("Project manager"),
    BDIG_COORDINATOR: _("BDIG coordinator"),
    DIRECTION_HEAD: _("Head of basic direction"),
    PMO_STAFF: _("Project Office staff"),
    SAC_ANALYST: _("SAC analyst"),
    COMMITTEE_MEMBER: _("Steering Committee member"),
    EXPERT: _("Expert"),
    EXPERTISE_HEAD: _("Head of expertise"),
    AUDITOR: _("Auditor"),
    ADMINISTRATOR: _("Administrator"),
}


def role_names(user: AnyUser | None) -> frozenset[str]:
    """The user's role names, cached on the user object for the request (one query)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_pmis_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._pmis_roles = cached
    return cached


def has_role(user: AnyUser | None, *roles: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(role_names(user).intersection(roles))


def is_administrator(user: AnyUser | None) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or ADMINISTRATOR in role_names(user))
    )
