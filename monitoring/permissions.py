"""The only door to monitoring objects.

- Every internal user reads indicators, ratings and alerts, except those of projects hidden from them
  (confidential projects follow `projects_visible_to`).
- Indicators are owned by SAC and the Project Office at every level; a project's editors (its department,
  manager, team) also create, edit and retire that project's indicators and set their targets.
- Actual values are entered by users of the indicator's responsible organization, by the project's editors
  (`can_edit_project`) and by SAC analysts. SAC verifies them, except those of confidential projects, which SAC
  may not see: the Project Office verifies those; whoever entered a value never verifies it (four eyes).
  SAC runs scans, manages reporting periods and drafts recommendations; the Project Office edits the RAG policy.
- Recommendations: the project's manager (or its editors) responds; a coordinator of the project's direction
  accepts or rejects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from monitoring.models import Actual, Alert, ImportBatch, Indicator, Recommendation, ReportingPeriod
from pmis.accounts import roles
from projects.models import Project
from projects.permissions import can_edit_project, projects_visible_to, sees_all_projects

if TYPE_CHECKING:
    from pmis.accounts.models import User
    from pmis.accounts.types import AnyUser

VIEW = "view"
ENTER_ACTUAL = "enter_actual"
EDIT = "edit"


def is_internal(user: AnyUser) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_sac(user: AnyUser) -> bool:
    return roles.has_role(user, roles.SAC_ANALYST, roles.ADMINISTRATOR)


def can_verify(user: AnyUser) -> bool:
    """Whether the user verifies values at all (the verification queue): SAC for ordinary indicators, the Project
    Office for those of confidential projects, which SAC may not see (DESIGN.md §4), administrators for any."""
    return is_sac(user) or roles.has_role(user, roles.PMO_STAFF)


def _verifies_confidential(user: User) -> bool:
    return roles.has_role(user, roles.PMO_STAFF, roles.ADMINISTRATOR)


def _verifies_ordinary(user: User) -> bool:
    return roles.has_role(user, roles.SAC_ANALYST, roles.ADMINISTRATOR)


def verifiable_actuals(user: User) -> QuerySet[Actual]:
    """Submitted values of open periods waiting for this user: SAC verifies those outside confidential projects,
    the Project Office those of confidential projects, so every value has a verifier; never one the user entered
    (four eyes)."""
    if not can_verify(user):
        return Actual.objects.none()
    qs = Actual.objects.filter(
        status=Actual.Status.SUBMITTED, is_locked=False, indicator__in=indicators_visible_to(user)
    ).exclude(entered_by=user)
    confidential = Q(indicator__project__is_confidential=True)
    if _verifies_ordinary(user) and _verifies_confidential(user):
        return qs
    return qs.filter(confidential) if _verifies_confidential(user) else qs.exclude(confidential)


def can_verify_actual(user: User, actual: Actual) -> bool:
    """Whether the user may verify or reject this (visible) value: the verifier of its kind (see
    `verifiable_actuals`) who did not enter it."""
    if not can_verify(user) or (actual.entered_by_id is not None and actual.entered_by_id == user.pk):
        return False
    project = actual.indicator.project if actual.indicator.project_id else None
    if project is not None and project.is_confidential:
        return _verifies_confidential(user)
    return _verifies_ordinary(user)


def can_run_scan(user: User) -> bool:
    return is_sac(user)


def can_manage_periods(user: User) -> bool:
    return is_sac(user)


def can_edit_policy(user: User) -> bool:
    return roles.has_role(user, roles.PMO_STAFF, roles.ADMINISTRATOR)


def can_manage_indicators(user: User) -> bool:
    """SAC and the Project Office own the indicator system at every level (strategic, program, project)."""
    return roles.has_role(user, roles.SAC_ANALYST, roles.PMO_STAFF, roles.ADMINISTRATOR)


def can_manage_indicator(user: User, indicator: Indicator, *, project_editable: bool | None = None) -> bool:
    """Edit, retire and set targets: SAC / Project Office for any indicator; a project's editors (its department,
    manager and team) for that project's indicators. `project_editable` spares the check when already known."""
    if not is_internal(user):
        return False
    if can_manage_indicators(user):
        return True
    if not indicator.project_id:
        return False
    if project_editable is None:
        project = indicator.project  # set: project_id was checked above
        project_editable = project is not None and can_edit_project(user, project)
    return bool(project_editable)


