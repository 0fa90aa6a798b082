"""One idiom for doors (DESIGN.md §4): projects' views get objects and decisions from projects/permissions.py
(access_*, can_*) and leave grants to services; they never call guardian, grant or revoke rights, or read roles."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from projects.models import Project
from projects.services.project import project_create
from tests.projects.factories import ProjectFactory

VIEWS = sorted((Path(__file__).resolve().parents[2] / "projects" / "views").glob("*.py"))
FORBIDDEN = re.compile(
    r"guardian|assign_perm|remove_perm|ObjectPermissionChecker|\bgrant_\w+\(|\brevoke_\w+\(|pmis\.accounts import roles"
    r"|\broles\.has_role"
)


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_views_leave_rights_to_the_permissions_module_and_services(path: Path) -> None:
    assert len(VIEWS) >= 6
    found = [line.strip() for line in path.read_text().splitlines() if FORBIDDEN.search(line)]
    assert found == []


@pytest.mark.django_db
def test_whoever_registers_a_project_may_edit_it(manager: Any, direction: Any, department_a: Any) -> None:
    """A project manager registering a project they will not manage keeps editing it (granted by the service)."""
    project = project_create(
        actor=manager,
        project=ProjectFactory.build(direction=direction, department=department_a, manager=None, code=""),
    )
    project = Project.objects.get(pk=project.pk)
    assert manager.has_perm("projects.change_project", project)
