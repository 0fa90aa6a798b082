"""Indicator management in a real browser: a department officer opens the project card's Indicators tab (empty),
adds an indicator, sets its targets in the grid (a bad cell is refused in place), and sees it on the tab; SAC
retires it and it leaves the tab's active list."""

from __future__ import annotations

from typing import Any

import pytest

from monitoring.models import Indicator, Target
from projects.services.project import department_officer_add
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD
from tests.projects.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_adds_an_indicator_from_the_card_and_sac_retires_it(
    browser_page: Any,
    live_server: Any,
    screenshot: Any,
    officer: Any,
    sac: Any,
    manager: Any,
    direction: Any,
    department_a: Any,
) -> None:
    page = browser_page
    project = ProjectFactory(direction=direction, department=department_a, manager=manager)
    department_officer_add(user=officer, department=department_a)

    sign_in(page, live_server, officer.username, PASSWORD)
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    page.click("a[data-tab=indicators]")
    page.wait_for_selector("[data-testid=indicators-empty]")
    with page.expect_navigation():
        page.click("[data-testid=indicator-add]")
    assert page.input_value("#id_code") == f"{project.code}-I1"
    page.fill("#id_name_ru", "Доля отремонтированных остановок")
    page.fill("#id_unit", "%")
    page.check("#id_higher_is_better_0")
    page.select_option("#id_frequency", "quarterly")
    with page.expect_navigation():
        page.click("[data-testid=indicator-save]")
    indicator = Indicator.objects.get(code=f"{project.code}-I1")
    assert indicator.project == project
    assert f"/monitoring/indicators/{indicator.pk}/targets/" in page.url

    page.goto(f"{live_server.url}/monitoring/indicators/{indicator.pk}/targets/?from=2026&to=2026")
    page.fill("#id_t-2026-1", "25")
    page.fill("#id_t-2026-2", "пятьдесят")
    with page.expect_navigation():
        page.click("[data-testid=targets-save]")
    assert page.locator("td.table-danger .invalid-feedback").count() == 1
    assert not Target.objects.filter(indicator=indicator).exists()  # all or nothing
    page.fill("#id_t-2026-2", "50,5")
    with page.expect_navigation():
        page.click("[data-testid=targets-save]")
    screenshot(page, "targets")
    assert dict(Target.objects.filter(indicator=indicator).values_list("period", "value")) == {1: 25, 2: 50.5}

    page.goto(f"{live_server.url}/monitoring/projects/{project.pk}/indicators/")
    row = page.locator(f"tr[data-indicator='{indicator.code}']")
    assert row.count() == 1
    assert row.locator("[data-testid=no-verified]").count() == 1
    assert row.locator("[data-testid=enter-actual]").count() == 1

    page.context.clear_cookies()
    sign_in(page, live_server, sac.username, PASSWORD)
    page.goto(f"{live_server.url}/monitoring/indicators/{indicator.pk}/")
    with page.expect_navigation():
        page.click("[data-testid=indicator-retire]")
    page.fill("textarea[name=reason]", "Replaced by a citywide measure")
    with page.expect_navigation():
        page.click("[data-testid=retire-confirm]")
    assert page.locator("[data-testid=retired-badge]").count() == 1
    indicator.refresh_from_db()
    assert indicator.retired_at is not None
    page.goto(f"{live_server.url}/monitoring/projects/{project.pk}/indicators/")
    assert page.locator(f"tr[data-indicator='{indicator.code}']").count() == 0
    assert page.locator("details summary").count() == 1  # listed among retired indicators
    screenshot(page, "tab-after-retire")
