from __future__ import annotations

from typing import Any

import pytest

from tests.monitoring.factories import IndicatorFactory
from tests.projects.factories import ProjectFactory


@pytest.fixture
def project(direction: Any, department_a: Any, manager: Any) -> Any:
    return ProjectFactory(direction=direction, department=department_a, manager=manager)


@pytest.fixture
def indicator(project: Any, department_a: Any) -> Any:
    return IndicatorFactory(project=project, responsible_organization=department_a)
