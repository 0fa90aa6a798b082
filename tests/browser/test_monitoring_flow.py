"""A reporting quarter in a real browser: a department officer imports the quarter's actual values (one bad row
is rejected), SAC verifies them and runs the lag scan, drafts a recommendation; the responsible manager sees the
alert and the recommendation; the city dashboard shows the new ratings."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect

from monitoring.models import Actual, Alert, Recommendation
from monitoring.services.imports import template_headers
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD
from tests.monitoring.factories import IndicatorFactory, TargetFactory
from tests.projects.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _workbook(rows: list[list[Any]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(template_headers())
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _switch_user(page: Any, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, user.username, PASSWORD)


def test_quarter_import_verify_scan_recommend(
    browser_page: Any,
    live_server: Any,
    screenshot: Any,
    officer: Any,
    manager: Any,
    sac: Any,
    direction: Any,
    department_a: Any,
    tmp_path: Any,
) -> None:
    page = browser_page
    project = ProjectFactory(direction=direction, department=department_a, manager=manager)
    indicators = [
        IndicatorFactory(project=project, responsible_organization=department_a, code=f"Q-{n}")
        for n in (1, 2, 3)
    ]
    for ind in indicators:
        TargetFactory(indicator=ind, year=2026, period=1, value=Decimal(100))
    file = tmp_path / "q1-2026.xlsx"
    file.write_bytes(
        _workbook(
            [
                ["", "Q-1", "", "%", 2026, 1, 100, 97, "Stat", ""],
                ["", "Q-2", "", "%", 2026, 1, 100, 80, "Stat", ""],
                ["", "Q-3", "", "%", 2026, 1, 100, 90, "Stat", ""],
                ["", "Q-1", "", "%", 2026, 1, 100, "много", "Stat", "bad row"],
            ]
        )
    )

    # 1. the department officer imports the quarter: the bad row is rejected, nothing is written before confirming
    sign_in(page, live_server, officer.username, PASSWORD)
    page.goto(f"{live_server.url}/monitoring/import/")
    page.set_input_files("input[name=file]", str(file))
    with page.expect_navigation():
        page.get_by_test_id("import-upload").click()
    page.get_by_test_id("import-errors").wait_for()
    error_rows = page.get_by_test_id("import-errors").locator("tbody tr")
    assert error_rows.count() == 1
    assert error_rows.first.locator("td").nth(0).inner_text().strip() == "5"
    assert error_rows.first.locator("td").nth(1).inner_text().strip() == "Q-1"
    assert Actual.objects.count() == 0
    screenshot(page, "import-checked")
    with page.expect_navigation():
        page.get_by_test_id("import-confirm").click()
    page.get_by_test_id("import-state").wait_for()
    assert Actual.objects.filter(status="submitted").count() == 3

    # 2. SAC verifies and runs the scan
    _switch_user(page, live_server, sac)
    page.goto(f"{live_server.url}/monitoring/verification/")
    table = page.get_by_test_id("verify-table")
    assert table.locator("tbody tr").count() == 3
    assert table.locator("tbody input[type=checkbox]:checked").count() == 0  # nothing pre-selected
    for box in table.locator("tbody input[type=checkbox]").all():
        box.check()
    with page.expect_navigation():
        page.get_by_test_id("verify-selected").click()
    assert Actual.objects.filter(status="verified").count() == 3
    page.goto(f"{live_server.url}/monitoring/alerts/")
    with page.expect_navigation():
        page.get_by_test_id("run-scan").click()
    page.get_by_test_id("job-status").wait_for()
    # a web-first wait: the page's CSP forbids the eval a string predicate of wait_for_function polls with
    expect(page.locator(".progress-bar-animated")).to_have_count(0, timeout=30_000)
    assert set(Alert.objects.values_list("indicator__code", "severity")) == {("Q-2", "red"), ("Q-3", "amber")}
    page.goto(f"{live_server.url}/monitoring/alerts/")
    rows = page.get_by_test_id("alert-table").locator("tbody tr")
    assert rows.count() == 2
    red = Alert.objects.get(severity="red")
    page.goto(f"{live_server.url}/monitoring/recommendations/new/?alert={red.pk}")
    page.select_option("select[name=kind]", "targets")
    page.fill("textarea[name=text]", "Пересмотреть график работ и усилить контроль подрядчика")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.get_by_test_id("recommendation-status").inner_text().strip() != ""
    assert Recommendation.objects.get().status == "sent"

    # 3. the responsible manager sees the alert and the recommendation
    _switch_user(page, live_server, manager)
    page.goto(f"{live_server.url}/monitoring/alerts/?mine=1")
    assert page.get_by_test_id("alert-table").locator("tbody tr").count() == 2
    page.goto(f"{live_server.url}/monitoring/alerts/{red.pk}/")
    assert "Пересмотреть график работ" in page.get_by_test_id("alert-recommendations").inner_text()
    screenshot(page, "manager-alert")

    # 4. the city dashboard shows the new ratings
    page.goto(f"{live_server.url}/monitoring/")
    assert page.get_by_test_id("total-green").inner_text().strip() == "1"
    assert page.get_by_test_id("total-amber").inner_text().strip() == "1"
    assert page.get_by_test_id("total-red").inner_text().strip() == "1"
    page.wait_for_selector("#rag-distribution")
    screenshot(page, "city")
