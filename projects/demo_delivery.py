"""Demo data for the plan, registers and status reports (called from projects/demo.py after the projects exist).

For the projects of the transport direction (the demo coordinator's): a WBS with dependencies, an initial
baseline, change requests in each workflow state (one approved, with its baseline), issues, and status reports
(last month accepted, this month submitted and waiting for the coordinator). Idempotent: a project that already
has tasks is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from projects.models import ChangeRequest, Project, ProjectIssue, StatusReport, Task
from projects.services import plan as plan_services
from projects.services import registers as register_services
from projects.services import reports as report_services


def _tasks(project: Project, actor: Any) -> None:
    start = project.planned_start or datetime.date(2025, 1, 1)
    steps = [
        ("1.1", "Разработка ПСД", 0, 90),
        ("1.2", "Государственная экспертиза ПСД", 95, 150),
        ("2.1", "Конкурсные процедуры", 155, 200),
        ("2.2", "Строительно-монтажные работы", 210, 540),
        ("3.1", "Приёмка и ввод в эксплуатацию", 550, 600),
    ]
    previous: Task | None = None
    for code, title, begin, end in steps:
        task = Task(
            project=project, wbs_code=code, title=title, start=start + datetime.timedelta(days=begin),
            finish=start + datetime.timedelta(days=end), progress=100 if end < 200 else (40 if begin < 300 else 0),
            responsible=project.manager,
        )
        plan_services.task_save(task=task, actor=actor, predecessors=[previous] if previous else [])
        previous = task


def load(ctx: dict[str, Any]) -> None:
    users = ctx["users"]
    officer, pmo = users["officer"], users["pmo"]
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    projects = Project.objects.filter(direction__coordinators=users["coordinator"]).order_by("pk")
    for index, project in enumerate(projects):
        if project.tasks.exists():
            continue
        author = project.manager or officer
        _tasks(project, author)
        plan_services.baseline_initial(project=project, actor=pmo)
        ProjectIssue.objects.create(
            project=project, title="Не согласован перенос инженерных сетей", severity="high", owner=author,
            due_date=today + datetime.timedelta(days=20),
        )
        change = register_services.change_request_save(
            change=ChangeRequest(
                project=project, title="Перенос срока СМР на 30 дней", change_dates=True,
                justification="Задержка выдачи технических условий.", impact="Сдвиг ввода объекта на месяц.",
                schedule_impact_days=30, budget_impact=Decimal("0"),
            ),
            actor=author,
        )
        register_services.change_request_submit(change=change, actor=author)
        if index % 2 == 0:
            register_services.change_request_assess(change=change, actor=pmo, assessment="Обосновано, риск приемлем.")
            milestone = project.milestones.order_by("-order").first()
            if milestone:
                milestone.forecast_date = milestone.planned_date + datetime.timedelta(days=30)
                milestone.save(update_fields=["forecast_date", "updated_at"])
            register_services.change_request_approve(change=change, actor=pmo, note="Согласовано.")
        report = report_services.status_report_save(
            report=StatusReport(
                project=project, period_year=last_month.year, period_month=last_month.month,
                narrative="Работы выполняются по графику.", achievements="Получено заключение экспертизы.",
                problems="Задержка согласования сетей.", next_steps="Начать СМР.", confidence="amber",
                confidence_rationale="Есть риск задержки согласований.",
            ),
            actor=author,
        )
        report_services.status_report_submit(report=report, actor=author)
        report_services.status_report_accept(report=report, actor=users["coordinator"], remarks="Принято.")
        current = report_services.status_report_save(
            report=StatusReport(
                project=project, period_year=today.year, period_month=today.month,
                narrative="Идёт подготовка к СМР.", next_steps="Заключить договор подряда.",
                decisions_requested="Ускорить согласование переноса сетей.", confidence="amber",
                confidence_rationale="Сроки зависят от согласований.",
            ),
            actor=author,
        )
        report_services.status_report_submit(report=current, actor=author)
