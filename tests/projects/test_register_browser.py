"""The register in a real browser: filtering, searching, sorting and paging swap the results in place and
keep a shareable address; the Excel export button leads to the job page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from projects.models import Project
from tests.browser.conftest import (  # noqa: F401 - pytest fixtures
    browser_context_args,
    browser_page,
    browser_type_launch_args,
    screenshot,
    sign_in,
)
from tests.factories import PASSWORD
from tests.projects.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_filters_in_place(
    live_server: Any,
    browser_page: Any,  # noqa: F811 - the fixture imported above
    screenshot: Any,  # noqa: F811
    sac: Any,
    direction: Any,
    department_a: Any,
) -> None:
    for i in range(30):
        ProjectFactory(
            direction=direction,
            department=department_a,
            title_ru=f"Мост через реку №{i}" if i % 3 == 0 else f"Школа №{i}",
            stage=Project.Stage.PLANNING if i % 2 else Project.Stage.EXECUTION,
            grant=False,
        )
    page = browser_page
    sign_in(page, live_server, sac.username, PASSWORD)
    page.goto(f"{live_server.url}/projects/")
    count = page.locator("[data-testid=register-count]")
    assert "30" in count.inner_text()
    screenshot(page, "list")

    page.select_option("#id_stage", "planning")
    page.wait_for_url("**/projects/?stage=planning")
    assert "15" in count.inner_text()

    page.fill("#id_q", "мост")
    page.wait_for_url("**/projects/?q=*&stage=planning")
    # web-first waits (expect): the page's CSP forbids the eval a string predicate of wait_for_function polls with
    expect(page.get_by_test_id("register-count")).to_contain_text("5")
    rows = page.locator("[data-testid=register-table] tbody tr")
    assert rows.count() == 5

    # the click blurs the search box, whose change event sends the filter form again just before the header's
    # own request: the register syncs its requests (the later replaces the earlier), so the sort lands
    page.click("a[data-sort=code]")
    page.wait_for_url("**sort=code*")
    page.wait_for_selector("th[aria-sort=ascending] a[data-sort=code]")  # the swap has landed
    codes = [row.get_attribute("data-project") for row in rows.all()]
    assert codes == sorted(codes)
    # the same header again reverses the order, in place
    page.click("a[data-sort=code]")
    page.wait_for_url("**sort=-code*")
    page.wait_for_selector("th[aria-sort=descending] a[data-sort=code]")
    assert [row.get_attribute("data-project") for row in rows.all()] == sorted(codes, reverse=True)

    # by keyboard: Enter on a focused header sorts, and the focus stays on that header for the next toggle
    page.focus("a[data-sort=title]")
    page.keyboard.press("Enter")
    page.wait_for_selector("th[aria-sort=ascending] a[data-sort=title]")
    expect(page.locator("a[data-sort=title]")).to_be_focused()
    # the second Enter sorts only because the focus stayed on the header through the first swap
    page.keyboard.press("Enter")
    page.wait_for_selector("th[aria-sort=descending] a[data-sort=title]")
    assert "sort=-title" in page.url
    assert page.locator("th[aria-sort=none] a[data-sort=code]").count() == 1
    screenshot(page, "filtered")

    # the address is shareable: opening it directly gives the same result
    url = page.url
    page.goto(url)
    assert rows.count() == 5

    page.goto(f"{live_server.url}/projects/")
    page.click("[rel=next]")
    page.wait_for_url("**page=2")
    assert rows.count() == 5

    page.click("[data-testid=register-export]")
    page.wait_for_url("**/jobs/*/")
