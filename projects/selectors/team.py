"""Who belongs to a project's team and who speaks for its department, as other apps need it (audits: owners of
corrective actions, recipients of overdue notices)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from pmis.accounts import roles
from pmis.accounts.models import User
from projects.models import Project, ProjectMember


def project_team_users(project: Project) -> QuerySet[User]:
    """Active users of the project's own team, as `projects.permissions.project_team_q` admits them: its
    manager, curator and members, and the officers of its department; by name."""
    members = ProjectMember.objects.filter(project=project).values("user_id")
    q = Q(pk__in=members)
    if project.manager_id:
        q |= Q(pk=project.manager_id)
    if project.curator_id:
        q |= Q(pk=project.curator_id)
    if project.department_id:
        q |= Q(organization_id=project.department_id, groups__name=roles.DEPARTMENT_OFFICER)
    return User.objects.filter(q, is_active=True).distinct().order_by("last_name", "first_name", "username")


def department_heads(department_ids: Any) -> dict[int, list[User]]:
    """The people who answer for each department: its users holding the head role (head of a basic
    direction); a department without one is answered for by its officers. Organizations have no head field,
    so this is the system's best knowledge of "the department head". Two queries at most."""
    ids = {d for d in department_ids if d}
    found: dict[int, list[User]] = {d: [] for d in ids}
    if not ids:
        return found
    heads = User.objects.filter(
        organization_id__in=ids, groups__name=roles.DIRECTION_HEAD, is_active=True
    ).distinct()
    for user in heads:
        found[user.organization_id].append(user)  # type: ignore[index]
    missing = [d for d, users in found.items() if not users]
    if missing:
        officers = User.objects.filter(
            organization_id__in=missing, groups__name=roles.DEPARTMENT_OFFICER, is_active=True
        ).distinct()
        for user in officers:
            found[user.organization_id].append(user)  # type: ignore[index]
    return found


def direction_managers(direction_id: int | None) -> QuerySet[User]:
    """Active managers of the basic direction's projects that are still running (not terminated, not in the
    post-project stage), by name (surveys: a campaign to the direction's project managers)."""
    if not direction_id:
        return User.objects.none()
    managers = (
        Project.objects.filter(direction_id=direction_id, manager__isnull=False)
        .exclude(stage__in=[Project.Stage.TERMINATED, Project.Stage.POST_PROJECT])
        .values("manager_id")
    )
    return User.objects.filter(pk__in=managers, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def project_manager_and_officers(project_id: int) -> tuple[Project | None, list[User]]:
    """The project (direction and department loaded) and the people who speak for it after a gate or its
    closure: its manager and the officers of its department (surveys: event waves). Two queries."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        return None, []
    q = Q(pk=project.manager_id) if project.manager_id else Q(pk__in=[])
    if project.department_id:
        q |= Q(organization_id=project.department_id, groups__name=roles.DEPARTMENT_OFFICER)
    users = User.objects.filter(q, is_active=True).distinct().order_by("last_name", "first_name", "username")
    return project, list(users)
