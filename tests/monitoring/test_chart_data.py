"""What the monitoring pages hand their charts: periods and months named in the reader's language (they were
"2026-05" and "01.2026" in every language), and the number conventions {% chart_scripts %} emits for the page."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from monitoring.models import CashPlan, Frequency
from tests.monitoring.factories import IndicatorFactory, TargetFactory
from tests.projects.factories import BudgetLineFactory

MONTHS = {
    "ru": ["янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек."],
    "kk": ["қаң.", "ақп.", "нау.", "сәу.", "мам.", "мау.", "шіл.", "там.", "қыр.", "қаз.", "қар.", "жел."],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
PERIODS = {
    "ru": (["дек. 2025\u202fг.", "янв. 2026\u202fг."], ["4-й кв. 2025\u202fг.", "1-й кв. 2026\u202fг."]),
    "kk": (["2025\u202fж. жел.", "2026\u202fж. қаң."], ["2025\u202fж. IV тоқсан", "2026\u202fж. I тоқсан"]),
    "en": (["Dec 2025", "Jan 2026"], ["Q4 2025", "Q1 2026"]),
}


def _json(html: str, element_id: str) -> Any:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert found, element_id
    return json.loads(found.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_budget_curve_names_its_months(client: Any, login_as: Any, project: Any, language: str) -> None:
    line = BudgetLineFactory(project=project, year=2026)
    CashPlan.objects.create(budget_line=line, year=2026, month=1, amount=Decimal(150))
    login_as("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("monitoring:budget") + "?year=2026").content.decode()
    assert _json(html, "monitoring-budget")["labels"] == MONTHS[language]
    assert _json(html, "pmis-chart-locale")["tag"] == {"ru": "ru-RU", "kk": "kk-KZ", "en": "en-US"}[language]
    assert html.index('id="pmis-chart-locale"') < html.index("js/charts.js") < html.index("js/monitoring.js")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_indicator_trend_names_its_periods(client: Any, login_as: Any, project: Any, language: str) -> None:
    monthly = IndicatorFactory(project=project, frequency=Frequency.MONTHLY)
    quarterly = IndicatorFactory(project=project, frequency=Frequency.QUARTERLY)
    for ind, last in ((monthly, 12), (quarterly, 4)):
        TargetFactory(indicator=ind, year=2025, period=last, value=Decimal(90))
        TargetFactory(indicator=ind, year=2026, period=1, value=Decimal(95))
    login_as("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    months, quarters = PERIODS[language]
    for ind, expected in ((monthly, months), (quarterly, quarters)):
        html = client.get(reverse("monitoring:indicator", args=[ind.pk])).content.decode()
        assert _json(html, "monitoring-trend")["labels"] == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "march"), [("ru", "март 2026\u202fг."), ("kk", "2026\u202fж. нау."), ("en", "Mar 2026")]
)
def test_project_budget_lists_months_by_name(
    client: Any, login_as: Any, project: Any, language: str, march: str
) -> None:
    line = BudgetLineFactory(project=project, year=2026)
    CashPlan.objects.create(budget_line=line, year=2026, month=3, amount=Decimal(150))
    login_as("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("monitoring:budget-project", args=[project.pk])).content.decode()
    assert f"<li>{march}: " in html
    assert "2026-03" not in html
