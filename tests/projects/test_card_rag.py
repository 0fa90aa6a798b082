"""One source of truth for a project's computed RAG: the card header shows what a report computed today shows,
and every write on milestones, budget lines and the project's dates keeps the stored rating current."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Milestone, Project, Rag, StatusReport
from projects.services import budget as budget_services
from projects.services import plan as plan_services
from projects.services import reports as report_services
from projects.services.project import project_update_details
from tests.conftest import login
from tests.projects.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db


def _header_rag(html: str) -> str:
    """The data-rag of the badge after "Computed RAG" in the card header."""
    match = re.search(r'data-testid="project-stage".*?data-rag="(\w+)"', html, re.S)
    assert match is not None
    return match.group(1)


def test_card_header_shows_the_rag_of_the_report_submitted_today(
    client: Any, project_a: Any, manager: Any
) -> None:
    today = timezone.localdate()
    BudgetLineFactory(
        project=project_a, year=today.year, plan=Decimal("1200000"), disbursed=Decimal("1200000")
    )
    Project.objects.filter(pk=project_a.pk).update(rag=Rag.NONE)  # as a project stood before the first report
    report = report_services.status_report_save(
        report=StatusReport(
            project=project_a,
            period_year=today.year,
            period_month=today.month,
            narrative="Работы идут.",
            confidence="green",
        ),
        actor=manager,
    )
    report_services.status_report_submit(report=report, actor=manager)
    assert report.rag_overall == Rag.GREEN
    login(client, manager)
    html = client.get(reverse("projects:detail", args=[project_a.pk])).content.decode()
    assert _header_rag(html) == Rag.GREEN
    report_html = client.get(
        reverse("projects:report-detail", args=[project_a.pk, report.pk])
    ).content.decode()
    assert 'data-rag="green"' in report_html


def test_plan_and_budget_writes_keep_the_stored_rag_current(project_a: Any, manager: Any) -> None:
    today = timezone.localdate()
    milestone = Milestone(
        project=project_a,
        title="Ввод объекта",
        planned_date=today - datetime.timedelta(days=10),
        is_critical=True,
    )
    plan_services.milestone_save(milestone=milestone, actor=manager)
    project_a.refresh_from_db()
    assert (project_a.rag, project_a.rag_policy_version) == (Rag.RED, 1)  # a missed critical milestone
    assert project_a.history.first().rag == Rag.RED  # the change is in the project's history

    plan_services.milestone_delete(milestone=milestone, actor=manager)
    project_a.refresh_from_db()
    assert project_a.rag == Rag.NONE

    line = BudgetLineFactory.build(
        project=project_a, year=today.year - 1, plan=Decimal("1000"), disbursed=Decimal("800")
    )
    budget_services.budget_line_save(line=line, actor=manager)
    project_a.refresh_from_db()
    assert project_a.rag == Rag.RED  # E = 0.8
    line.disbursed = Decimal("1000")
    budget_services.budget_line_save(line=line, actor=manager)
    project_a.refresh_from_db()
    assert project_a.rag == Rag.GREEN

    plan_services.milestone_save(
        milestone=Milestone(
            project=project_a, title="Приёмка", planned_date=today + datetime.timedelta(days=40)
        ),
        actor=manager,
    )
    project_a.refresh_from_db()
    assert project_a.rag == Rag.GREEN
    project_a.planned_finish = today + datetime.timedelta(days=20)  # the milestone now falls after the end
    project_a.forecast_finish = None
    project_update_details(project=project_a, actor=manager, fields=["planned_finish", "forecast_finish"])
    project_a.refresh_from_db()
    assert project_a.rag == Rag.RED
