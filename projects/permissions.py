"""The only door to projects and the only module of the app that imports guardian.

VIEW is rule-based (one Q filter, no per-row permission rows) because the register lists 10,000 projects:
every internal user reads non-confidential projects; a confidential project is visible to its manager,
curator and team, its department's officers, its direction's coordinators and head, Project Office staff,
Steering Committee members and administrators.

CHANGE is object-level (django-guardian): the manager and the deputy/member team rows get a user permission,
the department's editor group (`editors:<department code>`) a group permission; Project Office staff hold
the global `projects.change_project` (data migration 0002).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm, remove_perm

from pmis.accounts import roles
from projects.models import Project, ProjectMember, ProjectQuerySet

VIEW_PROJECT = "projects.view_project"
CHANGE_PROJECT = "projects.change_project"
_CHANGE_CODENAME = "change_project"

# roles that see every project, confidential ones included
SEE_ALL_ROLES = (roles.PMO_STAFF, roles.COMMITTEE_MEMBER, roles.ADMINISTRATOR)


def editors_group_name(department_code: str) -> str:
    return f"editors:{department_code}"


def sees_all_projects(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or roles.has_role(user, *SEE_ALL_ROLES))
    )


def confidential_access_q(user: Any) -> Q:
    """Who may see a confidential project, as a filter: team, department officers, direction, by rule."""
    from pmis.reference.models import Direction

    member_of = ProjectMember.objects.filter(user=user).values("project_id")
    coordinated = Direction.coordinators.through.objects.filter(user_id=user.pk).values("direction_id")
    q = (
        Q(manager=user)
        | Q(curator=user)
        | Q(pk__in=member_of)
        | Q(direction_id__in=coordinated)
        | Q(direction__head=user)
    )
    if user.organization_id and roles.has_role(user, roles.DEPARTMENT_OFFICER):
        q |= Q(department_id=user.organization_id)
    return q


def projects_visible_to(user: Any) -> ProjectQuerySet:
    """Projects the user may read: nothing for anonymous users, one Q filter for everyone else."""
    if user is None or not user.is_authenticated:
        return Project.objects.none()
    if sees_all_projects(user):
        return Project.objects.all()
    return Project.objects.filter(Q(is_confidential=False) | confidential_access_q(user))


def has_global_change(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(CHANGE_PROJECT))


def can_edit_project(user: Any, project: Project) -> bool:
    """Global permission (Project Office, superuser) or a guardian object permission (user or group)."""
    if user is None or not user.is_authenticated:
        return False
    return has_global_change(user) or user.has_perm(CHANGE_PROJECT, project)


def access_project(
    user: Any, pk: Any, *, perm: str = VIEW_PROJECT, queryset: QuerySet[Project] | None = None
) -> Project:
    """The only way views get a Project: 404 if the user may not see it (never leak existence), 403 if read-only."""
    base: QuerySet[Project] = projects_visible_to(user)
    if queryset is not None:
        base = queryset & base
    project = get_object_or_404(base, pk=pk)
    if perm == CHANGE_PROJECT and not can_edit_project(user, project):
        raise PermissionDenied
    if perm not in (VIEW_PROJECT, CHANGE_PROJECT):
        raise ValueError(f"Unknown project permission {perm!r}")
    return project


def editable_ids(user: Any, projects: Iterable[Project]) -> set[int]:
    """Ids of the given projects the user may edit, with one prefetch of object permissions for the page."""
    projects = list(projects)
    if not projects or user is None or not user.is_authenticated:
        return set()
    if has_global_change(user):
        return {p.pk for p in projects}
    checker = ObjectPermissionChecker(user)
    # The stubs say QuerySet, but guardian takes any list of objects of one model (it reads their pks).
    checker.prefetch_perms(projects)  # type: ignore[arg-type]
    return {p.pk for p in projects if checker.has_perm(_CHANGE_CODENAME, p)}


# Registering projects.

CREATOR_ROLES = (roles.DEPARTMENT_OFFICER, roles.PROJECT_MANAGER, roles.PMO_STAFF, roles.ADMINISTRATOR)


def can_create_projects(user: Any) -> bool:
    """Department officers, project managers, the Project Office and administrators register projects."""
    return roles.has_role(user, *CREATOR_ROLES)


def access_project_create(user: Any) -> None:
    """403 unless the user may register projects (the form and the register import)."""
    if not can_create_projects(user):
        raise PermissionDenied


def registrable_departments(user: Any) -> QuerySet[Any]:
    """Organizations the user may register projects for: their own; any for global editors (Project Office)."""
    from pmis.accounts.models import Organization
    from projects.filters import DEPARTMENT_KINDS

    qs = Organization.objects.filter(kind__in=DEPARTMENT_KINDS, is_active=True)
    if has_global_change(user):
        return qs
    return qs.filter(pk=user.organization_id)


def proposes_self_as_manager(user: Any) -> bool:
    """A project manager registering a project is proposed as its manager."""
    return roles.has_role(user, roles.PROJECT_MANAGER) and not user.is_superuser


def access_methodology_version(user: Any, pk: Any) -> Any:
    """Published methodology templates: every signed-in user may read them; 404 for an unknown version."""
    from projects.models import MethodologyTemplateVersion

    if user is None or not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(MethodologyTemplateVersion.objects.select_related("template"), pk=pk)


# Grants: called only by services (projects.services.project).


def department_editors_group(department: Any) -> Group:
    """The department's editor group (`editors:<code>`), created on first use."""
    group, _created = Group.objects.get_or_create(name=editors_group_name(department.code))
    return group


