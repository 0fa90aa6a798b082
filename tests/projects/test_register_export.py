"""Excel export of the register: exactly the filtered, visible rows, formulas neutralised, as a job."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from pmis.core.jobs import job_create, job_run
from pmis.core.models import Job
from projects.models import Project
from tests.conftest import assert_num_queries, login
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _run_export(user: Any, query: str) -> Job:
    job = job_create(
        kind="projects.register_export", requested_by=user, params={"query": query}, language="en"
    )
    return job_run(job_id=job.pk)


def _sheet(job: Job) -> list[tuple[Any, ...]]:
    with job.result_file.open("rb") as handle:
        workbook = openpyxl.load_workbook(io.BytesIO(handle.read()))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def test_export_button_queues_a_job_with_the_clean_query(
    client: Any, sac: Any, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, sac)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("projects:export"), {"query": "stage=execution&page=4&csrfmiddlewaretoken=x&q=мост"}
        )
    job = Job.objects.get(kind="projects.register_export")
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.requested_by == sac
    assert job.params == {"query": "q=%D0%BC%D0%BE%D1%81%D1%82&stage=execution"}


def test_export_equals_the_filtered_rows_and_neutralises_formulas(
    sac: Any, direction: Any, department_a: Any, manager: Any
) -> None:
    wanted = [
        ProjectFactory(
            direction=direction,
            department=department_a,
            manager=manager,
            stage=Project.Stage.PLANNING,
            title_ru='=HYPERLINK("http://evil","x")',
            title_en="",
            total_budget_plan=Decimal("1500000.50"),
        ),
        ProjectFactory(
            direction=direction,
            department=department_a,
            stage=Project.Stage.PLANNING,
            title_ru="+SUM(A1)",
            title_en="",
        ),
    ]
    ProjectFactory(
        direction=direction, department=department_a, stage=Project.Stage.EXECUTION, title_ru="Другой"
    )
    job = _run_export(sac, "stage=planning&sort=code")
    assert job.status == Job.Status.SUCCEEDED, job.error
    rows = _sheet(job)
    assert rows[0][0] == "Code"
    assert [r[0] for r in rows[1:]] == sorted(p.code for p in wanted)
    titles = {r[1] for r in rows[1:]}
    assert titles == {'\'=HYPERLINK("http://evil","x")', "'+SUM(A1)"}
    first = next(r for r in rows[1:] if r[0] == wanted[0].code)
    assert first[5] == "Planning"
    assert Decimal(str(first[13])) == Decimal("1500000.5")
    assert first[14] == "No"
    assert job.result == {"rows": 2}


def test_confidential_project_is_not_exported_for_an_outsider(
    officer_a: Any, sac: Any, confidential_project: Any, project_b: Any
) -> None:
    outsider_rows = _sheet(_run_export(sac, ""))
    assert [r[0] for r in outsider_rows[1:]] == [project_b.code]
    team_rows = _sheet(_run_export(officer_a, ""))
    assert {r[0] for r in team_rows[1:]} == {project_b.code, confidential_project.code}


def test_export_of_nothing_fails_with_a_message(sac: Any) -> None:
    job = _run_export(sac, "q=несуществующее")
    assert job.status == Job.Status.FAILED
    assert "nothing to export" in job.error


def test_export_queries_do_not_grow(sac: Any, direction: Any, department_a: Any, manager: Any) -> None:
    ProjectFactory(direction=direction, department=department_a, manager=manager, grant=False)
    job = job_create(kind="projects.register_export", requested_by=sac, params={"query": ""})
    with assert_num_queries(16):
        job_run(job_id=job.pk)
    ProjectFactory.create_batch(
        30, direction=direction, department=department_a, manager=manager, grant=False
    )
    job = job_create(kind="projects.register_export", requested_by=sac, params={"query": ""})
    with assert_num_queries(16):
        job_run(job_id=job.pk)
