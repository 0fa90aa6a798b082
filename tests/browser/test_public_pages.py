"""The citizen pages in a real browser: axe-core finds no serious or critical WCAG violation on any public page
type in kk, ru and en; at 375 px nothing scrolls sideways; a Kazakh visitor on a phone finds a project and reads
its progress; the map works without a tile server."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from tests.factories import DistrictFactory
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory
from tests.portfolio.factories_public import published_project
from tests.projects.factories import TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""
WIDE = """() => Array.from(document.querySelectorAll('body *'))
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))
  .slice(0, 12)"""


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """The CSP forbids inline scripts, and axe is injected as one: the test context bypasses the CSP."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def site(direction: Any) -> dict[str, str]:
    cache.clear()
    district = DistrictFactory(code="medeu", name_ru="Медеуский", name_kk="Медеу", name_en="Medeu")
    project = published_project(
        direction=direction,
        title_ru="Благоустройство сквера у театра",
        title_kk="Театр жанындағы скверді абаттандыру",
        title_en="Landscaping of the theatre square",
    )
    project.districts.add(district)
    TaskFactory(
        project=project, progress=40, start=datetime.date(2026, 1, 1), finish=datetime.date(2026, 1, 10)
    )
    for n in range(3):
        other = published_project(
            direction=direction, latitude=Decimal("43.2") + n, longitude=Decimal("76.9")
        )
        other.districts.add(district)
    indicator = IndicatorFactory(direction=direction, level="strategic", name_kk="Жасыл аймақтар үлесі")
    TargetFactory(indicator=indicator, year=2025, period=1, value=Decimal("10"))
    ActualFactory(indicator=indicator, year=2025, period=1, value=Decimal("8"))
    ActualFactory(indicator=indicator, year=2025, period=2, value=Decimal("9"))
    return {
        "home": "/{lang}/",
        "list": "/{lang}/projects/",
        "project": f"/{{lang}}/projects/{project.code}/",
        "district": f"/{{lang}}/districts/{district.pk}/",
        "direction": f"/{{lang}}/directions/{direction.code}/",
        "map": "/{lang}/map/",
    }


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_no_serious_accessibility_violations(
    browser_page: Any, live_server: Any, site: dict[str, str], lang: str
) -> None:
    page = browser_page
    found = {}
    for kind, path in site.items():
        page.goto(live_server.url + path.format(lang=lang))
        assert page.locator("html").get_attribute("lang") == lang
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE)
        if violations:
            found[kind] = violations
    for kind, violations in found.items():
        print(lang, kind)
        for v in violations:
            print("  ", v["impact"], v["id"], v["help"], v["nodes"])
    assert found == {}


def test_phone_width_has_no_horizontal_scroll(
    browser_page: Any, live_server: Any, site: dict[str, str], screenshot: Any
) -> None:
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    for kind, path in site.items():
        page.goto(live_server.url + path.format(lang="kk"))
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375, (kind, page.evaluate(WIDE))
        screenshot(page, f"375-{kind}")


def test_a_kazakh_visitor_on_a_phone_finds_a_project_and_reads_its_progress(
    browser_page: Any, live_server: Any, site: dict[str, str], screenshot: Any
) -> None:
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/kk/")
    page.locator("header nav a[href='/kk/projects/']").click()
    page.wait_for_url("**/kk/projects/")
    page.fill("#f-q", "скверді")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    results = page.locator("[data-testid=public-project]")
    assert results.count() == 1
    results.first.locator("a").click()
    page.wait_for_url("**/kk/projects/*/")
    assert page.locator("h1").inner_text() == "Театр жанындағы скверді абаттандыру"
    assert page.locator("[data-testid=project-progress]").inner_text().replace("\xa0", " ") == "40 %"
    assert page.locator("[data-testid=ask-question]").is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    screenshot(page, "project-kk")


def test_the_map_shows_markers_without_tiles(
    browser_page: Any, live_server: Any, site: dict[str, str]
) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/ru/map/")
    page.wait_for_selector("#public-map[data-loaded]")
    assert page.locator("#public-map").get_attribute("data-loaded") == "4"
    assert page.locator("#public-map .leaflet-interactive").count() == 4
    assert page.locator(".leaflet-tile").count() == 0
    assert page.locator("[data-testid=map-list] a").count() == 4