def can_edit_targets(user: User, indicator: Indicator) -> bool:
    """Set targets: whoever manages the indicator, while it is monitored (a retired one keeps its targets)."""
    return indicator.retired_at is None and can_manage_indicator(user, indicator)


def can_place_indicator(user: User, indicator: Indicator) -> bool:
    """Whether the indicator may be saved where the form put it: SAC and the Project Office anywhere; anyone else
    only as a project indicator of a project they edit."""
    if can_manage_indicators(user):
        return True
    return bool(
        indicator.level == Indicator.Level.PROJECT
        and indicator.project is not None
        and can_edit_project(user, indicator.project)
    )


def access_indicator_project(user: User, pk: int) -> Project:
    """The project a new indicator is added to from its card: 404 if invisible, 403 unless the user manages
    indicators or edits the project."""
    from projects.permissions import access_project

    project = access_project(user, pk)
    if not (can_manage_indicators(user) or can_edit_project(user, project)):
        raise PermissionDenied
    return project


def can_create_indicators(user: User) -> bool:
    """Whether to offer "New indicator" at all: indicator owners, and anyone who edits some project."""
    return can_manage_indicators(user) or indicator_projects_for(user).exists()


def indicator_projects_for(user: User) -> QuerySet[Project]:
    """Projects the user may add indicators to: every visible project for SAC / Project Office, else editable ones."""
    if not is_internal(user):
        return Project.objects.none()
    if can_manage_indicators(user):
        return projects_visible_to(user)
    from projects.permissions import has_global_change

    if has_global_change(user):
        return projects_visible_to(user)
    from guardian.shortcuts import get_objects_for_user

    return get_objects_for_user(user, "projects.change_project", klass=projects_visible_to(user))


def can_record_budget(user: User, project: Project) -> bool:
    """Record a project's monthly cash plan and disbursements: whoever edits the project (its budget lines)."""
    return can_edit_project(user, project)


def can_import(user: AnyUser) -> bool:
    """Anyone who may enter some actual value: an officer of an organization, a manager, SAC."""
    if not user.is_authenticated:
        return False
    return is_internal(user) and (
        is_sac(user) or bool(user.organization_id) or roles.has_role(user, roles.PROJECT_MANAGER)
    )


def _project_filter(user: User, prefix: str = "") -> Q:
    if sees_all_projects(user):
        return Q()
    visible = projects_visible_to(user).values("pk")
    return Q(**{f"{prefix}project__isnull": True}) | Q(**{f"{prefix}project__in": visible})


def indicators_visible_to(user: User) -> QuerySet[Indicator]:
    """City and program indicators for every internal user; project indicators where the project is visible."""
    if not is_internal(user):
        return Indicator.objects.none()
    return Indicator.objects.filter(_project_filter(user))


def alerts_visible_to(user: User) -> QuerySet[Alert]:
    if not is_internal(user):
        return Alert.objects.none()
    return Alert.objects.filter(_project_filter(user))


def recommendations_visible_to(user: User) -> QuerySet[Recommendation]:
    """Recommendations on visible projects; drafts only to SAC (the author's desk)."""
    if not is_internal(user):
        return Recommendation.objects.none()
    qs = Recommendation.objects.filter(_project_filter(user))
    if not is_sac(user):
        qs = qs.exclude(status=Recommendation.Status.DRAFT)
    return qs


def projects_for(user: User) -> QuerySet[Project]:
    return projects_visible_to(user)


def can_enter_actual(user: User, indicator: Indicator, *, project_editable: bool | None = None) -> bool:
    """SAC, the responsible organization or person, the project's editors; never on a retired indicator."""
    if not is_internal(user) or indicator.retired_at is not None:
        return False
    if is_sac(user):
        return True
    if (
        indicator.responsible_organization_id
        and user.organization_id == indicator.responsible_organization_id
    ):
        return True
    if indicator.responsible_person_id == user.pk:
        return True
    if not indicator.project_id:
        return False
    if project_editable is None:
        project = indicator.project  # set: project_id was checked above
        project_editable = project is not None and can_edit_project(user, project)
    return bool(project_editable)


