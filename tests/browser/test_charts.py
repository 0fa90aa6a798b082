"""The pages' Chart.js charts in the reader's language: round ticks with the language's separators and
abbreviations, whole steps for counts, months by name, formatted tooltips (static/js/charts.js with the
conventions {% chart_scripts %} emits), whatever language the browser itself runs in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings

from monitoring.models import CashPlan
from pmis.core.charts import axis_labels, nice_ticks
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD
from tests.projects.factories import BudgetLineFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NBSP = "\xa0"
EXPECTED = {
    "ru": {
        "budget": ["0", f"1{NBSP}млрд", f"2{NBSP}млрд", f"3{NBSP}млрд", f"4{NBSP}млрд", f"5{NBSP}млрд"],
        "stage": ["0", "1", "2", "3"],
        "months": [
            "янв.",
            "февр.",
            "март",
            "апр.",
            "май",
            "июнь",
            "июль",
            "авг.",
            "сент.",
            "окт.",
            "нояб.",
            "дек.",
        ],
        "curve": ["0", "50", "100", "150", "200", "250"],
        "number": f"1{NBSP}234{NBSP}567,5",
    },
    "kk": {
        "budget": ["0", f"1{NBSP}млрд", f"2{NBSP}млрд", f"3{NBSP}млрд", f"4{NBSP}млрд", f"5{NBSP}млрд"],
        "stage": ["0", "1", "2", "3"],
        "months": [
            "қаң.",
            "ақп.",
            "нау.",
            "сәу.",
            "мам.",
            "мау.",
            "шіл.",
            "там.",
            "қыр.",
            "қаз.",
            "қар.",
            "жел.",
        ],
        "curve": ["0", "50", "100", "150", "200", "250"],
        "number": f"1{NBSP}234{NBSP}567,5",
    },
    "en": {
        "budget": ["0", f"1{NBSP}bn", f"2{NBSP}bn", f"3{NBSP}bn", f"4{NBSP}bn", f"5{NBSP}bn"],
        "stage": ["0", "1", "2", "3"],
        "months": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        "curve": ["0", "50", "100", "150", "200", "250"],
        "number": "1,234,567.5",
    },
}

RANGES = [
    (0, 0.8, False),
    (85.05, 97, False),
    (0, 104.76, False),
    (-1_200_000, 3_400_000, False),
    (0, 1e-7, False),
    (0, 2.5, True),
    (0, 0, True),
    (-3, 5, True),
    (0, 263_634.16, False),
    (0, 1_400_000, False),
    (0, 7.3e12, False),
    (0, 4_320_000_000, False),
]
TICKS = """id => { const c = Chart.getChart(document.getElementById(id)); const axis = c.options.indexAxis === "y" ? "x" : "y";
                   return c.scales[axis].ticks.map(t => t.label); }"""


def _in_language(page: Any, live_server: Any, user: Any, language: str) -> None:
    """The reader's language, as the profile and the language cookie set it (the browser itself asks for ru)."""
    user.language = language
    user.save(update_fields=["language"])
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_direction_and_budget_charts_speak_the_page_language(
    browser_page: Any,
    live_server: Any,
    screenshot: Any,
    coordinator: Any,
    direction: Any,
    department_a: Any,
    language: str,
) -> None:
    page = browser_page
    errors: list[str] = []
    # script errors (a 404 of the favicon is another matter: its console message does not say which file)
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "Failed to load" not in m.text else None,
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    projects = [
        ProjectFactory(direction=direction, department=department_a, stage="execution") for _ in range(3)
    ]
    BudgetLineFactory(
        project=projects[0], year=2026, plan=Decimal("4320000000"), disbursed=Decimal("1250000000")
    )
    line = BudgetLineFactory(project=projects[1], year=2027, plan=Decimal("996000000"), disbursed=Decimal(0))
    for month, amount in ((1, 120), (2, 80), (7, 30)):
        CashPlan.objects.create(budget_line=line, year=2027, month=month, amount=Decimal(amount))
    sign_in(page, live_server, coordinator.username, PASSWORD)
    _in_language(page, live_server, coordinator, language)
    expected = EXPECTED[language]

    page.goto(f"{live_server.url}/portfolio/directions/{direction.pk}/")
    assert page.evaluate("document.documentElement.lang") == language
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('pf-budget'))")
    assert page.evaluate(TICKS, "pf-budget") == expected["budget"]
    assert page.evaluate(TICKS, "pf-stage") == expected["stage"]  # counts: no "0.5"
    assert page.evaluate("PMISCharts.format(1234567.5, 1)") == expected["number"]
    screenshot(page, f"direction-{language}", full_page=False)
    # the page's axes are the PDFs' axes: the same ticks and labels as pmis.core.charts
    in_browser = page.evaluate(
        "ranges => ranges.map(r => PMISCharts.axisLabels(PMISCharts.niceTicks(r[0], r[1], r[2])))", RANGES
    )
    assert in_browser == [axis_labels(nice_ticks(lo, hi, whole=whole), language) for lo, hi, whole in RANGES]

    page.goto(f"{live_server.url}/monitoring/budget/?year=2027")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('budget-curve'))")
    assert (
        page.evaluate("Chart.getChart(document.getElementById('budget-curve')).data.labels")
        == expected["months"]
    )
    assert page.evaluate(TICKS, "budget-curve") == expected["curve"]
    tooltip = page.evaluate(
        """() => { const c = Chart.getChart(document.getElementById('budget-curve'));
                   const item = {parsed: {y: 1234567.5}, dataset: c.data.datasets[0], label: ''};
                   return c.options.plugins.tooltip.callbacks.label(item); }"""
    )
    assert tooltip.endswith(": " + expected["number"])
    assert errors == []
