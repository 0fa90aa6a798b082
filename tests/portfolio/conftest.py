"""Portfolio fixtures: a project of the coordinator's direction with a change request over tolerance, and a
planned Steering Committee meeting with the Committee member present (quorum 1)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from portfolio.models import Attendance, Meeting
from projects.models import ChangeRequest
from tests.portfolio.factories import AttendanceFactory, MeetingFactory
from tests.projects.factories import BudgetLineFactory, MilestoneFactory, ProjectFactory, RiskFactory


@pytest.fixture
def project(direction: Any, department_a: Any, manager: Any, coordinator: Any) -> Any:
    project = ProjectFactory(
        direction=direction,
        department=department_a,
        manager=manager,
        total_budget_plan=Decimal("1000000000"),
        title_ru="Реконструкция проспекта Абая",
    )
    BudgetLineFactory(
        project=project,
        year=2026,
        plan=Decimal("600000000"),
        allocated=Decimal("500000000"),
        disbursed=Decimal("200000000"),
    )
    MilestoneFactory(project=project, title="Проектная документация", planned_date=datetime.date(2026, 6, 30))
    RiskFactory(project=project, title="Рост стоимости материалов", probability=4, impact=4)
    return project


@pytest.fixture
def change(project: Any, manager: Any) -> ChangeRequest:
    return ChangeRequest.objects.create(
        project=project,
        number=1,
        title="Перенос срока ввода на 4 месяца",
        justification="Задержка поставок",
        description="Сдвиг срока завершения",
        schedule_impact_days=120,
        budget_impact=Decimal("0"),
        status=ChangeRequest.Status.SUBMITTED,
        submitted_by=manager,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def meeting(pmo: Any, committee: Any) -> Meeting:
    meeting = MeetingFactory(secretary=pmo, title="Заседание Проектного комитета", number="12")
    AttendanceFactory(meeting=meeting, user=committee, role=Attendance.Role.MEMBER, present=True)
    return meeting