def enterable_indicators(user: User) -> QuerySet[Indicator]:
    """Indicators whose actuals the user may enter or import (for templates and bulk checks)."""
    if not is_internal(user):
        return Indicator.objects.none()
    if is_sac(user):
        # every indicator SAC may see: a confidential project's stay out (DESIGN.md §4)
        return indicators_visible_to(user).filter(retired_at__isnull=True)
    q = Q(responsible_person=user)
    if user.organization_id:
        q |= Q(responsible_organization_id=user.organization_id)
    from projects.permissions import has_global_change

    if has_global_change(user):
        q |= Q(project__isnull=False)
    else:
        from guardian.shortcuts import get_objects_for_user

        editable = get_objects_for_user(user, "projects.change_project", klass=Project.objects.all()).values(
            "pk"
        )
        q |= Q(project__in=editable)
    return indicators_visible_to(user).filter(q, retired_at__isnull=True)


def access_indicator(user: User, pk: int, *, perm: str = VIEW) -> Indicator:
    """404 if invisible, 403 if the user may not do `perm` (enter actuals; edit, retire, set targets)."""
    indicator = get_object_or_404(
        indicators_visible_to(user).select_related(
            "project__direction",
            "direction",
            "responsible_organization",
            "responsible_person",
            "parent",
            "program_item",
        ),
        pk=pk,
    )
    if perm == ENTER_ACTUAL and not can_enter_actual(user, indicator):
        raise PermissionDenied
    if perm == EDIT and not can_manage_indicator(user, indicator):
        raise PermissionDenied
    return indicator


def reporting_periods_visible_to(user: User) -> QuerySet[ReportingPeriod]:
    """The reporting calendar is the same for every internal user (what a period shows is scoped per reader)."""
    if not is_internal(user):
        return ReportingPeriod.objects.none()
    return ReportingPeriod.objects.all()


def access_period(user: User, pk: int, *, manage: bool = False, open_only: bool = False) -> ReportingPeriod:
    """404 if invisible (or, with `open_only`, closed); 403 if `manage` and the user does not run the calendar."""
    qs = reporting_periods_visible_to(user)
    if open_only:
        qs = qs.filter(status=ReportingPeriod.Status.OPEN)
    period = get_object_or_404(qs, pk=pk)
    if manage and not can_manage_periods(user):
        raise PermissionDenied
    return period


def access_actual(user: User, pk: int) -> Actual:
    """A value of an indicator the user may see (404 otherwise); verifying it is `can_verify_actual`."""
    return get_object_or_404(
        Actual.objects.filter(indicator__in=indicators_visible_to(user)).select_related(
            "indicator__project", "entered_by", "verified_by"
        ),
        pk=pk,
    )


def access_alert(user: User, pk: int) -> Alert:
    return get_object_or_404(
        alerts_visible_to(user).select_related("project", "indicator", "direction", "responsible"), pk=pk
    )


def can_respond(user: User, rec: Recommendation) -> bool:
    if rec.status not in (Recommendation.Status.SENT, Recommendation.Status.RESPONDED):
        return False
    project = rec.project
    if project is None:
        return is_sac(user)
    return bool(project.manager_id == user.pk or can_edit_project(user, project))


def can_decide(user: User, rec: Recommendation) -> bool:
    if rec.status not in (Recommendation.Status.SENT, Recommendation.Status.RESPONDED):
        return False
    if roles.is_administrator(user):
        return True
    direction = (
        rec.project.direction
        if rec.project is not None
        else (rec.indicator.direction if rec.indicator is not None else None)
    )
    if direction is None:
        return roles.has_role(user, roles.PMO_STAFF)
    return direction.coordinators.filter(pk=user.pk).exists()


def can_mark_implemented(user: User, rec: Recommendation) -> bool:
    if rec.status != Recommendation.Status.ACCEPTED:
        return False
    return is_sac(user) or bool(
        rec.project is not None and (rec.project.manager_id == user.pk or can_edit_project(user, rec.project))
    )


def access_recommendation(user: User, pk: int) -> Recommendation:
    return get_object_or_404(
        recommendations_visible_to(user).select_related(
            "project__direction", "indicator__direction", "drafted_by"
        ),
        pk=pk,
    )


def access_import(user: User, pk: int) -> ImportBatch:
    """An import is visible to the person who uploaded it (and administrators)."""
    if not is_internal(user):
        raise PermissionDenied
    qs = (
        ImportBatch.objects.all()
        if roles.is_administrator(user)
        else ImportBatch.objects.filter(uploaded_by=user)
    )
    return get_object_or_404(qs, pk=pk)
