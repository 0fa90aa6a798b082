"""The only door to a project's public versions (Publication); built on the projects access module.

- Read the publication tab and a version's history: whoever may open the project (`access_project`).
- Edit and submit the draft: the project's editors (`can_edit_project`).
- Approve, return and withdraw, and the queue of pages awaiting approval: Project Office staff.
Invisible project → 404 (never reveal it exists); visible but not allowed → 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from pmis.accounts import roles
from projects.models import Project, Publication
from projects.permissions import CHANGE_PROJECT, access_project, can_edit_project


def is_project_office(user: Any) -> bool:
    """Project Office staff (and superusers): they approve, return and withdraw public pages."""
    return bool(user is not None and user.is_authenticated and roles.has_role(user, roles.PMO_STAFF))


def can_edit_publication(user: Any, project: Project) -> bool:
    """Write and submit the draft: the project's editors; never for a confidential project."""
    return not project.is_confidential and can_edit_project(user, project)


def can_decide_publication(user: Any, project: Project) -> bool:
    return is_project_office(user)


def publication_flags(user: Any, project: Project) -> dict[str, bool]:
    """The template's `can_*` flags for the publication tab."""
    return {
        "can_edit_publication": can_edit_publication(user, project),
        "can_decide_publication": can_decide_publication(user, project),
    }


def access_publication_tab(user: Any, pk: Any, *, queryset: Any = None) -> Project:
    """The project whose publication tab the user reads (404 if the project is invisible)."""
    return access_project(user, pk, queryset=queryset)


def access_publication_edit(user: Any, pk: Any, *, queryset: Any = None) -> Project:
    """404 if invisible, 403 unless the user edits the project."""
    return access_project(user, pk, perm=CHANGE_PROJECT, queryset=queryset)


def access_publication_decide(user: Any, pk: Any, *, queryset: Any = None) -> Project:
    """404 if invisible, 403 unless Project Office staff."""
    project = access_project(user, pk, queryset=queryset)
    if not can_decide_publication(user, project):
        raise PermissionDenied
    return project


def access_publication_queue(user: Any) -> None:
    """403 unless Project Office staff (the queue of drafts awaiting approval and live pages)."""
    if not is_project_office(user):
        raise PermissionDenied


def publication_of(project: Project, version_pk: Any) -> Publication:
    """A version of an already authorized project (404 for another project's version)."""
    return get_object_or_404(
        Publication.objects.select_related("project", "author"), project=project, pk=version_pk
    )
