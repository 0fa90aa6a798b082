"""Every monitoring page renders with a flat number of queries (1 row and many rows)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from monitoring.models import Alert, Indicator
from monitoring.services.scan import run_scan
from tests.conftest import assert_num_queries
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory
from tests.projects.factories import BudgetLineFactory, ProjectFactory

TODAY = datetime.date(2026, 6, 15)


def grow(project: Any, department: Any, n: int) -> None:
    for i in range(n):
        ind = IndicatorFactory(project=project, responsible_organization=department)
        TargetFactory(indicator=ind, value=Decimal(100))
        ActualFactory(indicator=ind, value=Decimal(70 + i * 7 % 30), status="submitted" if i % 3 == 2 else "verified")
        program = IndicatorFactory(level=Indicator.Level.PROGRAM, project=None, direction=project.direction)
        TargetFactory(indicator=program, value=Decimal(50))
        ActualFactory(indicator=program, value=Decimal(45), status="submitted" if i == 0 else "verified")
    BudgetLineFactory(project=project, year=2026)
    run_scan(today=TODAY)


PAGES = {
    "city": (lambda w: reverse("monitoring:city"), 11),
    "direction": (lambda w: reverse("monitoring:direction", args=[w["project"].direction_id]), 12),
    "project": (lambda w: reverse("monitoring:project", args=[w["project"].pk]), 13),
    "situation": (lambda w: reverse("monitoring:situation"), 10),
    "indicators": (lambda w: reverse("monitoring:indicators"), 8),
    "indicators-red": (lambda w: reverse("monitoring:indicators") + "?rag=red&sort=name", 8),
    "alerts": (lambda w: reverse("monitoring:alerts") + "?sort=since", 8),
    "recommendations": (lambda w: reverse("monitoring:recommendations"), 5),
    "verify": (lambda w: reverse("monitoring:verify"), 9),
    "budget": (lambda w: reverse("monitoring:budget"), 11),
    "periods": (lambda w: reverse("monitoring:periods"), 5),
    "policy": (lambda w: reverse("monitoring:policy"), 6),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page_name", list(PAGES))
def test_page_queries_do_not_grow(client: Any, login_as: Any, page_name: str, direction: Any, department_a: Any,
                                  manager: Any) -> None:
    project = ProjectFactory(direction=direction, department=department_a, manager=manager)
    url_of, expected = PAGES[page_name]
    world = {"project": project}
    grow(project, department_a, 1)
    login_as("sac")
    client.get(url_of(world))  # warm caches (content types, policy row)
    with assert_num_queries(expected):
        assert client.get(url_of(world)).status_code == 200
    grow(project, department_a, 6)
    ProjectFactory.create_batch(2, direction=direction)
    with assert_num_queries(expected):
        assert client.get(url_of(world)).status_code == 200
    assert Alert.objects.exists()


@pytest.mark.django_db
def test_every_table_exports_to_excel(client: Any, login_as: Any, direction: Any, department_a: Any, manager: Any) -> None:
    project = ProjectFactory(direction=direction, department=department_a, manager=manager)
    grow(project, department_a, 2)
    login_as("sac")
    ind = Indicator.objects.filter(project=project).first()
    for url in [reverse("monitoring:city"), reverse("monitoring:direction", args=[direction.pk]),
                reverse("monitoring:project", args=[project.pk]), reverse("monitoring:situation"),
                reverse("monitoring:indicators"), reverse("monitoring:indicator", args=[ind.pk]),
                reverse("monitoring:alerts"), reverse("monitoring:recommendations"), reverse("monitoring:verify"),
                reverse("monitoring:budget"), reverse("monitoring:periods")]:
        response = client.get(url + "?export=xlsx")
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), url


@pytest.mark.django_db
def test_city_dashboard_shows_official_ratings_only(client: Any, login_as: Any, direction: Any, department_a: Any,
                                                    manager: Any) -> None:
    project = ProjectFactory(direction=direction, department=department_a, manager=manager)
    ind = IndicatorFactory(project=project)
    TargetFactory(indicator=ind, value=Decimal(100))
    ActualFactory(indicator=ind, value=Decimal(50), status="submitted")
    run_scan(today=TODAY)
    login_as("coordinator")
    ctx = client.get(reverse("monitoring:city")).context
    assert ctx["totals"]["red"] == 0
    ind.actuals.update(status="verified")
    run_scan(today=TODAY)
    ctx = client.get(reverse("monitoring:city")).context
    assert ctx["totals"]["red"] == 1
    row = next(r for r in ctx["rows"] if r["direction"] == direction)
    assert row["red"] == 1


@pytest.mark.django_db
def test_bad_query_parameters_never_500(client: Any, login_as: Any) -> None:
    login_as("officer")
    for url in ["monitoring:indicators", "monitoring:alerts", "monitoring:budget", "monitoring:recommendations"]:
        response = client.get(reverse(url) + "?direction=abc&page=zz&year=99999&sort=<x>&rag=purple&state=x")
        assert response.status_code == 200, url
