"""Access to tariff cases: the only door views use to reach a TariffCase.

Tariff cases are visible to expertise staff (experts, the head of expertise) and administrators only;
everyone else gets 404. Only the assigned expert edits a case's data; the head of expertise and
administrators open cases and assign experts.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from expertise.permissions import is_expertise_staff
from expertise.tariffs.models import TariffCase, TariffCaseQuerySet
from pmis.accounts.roles import EXPERTISE_HEAD, has_role, is_administrator

VIEW_TARIFF_CASE = "view"
CHANGE_TARIFF_CASE = "change"  # the assigned expert: route data, cost lines, checks, status
MANAGE_TARIFF_CASES = "manage"  # head of expertise, administrators: open cases, assign experts


def is_tariff_staff(user: Any) -> bool:
    """Expertise staff and administrators (the review cases' rule, reused)."""
    return is_expertise_staff(user)


def can_manage_tariff_cases(user: Any) -> bool:
    return has_role(user, EXPERTISE_HEAD) or is_administrator(user)


def tariff_cases_visible_to(user: Any) -> TariffCaseQuerySet:
    """All tariff cases for expertise staff and administrators; none for anyone else."""
    if not is_tariff_staff(user):
        return TariffCase.objects.none()
    return TariffCase.objects.all()


def can_change_tariff_case(user: Any, case: TariffCase) -> bool:
    return bool(user.is_authenticated and case.assigned_expert_id == user.pk)


def access_tariff_case(user: Any, pk: int, *, perm: str = VIEW_TARIFF_CASE) -> TariffCase:
    """The only way views get a TariffCase: 404 if invisible, 403 if the user may not do `perm` on it."""
    case = get_object_or_404(tariff_cases_visible_to(user).with_parties(), pk=pk)
    if perm == CHANGE_TARIFF_CASE and not can_change_tariff_case(user, case):
        raise PermissionDenied
    if perm == MANAGE_TARIFF_CASES and not can_manage_tariff_cases(user):
        raise PermissionDenied
    return case


def require_tariff_manager(user: Any) -> None:
    """For pages that are not about one case (opening a new one): 404 to outsiders, 403 to experts."""
    if not is_tariff_staff(user):
        raise Http404
    if not can_manage_tariff_cases(user):
        raise PermissionDenied


def require_tariff_staff(user: Any) -> None:
    """Reference data (carriers, routes, contracts, norms): expertise staff and administrators; 404 to others."""
    if not is_tariff_staff(user):
        raise Http404
