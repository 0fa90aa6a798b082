"""Who answers for a project, as users: the people other apps notify about it (an audit's draft report)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from pmis.accounts import roles
from projects.models import Project, ProjectMember


def project_team_users(project: Project) -> list[Any]:
    """The project's active team in one query: manager, curator, members and the officers of its department
    (the same people `projects.permissions.project_team_q` lets read what concerns the project)."""
    users = get_user_model().objects.filter(is_active=True)
    member_ids = ProjectMember.objects.filter(project=project).values("user_id")
    q = Q(pk__in=member_ids) | Q(organization_id=project.department_id, groups__name=roles.DEPARTMENT_OFFICER)
    for pk in (project.manager_id, project.curator_id):
        if pk:
            q |= Q(pk=pk)
    return list(users.filter(q).distinct().order_by("pk"))
