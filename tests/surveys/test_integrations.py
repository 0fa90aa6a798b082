"""The customers' CSAT by basic direction: one query, small cells suppressed, last four quarters; shown on the
portfolio's city heat map and direction workspace, and beside audit compliance through the portal plug point."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from audits.selectors_analytics import analytics_tables
from pmis.core import portal
from surveys.models import Survey
from surveys.selectors_integrations import csat_by_direction, quarters_back
from tests.audits.factories_reports import auditor_user, issued_audit
from tests.conftest import login
from tests.projects.factories import ProjectFactory
from tests.surveys.factories import make_response, make_survey

pytestmark = pytest.mark.django_db


def _quarter_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)


def _answers(survey: Survey, direction: Any, scores: list[int], period: datetime.date | None = None) -> None:
    period = period or _quarter_start(timezone.localdate())
    for score in scores:
        make_response(survey, {"overall": score, "timeliness": 1}, period_start=period, direction=direction)


@pytest.fixture
def customer_survey(pmo: Any) -> Survey:
    return make_survey(pmo, "customer_project_office", status=Survey.Status.OPEN)


def test_quarters_back() -> None:
    assert quarters_back(datetime.date(2026, 12, 2)) == datetime.date(2026, 1, 1)
    assert quarters_back(datetime.date(2026, 2, 10)) == datetime.date(2025, 4, 1)
    assert quarters_back(datetime.date(2026, 5, 31), quarters=1) == datetime.date(2026, 4, 1)


def test_csat_by_direction_counts_the_headline_and_suppresses_small_cells(
    customer_survey: Survey, direction: Any, other_direction: Any, pmo: Any, django_assert_num_queries: Any
) -> None:
    _answers(customer_survey, direction, [5, 4, 4, 3, 2, 5])  # 4 of 6 satisfied; "timeliness" is not counted
    _answers(customer_survey, other_direction, [5, 5, 5, 5])  # 4 answers: suppressed
    old = quarters_back() - datetime.timedelta(days=1)
    _answers(customer_survey, direction, [1, 1, 1, 1, 1], period=old)  # older than four quarters
    citizen = make_survey(pmo, "citizen_project", status=Survey.Status.OPEN)
    for _ in range(5):  # a citizen survey's answers are not customers'
        make_response(citizen, {"satisfaction": 1}, direction=direction, channel="public")
    with django_assert_num_queries(1):
        scores = csat_by_direction([direction.pk, other_direction.pk, 999999])
    assert scores[direction.pk].value == pytest.approx(66.7)
    assert scores[direction.pk].n == 6
    assert scores[other_direction.pk].value is None
    assert scores[other_direction.pk].n == 4
    assert 999999 not in scores
    assert csat_by_direction([direction.pk], since=old)[direction.pk].n == 11
    assert csat_by_direction([]) == {}


def test_the_plug_point_gives_it_to_apps_that_cannot_import_surveys(
    customer_survey: Survey, direction: Any
) -> None:
    _answers(customer_survey, direction, [5, 5, 4, 2, 1])
    scores = portal.direction_scores("csat", [direction.pk])
    assert scores is not None
    assert scores[direction.pk].value == pytest.approx(60.0)
    assert portal.direction_scores("nothing-registered", [direction.pk]) is None


def test_city_heat_map_and_direction_workspace_show_it(
    client: Any, pmo: Any, customer_survey: Survey, direction: Any, other_direction: Any
) -> None:
    _answers(customer_survey, direction, [5, 5, 4, 4, 4, 4, 2, 1])  # 6 of 8: 75 %
    _answers(customer_survey, other_direction, [5, 5])
    login(client, pmo)
    page = client.get(reverse("portfolio:city")).content.decode()
    assert "Customer satisfaction" in page
    assert 'data-dimension="csat"' in page
    assert "75 %" in page
    assert "fewer than 5 answers" in page
    workspace = client.get(reverse("portfolio:direction", args=[direction.pk])).content.decode()
    assert 'id="csat"' in workspace
    assert "<strong>75 %</strong>" in workspace
    assert "8 answers" in workspace
    sheet = client.get(reverse("portfolio:city"), {"export": "xlsx"})
    assert sheet.status_code == 200


def test_audit_analytics_shows_csat_beside_compliance(customer_survey: Survey, direction: Any) -> None:
    auditor = auditor_user()
    issued_audit("0.9", lead=auditor, project=ProjectFactory(direction=direction))
    _answers(customer_survey, direction, [5, 4, 4, 3, 2])
    with translation.override("en"):
        table = next(t for t in analytics_tables(auditor) if t.key == "direction")
    assert table.headers[-1] == "Customer satisfaction (CSAT), %"
    assert [str(v) for v in table.rows[0][1:]] == ["1", "90.0", "60.0"]


def test_audit_analytics_page_shows_the_column(client: Any, customer_survey: Survey, direction: Any) -> None:
    auditor = auditor_user()
    issued_audit("0.8", lead=auditor, project=ProjectFactory(direction=direction))
    _answers(customer_survey, direction, [5, 5, 5, 5, 1])
    login(client, auditor)
    page = client.get(reverse("audits:analytics")).content.decode()
    assert "Customer satisfaction (CSAT), %" in page
    assert "80" in page
