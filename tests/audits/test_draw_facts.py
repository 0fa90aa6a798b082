"""The bulk facts behind risk weights: RAG history and overdue status reports (projects.selectors.facts) and open
escalations (monitoring, through pmis.core.portal.project_facts)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from pmis.core.portal import project_facts
from projects.models import Project, StatusReport
from projects.selectors.facts import overdue_reports, rag_history
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 7, 1)


def _report(project: Any, month: int, rag: str, status: str = "accepted", year: int = 2026) -> None:
    StatusReport.objects.create(
        project=project, period_year=year, period_month=month, rag_overall=rag, status=status
    )


def test_rag_history_last_four_submitted_newest_first() -> None:
    project = ProjectFactory()
    other = ProjectFactory()
    for month, rag in ((1, "green"), (2, "amber"), (3, "red"), (4, "red"), (5, "green")):
        _report(project, month, rag)
    _report(project, 6, "red", status="draft")  # not submitted
    _report(project, 8, "red")  # after the date
    _report(other, 12, "amber", year=2025)
    history = rag_history([project.pk, other.pk], ON)
    assert history == {project.pk: ["green", "red", "red", "amber"], other.pk: ["amber"]}
    # the same with a queryset of ids (a subquery)
    assert rag_history(Project.objects.filter(pk=project.pk).values("pk"), ON) == {
        project.pk: ["green", "red", "red", "amber"]
    }


def test_overdue_reports_counts_the_last_four_ended_months_without_a_submitted_report() -> None:
    running = ProjectFactory(planned_start=datetime.date(2025, 1, 1))
    late_start = ProjectFactory(planned_start=datetime.date(2026, 5, 10))
    finished = ProjectFactory(
        planned_start=datetime.date(2025, 1, 1), actual_finish=datetime.date(2026, 3, 15)
    )
    for month in (4, 5):
        _report(running, month, "green")
    _report(running, 6, "green", status="returned")  # returned: not submitted
    # months due on 1 July: March, April, May, June
    overdue = overdue_reports([running.pk, late_start.pk, finished.pk], ON)
    assert overdue[running.pk] == 2  # March and June
    assert overdue[late_start.pk] == 2  # May and June only
    assert overdue[finished.pk] == 1  # March only, it finished then


def test_open_escalations_come_from_monitoring() -> None:
    from monitoring.models import Alert, Escalation

    project = ProjectFactory()
    closed_project = ProjectFactory()
    now = timezone.now()

    def escalate(target: Any, closed: datetime.datetime | None, n: int) -> None:
        alert = Alert.objects.create(
            object_type="milestone",
            object_id=1000 + n,
            year=2026,
            period=n,
            period_label=f"2026-{n:02d}",
            severity="red",
            kind="milestone_overdue",
            title="Milestone overdue",
            project=target,
            opened_at=now,
            lagging_since=datetime.date(2026, 1, n),
            closed_at=closed,
        )
        escalation = Escalation.objects.create(alert=alert, project=target, reason="Red twice")
        Escalation.objects.filter(pk=escalation.pk).update(
            created_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
        )

    escalate(project, None, 1)
    escalate(project, None, 2)
    escalate(closed_project, datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC), 3)
    facts = project_facts("open_escalations", [project.pk, closed_project.pk], ON)
    assert facts == {project.pk: {"count": 2}}
