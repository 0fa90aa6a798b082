"""The card's tabs render for a reader, and the overview's query count does not grow with the data."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import assert_num_queries, login
from tests.factories import UserFactory
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db

# session, user, roles, project+header joins, 9 overview reads, 4 permission checks (can_edit), notifications
OVERVIEW_QUERIES = 18


def _fill(project: Any, n: int) -> None:
    for _ in range(n):
        owner = UserFactory()
        pf.MilestoneFactory(project=project, owner=owner)
        pf.ProjectMemberFactory(project=project, user=owner)
        pf.DocumentFactory(project=project, uploaded_by=owner)
        pf.BudgetLineFactory(project=project)
        pf.RiskFactory(project=project)


def test_overview_query_count_is_flat(client: Any, project_a: Any, coordinator: Any) -> None:
    _fill(project_a, 1)
    login(client, coordinator)
    url = reverse("projects:detail", args=[project_a.pk])
    client.get(url)
    with assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    _fill(project_a, 49)
    with assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(url)
    body = response.content.decode()
    assert body.count("<tr>") >= 50
    assert project_a.code in body


@pytest.mark.parametrize(
    ("tab", "queries"), [("passport", 11), ("documents", 12), ("team", 12), ("history", 10)]
)
def test_tab_query_count_is_flat(
    client: Any, project_a: Any, coordinator: Any, tab: str, queries: int
) -> None:
    _fill(project_a, 1)
    pf.PassportVersionFactory(project=project_a)
    login(client, coordinator)
    url = reverse(f"projects:{tab}", args=[project_a.pk])
    client.get(url)
    with assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _fill(project_a, 10)
    pf.PassportVersionFactory(project=project_a)
    pf.GateDecisionFactory(project=project_a)
    if tab == "history":
        for i in range(5):
            project_a.title_ru = f"Новое название {i}"
            project_a.save(update_fields=["title_ru"])
    with assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_htmx_tab_swap_returns_the_card_without_the_page(client: Any, project_a: Any, manager: Any) -> None:
    login(client, manager)
    response = client.get(reverse("projects:team", args=[project_a.pk]), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="project-card"' in body
    assert "<html" not in body
    assert f'aria-current="page" href="/projects/{project_a.pk}/team/"' in body


def test_reader_sees_no_edit_controls(client: Any, project_a: Any, sac: Any) -> None:
    login(client, sac)
    body = client.get(reverse("projects:detail", args=[project_a.pk])).content.decode()
    assert reverse("projects:update", args=[project_a.pk]) not in body
    body = client.get(reverse("projects:team", args=[project_a.pk])).content.decode()
    assert reverse("projects:member-add", args=[project_a.pk]) not in body


def test_card_renders_in_three_languages(client: Any, project_a: Any, manager: Any) -> None:
    project_a.title_kk = "Жоба атауы"
    project_a.save(update_fields=["title_kk"])
    login(client, manager)
    for lang, expected in (("ru", project_a.title_ru), ("kk", "Жоба атауы"), ("en", project_a.title_en)):
        client.cookies["django_language"] = lang
        body = client.get(reverse("projects:detail", args=[project_a.pk])).content.decode()
        assert expected in body, lang


def test_home_panel_lists_my_projects(client: Any, project_a: Any, project_b: Any, manager: Any) -> None:
    login(client, manager)
    body = client.get(reverse("core:home")).content.decode()
    assert 'data-panel="my-projects"' in body
    assert project_a.code in body
    assert project_b.code not in body
