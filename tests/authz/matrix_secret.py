"""The world's confidential project with everything a page could show about it (no URLs of its own).

`w.conf_project` is confidential, of department A, in the coordinator's direction, managed by the manager
persona: the officer, manager, coordinator, head of direction, Project Office, Committee and administrators
may see it; the outsider officer, SAC, experts and auditors may not. It has indicators (targets, a submitted
actual, a red official rating and an alert), a risk, a milestone, a status report, a change request, budget
lines, a submission, an agenda item on the Steering Committee meeting the invited expert attends, and an
overdue assignment. tests/test_page_visibility.py checks that no page shows its code or title to those who
may not see it. This module sorts after matrix_portfolio, whose meeting it uses.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from monitoring.models import Actual, Alert, Indicator, IndicatorRating, Target
from portfolio.models import Submission
from tests.portfolio.factories import AgendaItemFactory, AssignmentFactory, SubmissionFactory
from tests.projects.factories import (
    BudgetLineFactory,
    ChangeRequestFactory,
    MilestoneFactory,
    ProjectFactory,
    RiskFactory,
    StatusReportFactory,
)

CODE = "PRJ-2026-77077"
TITLE = "Засекреченный объект"
INDICATOR = "CONF-IND-1"

ENTRIES: list[Any] = []


def setup(world: Any) -> None:
    u = world.users
    direction = u["coordinator"].coordinated_directions.first()
    project = ProjectFactory(
        code=CODE,
        title_ru=TITLE,
        title_kk=TITLE,
        title_en=TITLE,
        direction=direction,
        department=u["officer"].organization,
        manager=u["manager"],
        is_confidential=True,
        rag="red",
        total_budget_plan=Decimal(5_000_000_000),
    )
    world.conf_project = project
    MilestoneFactory(project=project, title=f"{TITLE}: пусковой комплекс")
    RiskFactory(project=project, title=f"{TITLE}: срыв поставок")
    StatusReportFactory(project=project, period_year=2026, period_month=1)
    ChangeRequestFactory(project=project, number=77)
    BudgetLineFactory(project=project, year=timezone.localdate().year)
    indicator = Indicator.objects.create(
        code=INDICATOR,
        name_ru=TITLE,
        unit="%",
        level=Indicator.Level.PROJECT,
        project=project,
        frequency="quarterly",
        responsible_organization=u["officer"].organization,
    )
    Target.objects.create(indicator=indicator, year=2026, period=1, value=Decimal(100))
    Actual.objects.create(
        indicator=indicator,
        year=2026,
        period=1,
        value=Decimal(10),
        status=Actual.Status.SUBMITTED,
        entered_by=u["officer"],
    )
    now = timezone.now()
    IndicatorRating.objects.create(
        indicator=indicator,
        year=2026,
        period=1,
        is_official=True,
        is_latest=True,
        plan=Decimal(100),
        actual=Decimal(10),
        achievement=Decimal("0.1"),
        rag="red",
        policy_version=1,
        computed_at=now,
        level=Indicator.Level.PROJECT,
        direction_id_cached=direction.pk,
        project_id_cached=project.pk,
    )
    Alert.objects.create(
        object_type="indicator",
        object_id=indicator.pk,
        year=2026,
        period=1,
        period_label="2026-Q1",
        severity="red",
        kind="indicator_lag",
        title=INDICATOR,
        project=project,
        indicator=indicator,
        direction=direction,
        responsible=u["manager"],
        opened_at=now,
        lagging_since=now.date(),
    )
    common = {"project": project, "submitted_by": u["manager"]}
    SubmissionFactory(**common, title=f"{TITLE}: перенос сроков", status=Submission.Status.AT_PMO)
    AgendaItemFactory(
        meeting=world.pf_meeting,
        project=project,
        title=f"{TITLE}: решение по сроку",
        submission=SubmissionFactory(
            **common, title=f"{TITLE}: в повестку", status=Submission.Status.SCHEDULED
        ),
    )
    AssignmentFactory(
        title=f"{TITLE}: поручение",
        owner_organization=u["officer"].organization,
        issued_by=u["pmo"],
        direction=direction,
        project=project,
        meeting=world.pf_meeting,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
