"""Projects of two departments, one of them confidential; department officers in their editor groups."""

from __future__ import annotations

from typing import Any

import pytest

from projects.models import Project
from projects.services.project import department_officer_add
from tests.projects.factories import ProjectFactory


@pytest.fixture
def officer_a(officer: Any, department_a: Any) -> Any:
    department_officer_add(user=officer, department=department_a)
    return officer


@pytest.fixture
def officer_b(outsider_officer: Any, department_b: Any) -> Any:
    department_officer_add(user=outsider_officer, department=department_b)
    return outsider_officer


@pytest.fixture
def project_a(officer_a: Any, manager: Any, direction: Any, department_a: Any) -> Project:
    return ProjectFactory(direction=direction, department=department_a, manager=manager, title_ru="Проект управления А")


@pytest.fixture
def project_b(officer_b: Any, direction: Any, department_b: Any) -> Project:
    return ProjectFactory(direction=direction, department=department_b, title_ru="Проект управления Б")


@pytest.fixture
def confidential_project(officer_a: Any, manager: Any, direction: Any, department_a: Any) -> Project:
    return ProjectFactory(
        direction=direction, department=department_a, manager=manager, is_confidential=True, title_ru="Секретный"
    )
