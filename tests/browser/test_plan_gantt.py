"""The plan's Gantt in a real browser: every demo project's plan draws without a console error (a critical
milestone once broke frappe-gantt with a TypeError), and task or milestone names are text, never HTML.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command

from projects.models import Milestone, Project
from projects.services import plan as plan_services
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD
from tests.projects.factories import MilestoneFactory, ProjectFactory, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-Password-1"
PROBE = '<img src=x onerror="window.__pmisXss=1" data-probe="xss">'


def _watch_errors(page: Any) -> list[str]:
    """Console errors and uncaught exceptions of the page, collected as they happen.

    The browser's own request for /favicon.ico is left out: the missing favicon is a separate point of the
    issue (it fails every page alike), not a fault of the plan.
    """
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error" and not str(message.location.get("url", "")).endswith("/favicon.ico"):
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def _load_demo_projects() -> None:
    """The reference data, the demo people and the demo projects with their plans (what `make run` shows)."""
    from pmis.accounts.demo import load as load_people
    from projects.demo import load as load_projects

    call_command("loaddata", "fixtures/reference.json", verbosity=0)
    ctx: dict[str, Any] = {"password": DEMO_PASSWORD}
    load_people(ctx)
    load_projects(ctx)


def test_every_demo_plan_draws_its_gantt_without_console_errors(live_server: Any, browser_page: Any) -> None:
    _load_demo_projects()
    projects = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    assert len(projects) == 12
    assert Milestone.objects.filter(is_critical=True).count() == 12  # every demo project has a critical one
    page = browser_page
    errors = _watch_errors(page)
    # the Project Office sees every project, confidential ones too
    sign_in(page, live_server, "pmo", DEMO_PASSWORD)
    for pk in projects:
        page.goto(f"{live_server.url}/projects/{pk}/plan/")
        page.wait_for_selector("#project-gantt[data-drawn] .bar-wrapper")
        bars = page.locator("#project-gantt .bar-wrapper")
        rows = len(page.locator("#gantt-data").text_content().split('"id":')) - 1
        assert bars.count() == rows, pk
        assert page.locator("#project-gantt .bar-wrapper.gantt-critical").count() == 1, pk
        assert errors == [], (pk, errors)


def test_task_and_milestone_names_are_text_in_the_gantt(
    live_server: Any, browser_page: Any, manager: Any, direction: Any, department_a: Any
) -> None:
    project_a = ProjectFactory(direction=direction, department=department_a, manager=manager)
    day = datetime.date(2026, 3, 2)
    task = TaskFactory.build(
        project=project_a, title=PROBE, start=day, finish=day + datetime.timedelta(days=30)
    )
    plan_services.task_save(task=task, actor=manager, predecessors=[])
    MilestoneFactory(
        project=project_a, title=PROBE, planned_date=day + datetime.timedelta(days=40), is_critical=True
    )
    page = browser_page
    errors = _watch_errors(page)
    sign_in(page, live_server, manager.username, PASSWORD)
    page.goto(f"{live_server.url}/projects/{project_a.pk}/plan/")
    page.wait_for_selector("#project-gantt[data-drawn] .bar-wrapper")
    labels = page.locator("#project-gantt .bar-label").all_text_contents()
    assert sum(PROBE in label for label in labels) == 2
    assert page.locator("[data-probe=xss]").count() == 0
    assert page.evaluate("window.__pmisXss") is None
    page.locator("#project-gantt .bar-wrapper.gantt-task .bar").first.click()
    page.wait_for_selector("#project-gantt .popup-wrapper .title")
    assert page.locator("#project-gantt .popup-wrapper .title").text_content() == str(task)
    assert page.locator("[data-probe=xss]").count() == 0
    assert errors == []
