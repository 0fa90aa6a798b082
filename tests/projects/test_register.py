"""The register list: filters, search in three languages, sorting, pages, saved filters, query counts."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from projects.filters import program_choices
from projects.models import Project, SavedFilter
from tests.conftest import assert_num_queries, login
from tests.factories import DirectionFactory, DistrictFactory, OrganizationFactory, SDGFactory, UserFactory
from tests.projects.factories import ProgramFactory, ProjectFactory, SavedFilterFactory

pytestmark = pytest.mark.django_db

LIST = reverse("projects:list")


def codes(response: Any) -> set[str]:
    return {p.code for p in response.context["register"].rows}


@pytest.fixture
def two(
    direction: Any, other_direction: Any, department_a: Any, department_b: Any
) -> tuple[Project, Project]:
    first = ProjectFactory(
        direction=direction,
        department=department_a,
        title_ru="Реконструкция улицы Абая",
        title_kk="Абай көшесін қайта құру",
        title_en="Abay street reconstruction",
        stage=Project.Stage.EXECUTION,
        rag="red",
        project_type=Project.Type.CONSTRUCTION,
        total_budget_plan=Decimal("5000000"),
        planned_start=datetime.date(2024, 3, 1),
        planned_finish=datetime.date(2025, 6, 30),
    )
    second = ProjectFactory(
        direction=other_direction,
        department=department_b,
        title_ru="Цифровой паспорт школы",
        title_kk="Мектептің цифрлық паспорты",
        title_en="Digital school passport",
        stage=Project.Stage.PLANNING,
        rag="green",
        project_type=Project.Type.DIGITAL,
        total_budget_plan=Decimal("120000"),
        planned_start=datetime.date(2026, 1, 1),
        planned_finish=datetime.date(2027, 12, 31),
    )
    for p in (first, second):
        p.search_document = p.build_search_document()
        p.save(update_fields=["search_document"])
    return first, second


def test_list_shows_visible_projects_with_count(client: Any, sac: Any, two: Any) -> None:
    response = login(client, sac).get(LIST)
    assert response.status_code == 200
    assert codes(response) == {two[0].code, two[1].code}
    assert "2" in response.content.decode().split('data-testid="register-count"')[1][:200]


def test_each_filter_offers_all_once(client: Any, sac: Any, two: Any) -> None:
    """Issue 10: every select of the register filter listed «Все» twice."""
    body = login(client, sac).get(LIST, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    form = body.split('<form id="register-filter"')[1].split("</form>")[0]
    blanks = {
        name: options.count('<option value=""')
        for name, options in re.findall(r'<select name="(\w+)"(.*?)</select>', form, re.S)
    }
    selects = [
        "direction",
        "department",
        "program",
        "stage",
        "rag",
        "type",
        "district",
        "sdg",
        "confidential",
    ]
    assert blanks == dict.fromkeys([*selects, "orphan"], 1)
    assert form.count(">Все</option>") == 10


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (lambda a, b: {"direction": a.direction_id}, 0),
        (lambda a, b: {"department": b.department_id}, 1),
        (lambda a, b: {"stage": "planning"}, 1),
        (lambda a, b: {"rag": "red"}, 0),
        (lambda a, b: {"type": "digital"}, 1),
        (lambda a, b: {"year": 2025}, 0),
        (lambda a, b: {"year": 2027}, 1),
        (lambda a, b: {"budget_min": "1000000"}, 0),
        (lambda a, b: {"budget_max": "1000000"}, 1),
        (lambda a, b: {"budget_min": "100000", "budget_max": "200000"}, 1),
    ],
)
def test_each_filter_narrows(client: Any, sac: Any, two: Any, params: Any, expected: int) -> None:
    response = login(client, sac).get(LIST, params(*two))
    assert codes(response) == {two[expected].code}


def test_district_sdg_and_program_tree_filters(client: Any, sac: Any, two: Any) -> None:
    first, second = two
    district, sdg = DistrictFactory(), SDGFactory(number=11)
    first.districts.add(district)
    second.sdgs.add(sdg)
    program = ProgramFactory(code="ADP")
    goal = ProgramFactory(code="ADP.1", parent=program, level="goal")
    task = ProgramFactory(code="ADP.1.1", parent=goal, level="task")
    second.program_item = task
    second.save(update_fields=["program_item"])
    login(client, sac)
    assert codes(client.get(LIST, {"district": district.pk})) == {first.code}
    assert codes(client.get(LIST, {"sdg": sdg.pk})) == {second.code}
    assert codes(client.get(LIST, {"program": program.pk})) == {second.code}, (
        "the whole subtree of the program"
    )
    assert codes(client.get(LIST, {"program": goal.pk})) == {second.code}
    assert codes(client.get(LIST, {"orphan": "yes"})) == {first.code}
    assert codes(client.get(LIST, {"orphan": "no"})) == {second.code}
    labels = [label for _pk, label in program_choices()]
    assert labels[0].startswith("ADP ")
    assert labels[1].startswith("\u2003ADP.1 ")
    assert labels[2].startswith("\u2003\u2003ADP.1.1")


def test_confidential_filter_and_visibility(
    client: Any, officer_a: Any, sac: Any, confidential_project: Any, project_b: Any
) -> None:
    assert codes(login(client, sac).get(LIST)) == {project_b.code}
    assert codes(client.get(LIST, {"confidential": "yes"})) == set()
    assert codes(client.get(LIST, {"q": "Секретный"})) == set()
    client.logout()
    login(client, officer_a)
    assert codes(client.get(LIST, {"confidential": "yes"})) == {confidential_project.code}
    assert codes(client.get(LIST, {"q": "Секретный"})) == {confidential_project.code}


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("реконструкция", 0),  # ru, lower case of a capitalised word
        ("Абай көшесін", 0),  # kk, two words
        ("ABAY street", 0),  # en, upper case
        ("цифров", 1),  # prefix of the last word
        ("мектептің", 1),
        ("Digital", 1),
    ],
)
def test_search_in_three_languages(client: Any, sac: Any, two: Any, query: str, index: int) -> None:
    response = login(client, sac).get(LIST, {"q": query})
    assert codes(response) == {two[index].code}


def test_search_by_code_and_nothing_found(client: Any, sac: Any, two: Any) -> None:
    login(client, sac)
    assert codes(client.get(LIST, {"q": two[1].code})) == {two[1].code}
    assert codes(client.get(LIST, {"q": two[1].code[:-1]})) >= {two[1].code}
    response = client.get(LIST, {"q": "несуществующий"})
    assert codes(response) == set()
    assert 'data-testid="register-empty"' in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="web-search syntax is PostgreSQL's")
def test_websearch_syntax_on_postgresql(client: Any, sac: Any, two: Any) -> None:
    login(client, sac)
    assert codes(client.get(LIST, {"q": '"street reconstruction"'})) == {two[0].code}
    assert codes(client.get(LIST, {"q": "abay or digital"})) == {two[0].code, two[1].code}
    assert codes(client.get(LIST, {"q": "street -abay"})) == set()


@pytest.mark.parametrize(
    ("sort", "first_index"),
    [
        ("code", 0),
        ("-code", 1),
        ("title", 0),
        ("-title", 1),
        ("stage", 1),
        ("-stage", 0),
        ("rag", 0),
        ("-rag", 1),
        ("finish", 0),
        ("-finish", 1),
        ("budget", 1),
        ("-budget", 0),
    ],
)
def test_sorting(client: Any, sac: Any, two: Any, sort: str, first_index: int) -> None:
    response = login(client, sac).get(LIST, {"sort": sort})
    assert response.context["register"].rows[0].code == two[first_index].code


def test_pagination_and_page_size(client: Any, sac: Any, direction: Any, department_a: Any) -> None:
    ProjectFactory.create_batch(30, direction=direction, department=department_a, grant=False)
    login(client, sac)
    first = client.get(LIST)
    assert len(first.context["register"].rows) == 25
    assert first.context["next_url"].endswith("page=2")
    second = client.get(LIST, {"page": 2})
    assert len(second.context["register"].rows) == 5
    assert len(client.get(LIST, {"per_page": 50}).context["register"].rows) == 30
    assert client.get(LIST, {"per_page": 7}).context["register"].page_size == 25
    assert client.get(LIST, {"page": "abc"}).status_code == 200


def test_htmx_request_renders_only_the_results(client: Any, sac: Any, two: Any) -> None:
    response = login(client, sac).get(
        LIST, {"stage": "planning"}, headers={"HX-Request": "true", "HX-Target": "register-results"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="register-results"')
    assert "<html" not in html
    assert response["HX-Push-Url"] == f"{LIST}?stage=planning"
    assert two[1].code in html
    assert two[0].code not in html


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "99999"},
        {"budget_min": "1e40"},
        {"budget_max": "-5"},
        {"direction": "999999"},
        {"stage": "nonsense"},
        {"sort": "DROP"},
        {"q": "x" * 5000},
        {"q": "'\"&|!():*<>"},
        {"program": "abc"},
        {"district": "0"},
        {"per_page": "-1"},
        {"page": "999"},
    ],
)
def test_bad_input_never_fails(client: Any, sac: Any, two: Any, params: dict[str, str]) -> None:
    assert login(client, sac).get(LIST, params).status_code == 200


def test_refused_filter_values_are_reported_in_the_swapped_results(client: Any, sac: Any, two: Any) -> None:
    """A bad value is named in the results region (what htmx swaps), not only next to its field."""
    login(client, sac)
    params = {"budget_min": "5000", "budget_max": "100", "year": "99999"}
    response = client.get(LIST, params, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="register-results")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="register-results"')
    assert 'data-testid="register-filter-errors"' in html
    assert "The upper bound is below the lower bound." in html or "Верхняя граница меньше нижней." in html
    assert html.count("<li>") == 2  # the budget bound and the year
    # the refused bound is not applied: the lower one alone filters
    assert response.context["filter"].form.cleaned_data["budget_min"] == 5000
    assert "budget_max" not in response.context["filter"].form.cleaned_data
    clean = client.get(LIST, {"budget_min": "100", "budget_max": "5000"}).content.decode()
    assert "register-filter-errors" not in clean


def test_edit_flags_follow_permissions(client: Any, officer_a: Any, project_a: Any, project_b: Any) -> None:
    response = login(client, officer_a).get(LIST)
    assert response.context["register"].editable == {project_a.pk}
    assert reverse("projects:update", args=[project_a.pk]) in response.content.decode()
    assert reverse("projects:update", args=[project_b.pk]) not in response.content.decode()


# Saved filters


def test_saved_filter_save_apply_delete(client: Any, sac: Any, two: Any) -> None:
    login(client, sac)
    response = client.post(
        reverse("projects:saved-filter-create"),
        {"name": "Планирование", "query": "stage=planning&page=3&evil=1"},
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=sac)
    assert saved.query == "stage=planning"
    applied = client.get(reverse("projects:saved-filter-apply", args=[saved.pk]))
    assert applied.status_code == 302
    assert applied["Location"].endswith("?stage=planning")
    assert codes(client.get(applied["Location"])) == {two[1].code}
    assert "Планирование" in client.get(LIST).content.decode()
    # the same name replaces the query
    client.post(reverse("projects:saved-filter-create"), {"name": "Планирование", "query": "rag=red"})
    assert SavedFilter.objects.get(user=sac).query == "rag=red"
    client.post(reverse("projects:saved-filter-delete", args=[saved.pk]))
    assert not SavedFilter.objects.filter(user=sac).exists()


def test_saved_filter_without_name_is_refused(client: Any, sac: Any) -> None:
    response = login(client, sac).post(
        reverse("projects:saved-filter-create"), {"name": " ", "query": "rag=red"}, follow=True
    )
    assert response.status_code == 200
    assert not SavedFilter.objects.exists()


def test_saved_filters_are_per_user(client: Any, sac: Any, auditor: Any) -> None:
    theirs = SavedFilterFactory(user=auditor, name="Чужой")
    login(client, sac)
    assert client.get(reverse("projects:saved-filter-apply", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("projects:saved-filter-delete", args=[theirs.pk])).status_code == 404
    assert SavedFilter.objects.filter(pk=theirs.pk).exists()
    assert "Чужой" not in client.get(LIST).content.decode()


# Query counts: flat with 1 and 50 rows


def _populate(n: int, direction: Any, department: Any, manager: Any) -> None:
    for _ in range(n):
        ProjectFactory(direction=direction, department=department, manager=manager)


@pytest.mark.parametrize("persona", ["officer_a", "sac", "pmo"])
def test_list_query_count_is_flat(
    client: Any, request: Any, persona: str, direction: Any, department_a: Any, manager: Any
) -> None:
    user = request.getfixturevalue(persona)
    login(client, user)
    client.get(LIST)  # warm caches that are per process (content types)
    _populate(1, direction, department_a, manager)
    expected = {"officer_a": 16, "sac": 16, "pmo": 14}[persona]
    with assert_num_queries(expected):
        assert client.get(LIST, {"per_page": 50}).status_code == 200
    _populate(49, direction, department_a, manager)
    with assert_num_queries(expected):
        response = client.get(LIST, {"per_page": 50})
    assert len(response.context["register"].rows) == 50
    with assert_num_queries(expected):
        client.get(
            LIST, {"per_page": 50, "q": "Проект", "stage": "execution", "sort": "-budget", "district": "1"}
        )


def test_filter_choices_are_loaded_once_per_page(
    client: Any, sac: Any, direction: Any, department_a: Any
) -> None:
    ProjectFactory(direction=direction, department=department_a)
    for i in range(5):
        DirectionFactory(number=20 + i)
        OrganizationFactory()
        DistrictFactory()
    UserFactory()
    login(client, sac)
    with assert_num_queries(16):
        client.get(LIST)
    with assert_num_queries(16):
        client.get(
            LIST,
            {
                "direction": direction.pk,
                "district": "999999",
                "sdg": "x",
                "program": "0",
                "department": department_a.pk,
            },
        )
