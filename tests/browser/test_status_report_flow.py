"""Issue 3, item 13, in a real browser: a department officer registers a project with milestones and budget
lines and submits a status report; the direction's coordinator returns it with a remark; the officer fixes
and resubmits; the coordinator accepts. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from projects.models import Project, StatusReport
from projects.services.project import department_officer_add
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch_user(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, username, PASSWORD)


def _submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _add_budget_line(page: Any, year: int, source: str, plan: str, disbursed: str) -> None:
    """Inline htmx editing: "Add line" turns into a form row; Save re-renders the table."""
    page.click("[data-testid=budget-line-add]")
    row = page.locator("[data-testid=budget-line-form]")
    row.wait_for()
    row.locator("input[name$=-year]").fill(str(year))
    row.locator("select[name$=-source]").select_option(source)
    row.locator("input[name$=-plan]").fill(plan)
    row.locator("input[name$=-allocated]").fill(plan)
    row.locator("input[name$=-disbursed]").fill(disbursed)
    row.locator("[data-testid=budget-line-save]").click()
    page.wait_for_selector("[data-testid=budget-line-form]", state="detached")


def test_officer_reports_and_coordinator_returns_then_accepts(
    officer: Any, coordinator: Any, direction: Any, live_server: Any, browser_page: Any, screenshot: Any
) -> None:
    department_officer_add(user=officer, department=officer.organization)
    page = browser_page
    today = datetime.date.today()  # noqa: DTZ011 - the browser types calendar dates

    # 1. the officer registers a project of the coordinator's direction
    sign_in(page, live_server, officer.username, PASSWORD)
    page.goto(f"{live_server.url}/projects/new/")
    page.fill("input[name=title_ru]", "Реконструкция сквера на ул. Абая")
    page.fill("textarea[name=summary_ru]", "Благоустройство сквера: дорожки, освещение, озеленение.")
    page.select_option("select[name=direction]", str(direction.pk))
    page.fill("input[name=planned_start]", f"{today.year}-01-01")
    page.fill("input[name=planned_finish]", f"{today.year + 1}-12-31")
    _submit(page, "[data-testid=project-form] button[type=submit]")
    project = Project.objects.get(title_ru="Реконструкция сквера на ул. Абая")
    assert page.url.endswith(f"/projects/{project.pk}/")

    # 2. milestones on the plan tab
    for title, planned in [("Проектно-сметная документация", f"{today.year}-03-01"), ("Ввод в эксплуатацию", f"{today.year + 1}-11-30")]:
        page.goto(f"{live_server.url}/projects/{project.pk}/plan/milestones/new/")
        page.fill("input[name=title]", title)
        page.fill("input[name=planned_date]", planned)
        if title.startswith("Проектно"):
            page.fill("input[name=actual_date]", f"{today.year}-02-25")
        _submit(page, "[data-testid=plan-form] button[type=submit]")
    assert page.locator("[data-testid=milestone-table] tbody tr").count() == 2
    screenshot(page, "plan")

    # 3. budget lines, edited in place
    page.click("a[data-tab=budget]")
    page.wait_for_selector("[data-testid=budget-line-add]")
    _add_budget_line(page, today.year, "local", "120000000", "60000000")
    _add_budget_line(page, today.year + 1, "republican", "80000000", "0")
    assert page.locator("[data-testid=budget-line]").count() == 2
    assert "200 000 000" in page.locator("[data-testid=budget-grand-total]").inner_text().replace("\xa0", " ")
    screenshot(page, "budget")
    project.refresh_from_db()
    assert project.total_budget_plan == 200_000_000

    # 4. the status report: draft, then submit
    page.goto(f"{live_server.url}/projects/{project.pk}/reports/new/")
    page.fill("textarea[name=narrative]", "Завершено проектирование, начат подготовительный этап.")
    page.select_option("select[name=confidence]", "green")
    computed = page.locator("[data-testid=rag-overall] [data-rag]").get_attribute("data-rag")
    if computed != "green":
        page.fill("textarea[name=confidence_rationale]", "Подрядчик выходит на график в следующем месяце.")
    screenshot(page, "report-form")
    _submit(page, "[data-testid=report-save]")
    _submit(page, "[data-testid=report-submit]")
    assert page.locator("[data-testid=report-status]").get_attribute("data-status") == "submitted"
    report = StatusReport.objects.get(project=project)

    # 5. the coordinator returns it with a remark
    _switch_user(page, live_server, coordinator.username)
    page.goto(f"{live_server.url}/projects/{project.pk}/reports/{report.pk}/")
    page.fill("textarea[name=remarks]", "Укажите достижения периода.")
    screenshot(page, "review")
    _submit(page, "[data-testid=report-return]")
    assert page.locator("[data-testid=report-status]").get_attribute("data-status") == "returned"

    # 6. the officer sees the remark, fixes and resubmits
    _switch_user(page, live_server, officer.username)
    page.goto(f"{live_server.url}/projects/{project.pk}/reports/{report.pk}/")
    assert "Укажите достижения периода." in page.locator("[data-testid=review-remarks]").inner_text()
    _submit(page, "[data-testid=report-edit]")
    page.fill("textarea[name=achievements]", "Получено положительное заключение экспертизы ПСД.")
    _submit(page, "[data-testid=report-save]")
    _submit(page, "[data-testid=report-submit]")
    assert page.locator("[data-testid=report-status]").get_attribute("data-status") == "submitted"
    screenshot(page, "resubmitted")

    # 7. the coordinator accepts; the report is frozen and the project carries its RAG
    _switch_user(page, live_server, coordinator.username)
    page.goto(f"{live_server.url}/projects/{project.pk}/reports/{report.pk}/")
    _submit(page, "[data-testid=report-accept]")
    assert page.locator("[data-testid=report-status]").get_attribute("data-status") == "accepted"
    assert page.locator("[data-testid=report-frozen]").is_visible()
    screenshot(page, "accepted")
    report.refresh_from_db()
    project.refresh_from_db()
    assert report.status == StatusReport.Status.ACCEPTED
    assert report.achievements == "Получено положительное заключение экспертизы ПСД."
    assert project.rag == report.rag_overall