def grant_project_editing(project: Project) -> None:
    """Give the manager and the department's editor group the change permission on a project."""
    assign_perm(CHANGE_PROJECT, department_editors_group(project.department), project)
    if project.manager_id:
        assign_perm(CHANGE_PROJECT, project.manager, project)


def grant_user_editing(user: Any, project: Project) -> None:
    assign_perm(CHANGE_PROJECT, user, project)


def revoke_user_editing(user: Any, project: Project) -> None:
    remove_perm(CHANGE_PROJECT, user, project)


def revoke_group_editing(department: Any, project: Project) -> None:
    remove_perm(CHANGE_PROJECT, department_editors_group(department), project)


# Governance acts on an already visible project.

GOVERNANCE_ROLES = (roles.PMO_STAFF, roles.COMMITTEE_MEMBER, roles.ADMINISTRATOR)


def can_decide_for_project(user: Any, project: Project) -> bool:
    """Approve a passport or record a gate decision: Project Office (Committee secretariat), Committee
    members, administrators and the head of the project's direction."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or roles.has_role(user, *GOVERNANCE_ROLES):
        return True
    return bool(project.direction.head_id == user.pk)


def access_project_for_decision(user: Any, pk: Any) -> Project:
    """404 if invisible, 403 unless the user may take governance decisions on the project."""
    project = access_project(user, pk, queryset=Project.objects.select_related("direction"))
    if not can_decide_for_project(user, project):
        raise PermissionDenied
    return project


# Who may hold a role on a project (the choice lists of the project form and the register import).

MANAGER_ROLES = (roles.PROJECT_MANAGER, roles.DEPARTMENT_OFFICER)
CURATOR_ROLES = (roles.DIRECTION_HEAD,)


def eligible_managers(*, keep: Any = None) -> QuerySet[Any]:
    """Active project managers and department officers (the people who run a department's projects); `keep`
    (a user id) stays in the list so an existing assignment can be saved unchanged."""
    from pmis.accounts.models import User

    q = Q(groups__name__in=MANAGER_ROLES)
    if keep:
        q |= Q(pk=keep)
    return User.objects.filter(q, is_active=True).distinct().order_by("last_name", "first_name", "pk")


def eligible_curators(*, keep: Any = None) -> QuerySet[Any]:
    """Active heads of basic directions (deputy akims, heads of departments), who supervise projects; `keep` as
    for managers."""
    from pmis.accounts.models import User

    q = Q(groups__name__in=CURATOR_ROLES)
    if keep:
        q |= Q(pk=keep)
    return User.objects.filter(q, is_active=True).distinct().order_by("last_name", "first_name", "pk")


def can_manage_methodology(user: Any) -> bool:
    """Publish methodology template versions: Project Office staff and administrators."""
    return roles.has_role(user, roles.PMO_STAFF, roles.ADMINISTRATOR)


def access_methodology_manage(user: Any) -> None:
    """403 unless the user may publish methodology templates."""
    if not can_manage_methodology(user):
        raise PermissionDenied


REGISTER_IMPORT_KIND = "projects.register_import"


def access_register_import(user: Any, pk: Any) -> Any:
    """A register import job of the user's own (404 for any other job, someone else's included)."""
    from pmis.core.permissions import access_job

    job = access_job(user, pk)
    if job.kind != REGISTER_IMPORT_KIND or job.requested_by_id != user.pk:
        raise Http404
    return job


def project_team_q(user: Any, prefix: str = "") -> Q:
    """The project's own team as a filter over projects (or over rows pointing to one, with `prefix`, e.g.
    "project__"): its manager, curator and members, and the officers of its department. Other apps use it to
    show a project's team what concerns them (an audit report, once issued)."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    member_of = ProjectMember.objects.filter(user=user).values("project_id")
    q = Q(**{f"{prefix}manager": user}) | Q(**{f"{prefix}curator": user}) | Q(**{f"{prefix}pk__in": member_of})
    if user.organization_id and roles.has_role(user, roles.DEPARTMENT_OFFICER):
        q |= Q(**{f"{prefix}department_id": user.organization_id})
    return q


def conflicts_of_interest(user: Any, project: Project) -> list[str]:
    """Why the user may not audit or verify this project, as reason codes (empty: no conflict): their own
    department, or a project they manage, curate or are a member of."""
    reasons = []
    if user.organization_id and user.organization_id == project.department_id:
        reasons.append("department")
    if project.manager_id == user.pk or project.curator_id == user.pk:
        reasons.append("manages")
    elif ProjectMember.objects.filter(project=project, user=user).exists():
        reasons.append("member")
    return reasons
