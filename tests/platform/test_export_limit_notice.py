"""A list with more rows than an Excel export holds says so above the list (and in its htmx fragment); a list
that fits says nothing. One list in each app whose export stops at EXPORT_LIMIT."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from monitoring.models import Indicator
from tests.conftest import login
from tests.expertise.factories import ReviewCaseFactory
from tests.monitoring.factories import IndicatorFactory
from tests.portfolio.factories import MeetingFactory

pytestmark = pytest.mark.django_db

NOTICE = 'data-testid="export-limit-notice"'


def _limit(monkeypatch: pytest.MonkeyPatch, view_module: str, limit: int) -> None:
    """A small cap for the page's notice and the view's export alike (20 000 rows would make a slow test)."""
    monkeypatch.setattr("pmis.core.templatetags.pmis.EXPORT_LIMIT", limit)
    monkeypatch.setattr(f"{view_module}.EXPORT_LIMIT", limit)


def _pages(client: Any, url: str) -> tuple[str, str, int]:
    page = client.get(url)
    fragment = client.get(url, {"q": ""}, HTTP_HX_REQUEST="true")
    assert page.status_code == fragment.status_code == 200
    return page.content.decode(), fragment.content.decode(), page.context["page"].paginator.count


@pytest.fixture
def meetings(pmo: Any) -> str:
    for _ in range(3):
        MeetingFactory(secretary=pmo)
    return reverse("portfolio:meetings")


@pytest.fixture
def indicators() -> str:
    for _ in range(3):
        IndicatorFactory(level=Indicator.Level.STRATEGIC)
    return reverse("monitoring:indicators")


@pytest.fixture
def cases() -> str:
    for _ in range(3):
        ReviewCaseFactory()
    return reverse("expertise:case-list")


@pytest.mark.parametrize(
    ("persona", "rows", "view_module"),
    [
        ("pmo", "meetings", "portfolio.views.meetings"),
        ("sac", "indicators", "monitoring.views.indicators"),
        ("expertise_head", "cases", "expertise.views.cases"),
    ],
)
def test_a_list_longer_than_the_export_says_so(
    client: Any,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    persona: str,
    rows: str,
    view_module: str,
) -> None:
    url = request.getfixturevalue(rows)
    login(client, request.getfixturevalue(persona))
    _limit(monkeypatch, view_module, 2)
    page, fragment, count = _pages(client, url)  # in the reader's language (Russian, the default)
    assert count >= 3  # the three made here, and any the migrations seed
    with translation.override("ru"):
        expected = translation.gettext(
            "The Excel file holds only the first %(limit)s rows of %(count)s: narrow the filters to export the rest."
        ) % {"limit": 2, "count": count}
    assert expected.startswith("В файл Excel")
    assert page.count(NOTICE) == 1
    assert expected in page
    assert fragment.count(NOTICE) == 1

    _limit(monkeypatch, view_module, count)
    page, fragment, _count = _pages(client, url)
    assert NOTICE not in page
    assert NOTICE not in fragment
