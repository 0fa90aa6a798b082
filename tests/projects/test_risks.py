"""Risks and issues: score, the 5×5 matrix with links to the filtered list, filters, search, sort, export."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pmis.core.jobs import job_create, job_run
from pmis.core.models import Job
from projects.models import Risk
from projects.selectors.delivery import risk_matrix
from projects.views import registers
from tests.conftest import assert_num_queries, login
from tests.projects.factories import ProjectIssueFactory, RiskFactory

pytestmark = pytest.mark.django_db


def test_risk_score_is_probability_times_impact(client: Any, project_a: Any, manager: Any) -> None:
    login(client, manager)
    response = client.post(
        reverse("projects:risk-create", args=[project_a.pk]),
        {"title": "Рост цен", "probability": "4", "impact": "5", "status": "open"},
    )
    assert response.status_code == 302
    risk = project_a.risks.get()
    assert risk.score == 20
    client.post(
        reverse("projects:risk-update", args=[project_a.pk, risk.pk]),
        {"title": "Рост цен", "probability": "2", "impact": "5", "status": "mitigating"},
    )
    risk.refresh_from_db()
    assert (risk.score, risk.status) == (10, "mitigating")
    assert risk.history.count() == 2


def test_out_of_range_probability_is_a_field_error(client: Any, project_a: Any, manager: Any) -> None:
    login(client, manager)
    response = client.post(
        reverse("projects:risk-create", args=[project_a.pk]),
        {"title": "X", "probability": "7", "impact": "0", "status": "open"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"probability", "impact"}


def test_matrix_counts_open_risks_per_cell(project_a: Any) -> None:
    RiskFactory.create_batch(2, project=project_a, probability=5, impact=1)
    RiskFactory(project=project_a, probability=3, impact=4)
    RiskFactory(project=project_a, probability=3, impact=4, status=Risk.Status.CLOSED)
    matrix = risk_matrix(project_a)
    assert [row["probability"] for row in matrix] == [5, 4, 3, 2, 1]
    cells = {(row["probability"], c["impact"]): c["count"] for row in matrix for c in row["cells"]}
    assert cells[(5, 1)] == 2
    assert cells[(3, 4)] == 1
    assert sum(cells.values()) == 3


def test_matrix_cell_links_to_the_filtered_list(client: Any, project_a: Any, manager: Any) -> None:
    RiskFactory(project=project_a, probability=3, impact=4, title="Нужный")
    RiskFactory(project=project_a, probability=2, impact=2, title="Другой")
    login(client, manager)
    page = client.get(reverse("projects:risks", args=[project_a.pk])).content.decode()
    assert "?probability=3&amp;impact=4&amp;status=active#risk-list" in page
    response = client.get(
        reverse("projects:risks", args=[project_a.pk]), {"probability": 3, "impact": 4, "status": "active"}
    )
    titles = [r.title for r in response.context["risks"].rows]
    assert titles == ["Нужный"]


def test_filters_search_sort_and_bad_input(client: Any, project_a: Any, manager: Any) -> None:
    RiskFactory(project=project_a, title="Подрядчик", probability=1, impact=1)
    RiskFactory(project=project_a, title="Погода", probability=5, impact=5, description="ливни")
    login(client, manager)
    url = reverse("projects:risks", args=[project_a.pk])
    assert [r.title for r in client.get(url, {"q": "ливни"}).context["risks"].rows] == ["Погода"]
    assert [r.title for r in client.get(url, {"sort": "-score"}).context["risks"].rows] == [
        "Подрядчик",
        "Погода",
    ]
    response = client.get(
        url, {"probability": "abc", "impact": "99", "sort": "drop table", "page": "x", "owner": "-1"}
    )
    assert response.status_code == 200
    assert len(response.context["risks"].rows) == 2


def test_htmx_filter_returns_only_the_list(client: Any, project_a: Any, manager: Any) -> None:
    RiskFactory(project=project_a)
    login(client, manager)
    response = client.get(
        reverse("projects:risks", args=[project_a.pk]),
        {"q": "Риск"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="risk-list",
    )
    html = response.content.decode()
    assert html.strip().startswith('<div id="risk-list">')
    assert "risk-matrix" not in html


def _export(client: Any, project: Any, what: str, query: str = "") -> Any:
    return client.post(reverse("projects:risks-export", args=[project.pk]), {"what": what, "query": query})


def test_export_is_what_the_filter_shows(client: Any, project_a: Any, manager: Any) -> None:
    RiskFactory(project=project_a, title="=HYPERLINK(1)", probability=5, impact=5)
    RiskFactory(project=project_a, title="Малый", probability=1, impact=1)
    login(client, manager)
    page = client.get(reverse("projects:risks", args=[project_a.pk]), {"probability": 5})
    assert 'name="query" value="probability=5&amp;sort=score"' in page.content.decode()
    response = _export(client, project_a, "risks", "probability=5")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="{project_a.code}-risks.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][3] == 25


def test_issue_create_and_export(client: Any, project_a: Any, manager: Any) -> None:
    login(client, manager)
    response = client.post(
        reverse("projects:issue-create", args=[project_a.pk]),
        {"title": "Нет доступа к участку", "severity": "high", "status": "open"},
    )
    assert response.status_code == 302
    response = _export(client, project_a, "issues", "i_severity=high")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Нет доступа к участку"


def test_large_export_runs_as_a_job_with_every_row(
    client: Any,
    project_a: Any,
    manager: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Beyond the inline size the export is a job (progress, download from the job page); no row is cut."""
    monkeypatch.setattr(registers, "INLINE_EXPORT_ROWS", 3)
    RiskFactory.create_batch(5, project=project_a, probability=4, impact=2)
    RiskFactory(project=project_a, probability=1, impact=1)
    login(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = _export(client, project_a, "risks", "probability=4")
    job = Job.objects.get(kind="projects.register_item_export")
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()  # dispatched on commit; Celery runs eagerly in the tests
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result == {"rows": 5}
    with job.result_file.open("rb") as handle:
        rows = list(openpyxl.load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert len(rows) == 6
    assert {r[3] for r in rows[1:]} == {8}


def test_export_of_nothing_or_of_an_unknown_list_is_a_message(
    client: Any, project_a: Any, manager: Any
) -> None:
    login(client, manager)
    response = _export(client, project_a, "risks", "probability=5")
    assert response.status_code == 302
    assert response["Location"].endswith("?probability=5")
    response = _export(client, project_a, "budgets")
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("risks or issues" in m or "риски или проблемы" in m for m in messages)
    assert not Job.objects.exists()


def test_confidential_project_export_is_404_outside(
    client: Any, confidential_project: Any, officer_b: Any, manager: Any
) -> None:
    RiskFactory(project=confidential_project)
    login(client, officer_b)
    assert _export(client, confidential_project, "risks").status_code == 404
    login(client, manager)
    assert _export(client, confidential_project, "risks").status_code == 200


def test_export_job_rechecks_access(project_b: Any, confidential_project: Any, officer_b: Any) -> None:
    RiskFactory(project=confidential_project)
    job = job_create(
        kind="projects.register_item_export",
        requested_by=officer_b,
        params={"project_id": confidential_project.pk, "what": "risks", "query": ""},
    )
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.FAILED
    assert not job.result_file


@pytest.mark.parametrize("rows", [1, 50])
def test_risks_tab_queries_do_not_grow(client: Any, project_a: Any, manager: Any, rows: int) -> None:
    RiskFactory.create_batch(rows, project=project_a, owner=manager)
    ProjectIssueFactory.create_batch(rows, project=project_a, owner=manager)
    login(client, manager)
    client.get(reverse("projects:risks", args=[project_a.pk]))
    with assert_num_queries(15):
        response = client.get(reverse("projects:risks", args=[project_a.pk]))
    assert len(response.context["risks"].rows) == min(rows, 25)
