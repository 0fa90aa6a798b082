"""Indicator management in the browser's terms: create at each level, edit, retire / reinstate, the targets grid,
the history tab, the list's filters, and the project card's Indicators tab."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from monitoring.models import Actual, Alert, Indicator, IndicatorRating, Target
from monitoring.services.ratings import compute_ratings
from projects.services.project import department_officer_add
from tests.conftest import assert_num_queries
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _officer_edits_department_projects(officer: Any, department_a: Any, client: Any) -> None:
    department_officer_add(user=officer, department=department_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = (
        "en"  # messages are matched in English (the catalogs carry ru/kk)
    )


def _data(**overrides: Any) -> dict[str, Any]:
    data = {
        "level": "strategic",
        "code": "S-NEW",
        "name_ru": "Доля жителей",
        "name_kk": "Тұрғындар үлесі",
        "name_en": "Share of residents",
        "unit": "%",
        "higher_is_better": "1",
        "baseline_value": "41.5",
        "baseline_date": "2024-12-31",
        "calculation_method": "Survey share",
        "source": "SAC survey",
        "frequency": "annual",
        "national_project_code": "",
        "project_code": "",
    }
    data.update(overrides)
    return data


def test_sac_creates_the_hierarchy_strategic_program_project(
    client: Any, login_as: Any, sac: Any, project: Any, department_a: Any, direction: Any
) -> None:
    login_as("sac")
    response = client.post(
        reverse("monitoring:indicator-create"),
        _data(responsible_organization=department_a.pk, responsible_person=sac.pk, is_cumulative="on"),
    )
    strategic = Indicator.objects.get(code="S-NEW")
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:indicator-targets", args=[strategic.pk])
    assert (strategic.baseline_value, strategic.is_cumulative, strategic.responsible_person) == (
        Decimal("41.5"),
        True,
        sac,
    )
    assert strategic.history.first().history_user == sac

    client.post(
        reverse("monitoring:indicator-create"),
        _data(
            level="program",
            code="P-NEW",
            parent=strategic.pk,
            direction=direction.pk,
            higher_is_better="0",
            national_project_code="NP-01",
            frequency="quarterly",
        ),
    )
    program = Indicator.objects.get(code="P-NEW")
    assert (program.parent, program.higher_is_better, program.national_project_code) == (
        strategic,
        False,
        "NP-01",
    )

    client.post(
        reverse("monitoring:indicator-create"),
        _data(
            level="project",
            code="PRJ-NEW-I1",
            parent=program.pk,
            project_code=project.code.lower(),
            frequency="quarterly",
        ),
    )
    child = Indicator.objects.get(code="PRJ-NEW-I1")
    assert child.project == project
    assert child.direction == project.direction  # a project indicator follows its project


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"level": "project"}, "project_code", "A project indicator needs its project."),
        ({"level": "project", "project_code": "NOPE-1"}, "project_code", "No project with this code"),
        ({"code": "s-01"}, "code", "already exists"),
        ({"unit": ""}, "unit", "This field is required."),
        ({"baseline_value": "abc"}, "baseline_value", "Enter a number."),
        ({"level": "program", "parent": "__program__"}, "parent", "The parent must be a higher level"),
    ],
)
def test_bad_input_is_explained_next_to_the_field(
    client: Any, login_as: Any, overrides: dict[str, Any], field: str, message: str
) -> None:
    other_program = IndicatorFactory(code="P-00", level="program")
    if overrides.get("parent") == "__program__":
        overrides["parent"] = other_program.pk
    login_as("sac")
    before = Indicator.objects.count()
    response = client.post(reverse("monitoring:indicator-create"), _data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert Indicator.objects.count() == before


def test_department_manages_only_its_projects_indicators(
    client: Any, login_as: Any, project: Any, direction: Any, department_b: Any
) -> None:
    foreign = ProjectFactory(direction=direction, department=department_b)
    login_as("officer")
    form = client.get(reverse("monitoring:indicator-create")).context["form"]
    assert [v for v, _label in form.fields["level"].choices] == ["project"]
    response = client.post(
        reverse("monitoring:indicator-create"), _data(level="project", code="X-1", project_code=foreign.code)
    )
    assert "No project with this code" in " ".join(response.context["form"].errors["project_code"])
    response = client.post(reverse("monitoring:indicator-create"), _data(level="strategic", code="X-2"))
    assert response.status_code == 200
    assert not Indicator.objects.filter(code="X-2").exists()
    url = reverse("monitoring:project-indicator-create", args=[project.pk])
    assert client.get(url).context["form"].initial["code"] == f"{project.code}-I1"
    response = client.post(url, _data(level="project", code=f"{project.code}-I1"))
    assert response.status_code == 302
    assert Indicator.objects.get(code=f"{project.code}-I1").project == project
    assert client.get(reverse("monitoring:project-indicator-create", args=[foreign.pk])).status_code == 403


def test_frequency_cannot_change_once_values_exist(client: Any, login_as: Any, indicator: Any) -> None:
    TargetFactory(indicator=indicator, period=3)
    login_as("sac")
    data = _data(
        level="project", code=indicator.code, project_code=indicator.project.code, frequency="annual"
    )
    response = client.post(reverse("monitoring:indicator-update", args=[indicator.pk]), data)
    assert "cannot change" in " ".join(response.context["form"].errors["frequency"])
    indicator.refresh_from_db()
    assert indicator.frequency == "quarterly"
    data["frequency"] = "quarterly"
    data["unit"] = "шт."
    assert client.post(reverse("monitoring:indicator-update", args=[indicator.pk]), data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.unit == "шт."


def test_targets_grid_saves_changes_and_removals_all_or_nothing(
    client: Any, login_as: Any, indicator: Any, manager: Any
) -> None:
    TargetFactory(indicator=indicator, year=2026, period=1, value=Decimal(100))
    TargetFactory(indicator=indicator, year=2026, period=2, value=Decimal(110))
    ActualFactory(
        indicator=indicator, year=2026, period=1, value=Decimal(90), status="verified", is_locked=True
    )
    login_as("manager")  # the project's manager edits its targets
    url = reverse("monitoring:indicator-targets", args=[indicator.pk]) + "?from=2026&to=2026"
    page = client.get(url)
    assert page.context["form"].fields["t-2026-1"].disabled  # closed period: locked
    # one bad cell: nothing is written, the error sits on that cell
    response = client.post(url, {"t-2026-2": "120", "t-2026-3": "abc", "t-2026-4": "140"})
    assert response.status_code == 200
    assert "t-2026-3" in response.context["form"].errors
    assert not Target.objects.filter(indicator=indicator, period=4).exists()
    response = client.post(url, {"t-2026-2": "", "t-2026-3": "130", "t-2026-4": "140", "t-2026-1": "1"})
    assert response.status_code == 302
    values = dict(Target.objects.filter(indicator=indicator).values_list("period", "value"))
    assert values == {1: Decimal(100), 3: Decimal(130), 4: Decimal(140)}  # locked Q1 untouched, Q2 removed
    log = client.get(reverse("monitoring:indicator-history", args=[indicator.pk])).context["log"]
    assert any(r.subject.endswith("2026-Q2") and r.action == "Deleted" for r in log)
    assert any(r.subject.endswith("2026-Q3") and r.action == "Created" and r.who == str(manager) for r in log)


def test_outsiders_cannot_edit_targets(client: Any, login_as: Any, indicator: Any) -> None:
    login_as("coordinator")
    url = reverse("monitoring:indicator-targets", args=[indicator.pk])
    assert client.get(url).context["can_edit"] is False
    assert client.post(url, {"t-2026-1": "5"}).status_code == 403
    assert client.get(reverse("monitoring:indicator-update", args=[indicator.pk])).status_code == 403


def test_retire_keeps_the_record_and_leaves_monitoring(client: Any, login_as: Any, indicator: Any) -> None:
    TargetFactory(indicator=indicator, value=Decimal(100))
    ActualFactory(indicator=indicator, value=Decimal(50), status="verified")
    compute_ratings(indicator_ids=[indicator.pk])
    now = datetime.datetime.now(datetime.UTC)
    Alert.objects.create(
        object_type="indicator",
        object_id=indicator.pk,
        year=2026,
        period=1,
        period_label="2026-Q1",
        severity="red",
        kind="indicator_lag",
        title="x",
        indicator=indicator,
        project=indicator.project,
        opened_at=now,
        lagging_since=now.date(),
    )
    login_as("sac")
    url = reverse("monitoring:indicator-retire", args=[indicator.pk])
    assert "reason" in client.post(url, {"reason": " "}).context["form"].errors
    assert client.post(url, {"reason": "Replaced by a better measure"}).status_code == 302
    indicator.refresh_from_db()
    assert indicator.retired_at is not None
    assert indicator.retirement_reason == "Replaced by a better measure"
    assert not Alert.objects.filter(indicator=indicator, closed_at__isnull=True).exists()
    compute_ratings(indicator_ids=[indicator.pk])
    assert IndicatorRating.objects.filter(indicator=indicator).exists()  # kept for the record
    assert not IndicatorRating.objects.filter(
        indicator=indicator, is_latest=True
    ).exists()  # but off the dashboards
    assert Actual.objects.filter(indicator=indicator).exists()
    # no new values, no new targets, hidden from the default list
    assert client.get(reverse("monitoring:actual-enter", args=[indicator.pk])).status_code == 403
    assert (
        client.get(reverse("monitoring:indicator-targets", args=[indicator.pk])).context["can_edit"] is False
    )
    assert indicator not in client.get(reverse("monitoring:indicators")).context["page"].object_list
    assert (
        indicator
        in client.get(reverse("monitoring:indicators") + "?state=retired").context["page"].object_list
    )
    assert client.post(reverse("monitoring:indicator-reinstate", args=[indicator.pk])).status_code == 302
    indicator.refresh_from_db()
    assert indicator.retired_at is None
    assert [h.history_change_reason for h in indicator.history.order_by("history_date")][-2:] == [
        "retired",
        "reinstated",
    ]


def test_an_indicator_with_active_children_cannot_retire(client: Any, login_as: Any) -> None:
    parent = IndicatorFactory(level="program", code="P-1")
    IndicatorFactory(level="project", parent=parent)
    login_as("pmo")
    response = client.post(reverse("monitoring:indicator-retire", args=[parent.pk]), {"reason": "old"})
    assert response.status_code == 200
    assert "contribute to this one" in " ".join(response.context["form"].non_field_errors())


def test_list_filters_search_and_empty_state(client: Any, login_as: Any, project: Any) -> None:
    IndicatorFactory(code="S-9", level="strategic", frequency="annual", name_en="Liveability")
    IndicatorFactory(code="NP-9", level="program", national_project_code="NP-KS-01")
    IndicatorFactory(code="PR-9", project=project, frequency="monthly")
    login_as("officer")
    url = reverse("monitoring:indicators")

    def codes(query: str) -> list[str]:
        return [i.code for i in client.get(url + query).context["page"].object_list]

    assert "S-9" in codes("?level=strategic")
    assert "PR-9" not in codes("?level=strategic")
    assert codes("?frequency=monthly") == ["PR-9"]
    assert codes("?national=1") == ["NP-9"]
    assert "S-9" in codes("?q=liveab")
    assert "PR-9" not in codes("?q=liveab")
    body = client.get(url + "?q=zzz").content.decode()
    assert "No indicator matches these filters." in body


def test_project_card_indicators_tab(client: Any, login_as: Any, project: Any, indicator: Any) -> None:
    TargetFactory(indicator=indicator, year=2026, period=1, value=Decimal(100))
    TargetFactory(indicator=indicator, year=2026, period=2, value=Decimal(100))
    ActualFactory(indicator=indicator, year=2026, period=1, value=Decimal(97), status="verified")
    ActualFactory(indicator=indicator, year=2026, period=2, value=Decimal(80), status="submitted")
    compute_ratings(indicator_ids=[indicator.pk])
    login_as("officer")
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    tab_url = reverse("monitoring:project-indicators", args=[project.pk])
    assert tab_url in detail  # the card shows the tab
    response = client.get(tab_url)
    assert response.status_code == 200
    ind = response.context["indicators"][0]
    assert ind.latest["label"] == "2026-Q1"
    assert ind.latest["actual"].value == Decimal(97)
    assert ind.latest["rating"].rag == "green"
    assert ind.latest["rating"].policy_version >= 1
    assert [w["label"] for w in ind.waiting] == ["2026-Q2"]  # the draft is apart from the official figure
    assert ind.waiting[0]["rating"].rag == "red"
    assert ind.can_enter
    assert ind.can_manage
    body = response.content.decode()
    assert "<svg" in body
    assert reverse("monitoring:actual-enter", args=[indicator.pk]) in body
    assert 'data-tab="indicators"' in body
    assert "97.0%" in body.replace("\u00a0", "")


def test_card_tab_empty_state_and_read_only_view(client: Any, login_as: Any, project: Any) -> None:
    login_as("coordinator")
    response = client.get(reverse("monitoring:project-indicators", args=[project.pk]))
    body = response.content.decode()
    assert 'data-testid="indicators-empty"' in body
    assert 'data-testid="indicator-add"' not in body


def test_confidential_project_tab_is_404_for_outsiders(
    client: Any, login_as: Any, direction: Any, department_b: Any
) -> None:
    secret = ProjectFactory(direction=direction, department=department_b, is_confidential=True)
    login_as("officer")
    assert client.get(reverse("monitoring:project-indicators", args=[secret.pk])).status_code == 404
    assert client.get(reverse("monitoring:project-indicator-create", args=[secret.pk])).status_code == 404
    login_as("outsider_officer")
    assert client.get(reverse("monitoring:project-indicators", args=[secret.pk])).status_code == 200


def _grow(project: Any, n: int) -> None:
    for _i in range(n):
        ind = IndicatorFactory(project=project, responsible_organization=project.department)
        for q in (1, 2):
            TargetFactory(indicator=ind, period=q, value=Decimal(100))
        ActualFactory(indicator=ind, period=1, value=Decimal(90), status="verified")
        ActualFactory(indicator=ind, period=2, value=Decimal(80), status="submitted")
    compute_ratings()


@pytest.mark.parametrize("persona", ["officer", "sac"])
def test_card_tab_queries_do_not_grow(client: Any, login_as: Any, project: Any, persona: str) -> None:
    _grow(project, 1)
    login_as(persona)
    url = reverse("monitoring:project-indicators", args=[project.pk])
    client.get(url)
    with assert_num_queries(EXPECTED_TAB[persona]):
        assert client.get(url).status_code == 200
    _grow(project, 8)
    with assert_num_queries(EXPECTED_TAB[persona]):
        assert client.get(url).status_code == 200


EXPECTED_TAB = {"officer": 16, "sac": 14}


@pytest.mark.parametrize(("name", "expected"), [("indicator-targets", 10), ("indicator-history", 8)])
def test_indicator_pages_queries_do_not_grow(
    client: Any, login_as: Any, indicator: Any, name: str, expected: int
) -> None:
    login_as("sac")
    url = reverse(f"monitoring:{name}", args=[indicator.pk])
    TargetFactory(indicator=indicator, period=1)
    client.get(url)
    with assert_num_queries(expected):
        client.get(url)
    for q in (2, 3, 4):
        TargetFactory(indicator=indicator, period=q)
        ActualFactory(indicator=indicator, period=q, value=Decimal(50))
    with assert_num_queries(expected):
        client.get(url)


def test_targets_and_history_export_to_excel(client: Any, login_as: Any, indicator: Any) -> None:
    TargetFactory(indicator=indicator, year=2026, period=2, value=Decimal(110))
    login_as("coordinator")
    for name in ("monitoring:indicator-targets", "monitoring:indicator-history"):
        response = client.get(reverse(name, args=[indicator.pk]) + "?export=xlsx")
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), name
