"""Plan, budget, risks and issues, change requests, baselines and status reports of one project.

The project is not confidential, in the coordinator's direction, of department A (officer in its editor
group, manager = the manager persona). Editors: officer, manager, Project Office (global change), admin.
Change requests are assessed/decided by the Project Office; reports are reviewed by the direction's
coordinators only. POSTs that change state get a fresh object for every persona.
"""

from __future__ import annotations

import itertools
from typing import Any

from projects.models import ChangeRequest, StatusReport
from projects.services.project import department_officer_add
from tests.authz import LOGIN, Entry
from tests.projects.factories import (
    BudgetLineFactory,
    ChangeRequestFactory,
    MilestoneFactory,
    ProjectFactory,
    ProjectIssueFactory,
    RiskFactory,
    StatusReportFactory,
    TaskFactory,
)

_years = itertools.count(2030)
_codes = itertools.count(1)

READ = {"anonymous": LOGIN, "*": 200}
EDIT_GET = {"anonymous": LOGIN, "officer": 200, "manager": 200, "pmo": 200, "admin": 200, "*": 403}
EDIT_POST = {"anonymous": LOGIN, "officer": 302, "manager": 302, "pmo": 302, "admin": 302, "*": 403}
PMO_POST = {"anonymous": LOGIN, "pmo": 302, "admin": 302, "*": 403}
COORDINATOR_POST = {"anonymous": LOGIN, "coordinator": 302, "*": 403}


def setup(world: Any) -> None:
    officer = world.users["officer"]
    direction = world.users["coordinator"].coordinated_directions.get()
    department_officer_add(user=officer, department=officer.organization)
    project = ProjectFactory(
        direction=direction, department=officer.organization, manager=world.users["manager"]
    )
    world.dlv_project = project
    world.dlv_milestone = MilestoneFactory(project=project)
    world.dlv_task = TaskFactory(project=project)
    world.dlv_line = BudgetLineFactory(project=project)
    world.dlv_risk = RiskFactory(project=project)
    world.dlv_issue = ProjectIssueFactory(project=project)
    world.dlv_change = ChangeRequestFactory(project=project, number=1000)
    world.dlv_report = StatusReportFactory(project=project, period_year=2029, period_month=1)


def _p(w: Any) -> int:
    return w.dlv_project.pk


def _fresh_change(w: Any, status: str) -> int:
    change = ChangeRequestFactory(
        project=w.dlv_project, status=status, justification="Нужно", submitted_by=w.users["manager"]
    )
    return change.pk


def _fresh_report(w: Any, status: str) -> int:
    report = StatusReportFactory(
        project=w.dlv_project,
        period_year=next(_years),
        period_month=1,
        status=status,
        submitted_by=w.users["manager"],
        confidence="green",
    )
    return report.pk


ENTRIES = [
    # plan and timeline
    Entry("projects:plan", args=lambda w: [_p(w)], expect=READ),
    Entry("projects:milestone-create", args=lambda w: [_p(w)], expect=EDIT_GET),
    Entry("projects:milestone-update", args=lambda w: [_p(w), w.dlv_milestone.pk], expect=EDIT_GET),
    Entry(
        "projects:milestone-delete",
        method="POST",
        expect=EDIT_POST,
        args=lambda w: [_p(w), MilestoneFactory(project=w.dlv_project).pk],
    ),
    Entry("projects:task-create", args=lambda w: [_p(w)], expect=EDIT_GET),
    Entry("projects:task-update", args=lambda w: [_p(w), w.dlv_task.pk], expect=EDIT_GET),
    Entry(
        "projects:task-delete",
        method="POST",
        expect=EDIT_POST,
        args=lambda w: [_p(w), TaskFactory(project=w.dlv_project).pk],
    ),
    Entry("projects:baseline-initial", method="POST", args=lambda w: [_p(w)], expect=EDIT_POST),
    # budget
    Entry("projects:budget", args=lambda w: [_p(w)], expect=READ),
    Entry("projects:budget-line-create", args=lambda w: [_p(w)], expect=EDIT_GET),
    Entry("projects:budget-line-update", args=lambda w: [_p(w), w.dlv_line.pk], expect=EDIT_GET),
    Entry(
        "projects:budget-line-row",
        args=lambda w: [_p(w), w.dlv_line.pk],
        expect={"*": 302},
        note="without htmx the row URL sends readers to the budget tab",
    ),
    Entry(
        "projects:budget-line-delete",
        method="POST",
        expect=EDIT_POST,
        args=lambda w: [
            _p(w),
            BudgetLineFactory(project=w.dlv_project, budget_program_code=f"X{next(_codes)}").pk,
        ],
    ),
    # risks and issues
    Entry("projects:risks", args=lambda w: [_p(w)], expect=READ),
    Entry(
        "projects:risks-export",
        method="POST",
        args=lambda w: [_p(w)],
        data=lambda w: {"what": "risks", "query": ""},
        expect=READ,
        note="readers download what they can read (a small register comes back as the file itself)",
    ),
    Entry("projects:risk-create", args=lambda w: [_p(w)], expect=EDIT_GET),
    Entry("projects:risk-update", args=lambda w: [_p(w), w.dlv_risk.pk], expect=EDIT_GET),
    Entry("projects:issue-create", args=lambda w: [_p(w)], expect=EDIT_GET),
    Entry("projects:issue-update", args=lambda w: [_p(w), w.dlv_issue.pk], expect=EDIT_GET),
    # change requests and baselines
    Entry("projects:changes", args=lambda w: [_p(w)], expect=READ),
    Entry("projects:change-create", args=lambda w: [_p(w)], expect=EDIT_GET),
    Entry("projects:change-detail", args=lambda w: [_p(w), w.dlv_change.pk], expect=READ),
    Entry("projects:change-update", args=lambda w: [_p(w), w.dlv_change.pk], expect=EDIT_GET),
    Entry(
        "projects:change-action",
        method="POST",
        expect=PMO_POST,
        args=lambda w: [_p(w), _fresh_change(w, ChangeRequest.Status.ASSESSED), "approve"],
        note="approve: Project Office only; project editors get 403",
    ),
    # status reports
    Entry("projects:reports", args=lambda w: [_p(w)], expect=READ),
    Entry("projects:report-create", args=lambda w: [_p(w)], expect=EDIT_GET),
    Entry("projects:report-detail", args=lambda w: [_p(w), w.dlv_report.pk], expect=READ),
    Entry("projects:report-edit", args=lambda w: [_p(w), w.dlv_report.pk], expect=EDIT_GET),
    Entry(
        "projects:report-submit",
        method="POST",
        expect=EDIT_POST,
        args=lambda w: [_p(w), _fresh_report(w, StatusReport.Status.DRAFT)],
    ),
    Entry(
        "projects:report-review",
        method="POST",
        expect=COORDINATOR_POST,
        args=lambda w: [_p(w), _fresh_report(w, StatusReport.Status.SUBMITTED), "accept"],
        note="only a coordinator of the project's direction accepts or returns",
    ),
]
