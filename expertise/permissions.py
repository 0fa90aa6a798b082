"""The only door to review cases and opinions.

Visibility is rule-based (one filter): expertise staff (experts, the head of expertise) and administrators
see every case; everyone else sees only the cases of their own organization (the applicant department).
Editing is object-level through the Assignment rows rather than guardian permissions, because the
assignment already is the grant (one row, one query) and it carries the lead/member role:
- EDIT (financial model, remarks, opinion sections, send back): an expert assigned to the case;
- MANAGE (intake, completeness check, assignment, approve/return/issue): the head of expertise;
- RESUBMIT (revised documents are back): the applicant department or the head of expertise;
- RESPOND (type the initiator's response to a remark): users of the applicant department;
- INTAKE (register a new case): expertise staff.
Invisible → 404, visible without the permission → 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from expertise.models import (
    FinancialModel,
    HistoryImport,
    Holiday,
    ObligationLimitRule,
    Opinion,
    Remark,
    ReviewCase,
    ReviewDeadlineRule,
    Scenario,
)
from pmis.accounts import roles

VIEW = "view"
EDIT = "edit"
MANAGE = "manage"
RESUBMIT = "resubmit"
RESPOND = "respond"
PERMS = (VIEW, EDIT, MANAGE, RESUBMIT, RESPOND)

STAFF_ROLES = (roles.EXPERT, roles.EXPERTISE_HEAD, roles.ADMINISTRATOR)


def is_expertise_staff(user: Any) -> bool:
    """Experts, the head of expertise and administrators: they see every case."""
    return bool(user is not None and user.is_authenticated and roles.has_role(user, *STAFF_ROLES))


def is_expertise_head(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and roles.has_role(user, roles.EXPERTISE_HEAD))


def can_register_cases(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and roles.has_role(user, roles.EXPERT, roles.EXPERTISE_HEAD)
    )


def cases_visible_to(user: Any) -> QuerySet[ReviewCase]:
    """Cases the user may read: all for expertise staff, their own organization's for everyone else."""
    if user is None or not user.is_authenticated:
        return ReviewCase.objects.none()
    if is_expertise_staff(user):
        return ReviewCase.objects.all()
    if not user.organization_id:
        return ReviewCase.objects.none()
    return ReviewCase.objects.filter(applicant_id=user.organization_id)


def opinions_visible_to(user: Any) -> QuerySet[Opinion]:
    """Opinions the user may read: every version for expertise staff; for the applicant department only the
    issued opinions of its cases (a draft is the experts' working paper until the head issues it)."""
    if user is None or not user.is_authenticated:
        return Opinion.objects.none()
    if is_expertise_staff(user):
        return Opinion.objects.all()
    return Opinion.objects.filter(case__in=cases_visible_to(user), status=Opinion.Status.ISSUED)


def is_assigned(user: Any, case: ReviewCase) -> bool:
    cached = getattr(case, "_assigned_ids", None)
    if cached is None:
        cached = set(case.assignments.values_list("expert_id", flat=True))
        case._assigned_ids = cached  # type: ignore[attr-defined]
    return user.pk in cached


def case_perms(user: Any, case: ReviewCase) -> dict[str, bool]:
    """Which operations the user may do on a visible case (for templates' `can` flags)."""
    head = is_expertise_head(user)
    applicant = bool(user.organization_id) and user.organization_id == case.applicant_id
    return {
        VIEW: True,
        EDIT: roles.has_role(user, roles.EXPERT, roles.EXPERTISE_HEAD) and is_assigned(user, case),
        MANAGE: head,
        RESUBMIT: head or applicant,
        RESPOND: applicant and not is_expertise_staff(user),
    }


def access_case(
    user: Any, pk: Any, *, perm: str = VIEW, queryset: QuerySet[ReviewCase] | None = None
) -> ReviewCase:
    """The only way views get a ReviewCase: 404 if invisible, 403 without the permission."""
    if perm not in PERMS:
        raise ValueError(f"Unknown case permission {perm!r}")
    base = cases_visible_to(user)
    if queryset is not None:
        base = queryset & base
    case = get_object_or_404(base, pk=pk)
    if perm != VIEW and not case_perms(user, case)[perm]:
        raise PermissionDenied
    return case


def access_opinion(user: Any, case: ReviewCase, pk: Any) -> Opinion:
    """A visible opinion of an already-accessed case (404 when it belongs to another case or is a draft the
    user may not read)."""
    return get_object_or_404(
        opinions_visible_to(user).select_related("issued_by", "regulatory_basis", "supersedes"),
        case=case,
        pk=pk,
    )


def can_import_history(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and roles.has_role(user, roles.EXPERTISE_HEAD))


def access_import(user: Any, pk: Any) -> HistoryImport:
    """Archive imports: the head of expertise only; others get 404."""
    if not can_import_history(user):
        raise Http404
    return get_object_or_404(HistoryImport, pk=pk)


def access_remark(user: Any, case: ReviewCase, pk: Any) -> Remark:
    """A remark of an already-accessed case (404 when it belongs to another case)."""
    return get_object_or_404(Remark.objects.select_related("round"), round__case=case, pk=pk)


def access_model(user: Any, case: ReviewCase, pk: Any) -> FinancialModel:
    """A financial model version of an already-accessed case (404 when it belongs to another case)."""
    return get_object_or_404(FinancialModel.objects.select_related("created_by", "case"), case=case, pk=pk)


def access_scenario(user: Any, case: ReviewCase, pk: Any) -> Scenario:
    """A scenario of an already-accessed case (404 when it belongs to another case)."""
    return get_object_or_404(Scenario.objects.select_related("case"), case=case, pk=pk)


def require_reference_access(user: Any, *, edit: bool = False) -> None:
    """Working calendar, review periods and PPP limit rules: expertise staff read them, the head of expertise
    edits them (403 otherwise; they are reference data, not confidential)."""
    if not is_expertise_staff(user) or (edit and not is_expertise_head(user)):
        raise PermissionDenied


def access_holiday(user: Any, pk: Any) -> Holiday:
    require_reference_access(user, edit=True)
    return get_object_or_404(Holiday, pk=pk)


def access_deadline_rule(user: Any, pk: Any) -> ReviewDeadlineRule:
    require_reference_access(user, edit=True)
    return get_object_or_404(ReviewDeadlineRule, pk=pk)


def access_limit_rule(user: Any, pk: Any) -> ObligationLimitRule:
    require_reference_access(user, edit=True)
    return get_object_or_404(ObligationLimitRule, pk=pk)
