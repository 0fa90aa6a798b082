"""IDOR: department A cannot edit department B's project; a confidential project is unreachable from outside."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pmis.core.models import Job
from projects.permissions import can_edit_project, editable_ids, projects_visible_to
from tests.conftest import login
from tests.projects.factories import DocumentFactory, ProjectFactory, project_form_data

pytestmark = pytest.mark.django_db


def test_officer_of_department_a_cannot_edit_department_b_project(
    client: Any, officer_a: Any, project_b: Any
) -> None:
    login(client, officer_a)
    assert client.get(reverse("projects:detail", args=[project_b.pk])).status_code == 200
    assert client.get(reverse("projects:update", args=[project_b.pk])).status_code == 403
    response = client.post(reverse("projects:update", args=[project_b.pk]), project_form_data(project_b))
    assert response.status_code == 403
    project_b.refresh_from_db()
    assert project_b.title_ru == "Проект управления Б"
    for name in ("passport-draft", "stage-advance", "document-upload", "member-add"):
        assert client.post(reverse(f"projects:{name}", args=[project_b.pk])).status_code == 403, name


def test_officer_of_department_a_edits_own_department_project(
    client: Any, officer_a: Any, project_a: Any
) -> None:
    login(client, officer_a)
    response = client.post(reverse("projects:update", args=[project_a.pk]), project_form_data(project_a))
    assert response.status_code == 302
    project_a.refresh_from_db()
    assert project_a.title_ru == "Взломанный заголовок"
    assert "Взломанный" in project_a.search_document


@pytest.mark.parametrize("persona", ["outsider_officer", "sac", "expert", "expertise_head", "auditor"])
def test_confidential_project_is_404_for_outsiders(
    client: Any, request: pytest.FixtureRequest, persona: str, confidential_project: Any, officer_b: Any
) -> None:
    user = request.getfixturevalue(persona)
    login(client, user)
    document = DocumentFactory(project=confidential_project)
    pk = confidential_project.pk
    for name in (
        "detail",
        "passport",
        "plan",
        "budget",
        "risks",
        "changes",
        "reports",
        "documents",
        "team",
        "history",
        "update",
        "gate-record",
    ):
        assert client.get(reverse(f"projects:{name}", args=[pk])).status_code == 404, name
    for what in ("risks", "issues"):
        assert client.post(reverse("projects:risks-export", args=[pk]), {"what": what}).status_code == 404
    assert client.get(reverse("projects:document-download", args=[pk, document.pk])).status_code == 404
    assert client.post(reverse("projects:card-pdf", args=[pk])).status_code == 404
    assert not Job.objects.filter(requested_by=user).exists()
    assert not projects_visible_to(user).filter(pk=pk).exists()


@pytest.mark.parametrize(
    "persona", ["officer_a", "manager", "coordinator", "direction_head", "pmo", "committee", "admin"]
)
def test_confidential_project_is_visible_to_its_circle(
    client: Any, request: pytest.FixtureRequest, persona: str, confidential_project: Any
) -> None:
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("projects:detail", args=[confidential_project.pk])).status_code == 200


def test_team_member_and_curator_see_confidential_project(
    confidential_project: Any, sac: Any, expert: Any
) -> None:
    from projects.services.project import project_member_add

    project_member_add(project=confidential_project, user=sac, role="observer", actor=None)
    confidential_project.curator = expert
    confidential_project.save(update_fields=["curator"])
    assert projects_visible_to(sac).filter(pk=confidential_project.pk).exists()
    assert projects_visible_to(expert).filter(pk=confidential_project.pk).exists()
    assert not can_edit_project(sac, confidential_project)  # observers read only


def test_confidential_job_is_refused_when_access_is_lost(confidential_project: Any, manager: Any) -> None:
    from pmis.core.jobs import job_run
    from pmis.core.models import Job

    job = Job.objects.create(
        kind="projects.card_pdf", requested_by=manager, params={"project_id": confidential_project.pk}
    )
    confidential_project.manager = None
    confidential_project.save(update_fields=["manager"])
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.FAILED
    assert not job.result_file


def test_visible_to_is_one_query_and_lists_do_not_leak(
    officer_b: Any, project_a: Any, confidential_project: Any, django_assert_num_queries: Any
) -> None:
    officer_b.groups.all()  # warm nothing; roles are cached on first use
    with django_assert_num_queries(2):  # roles + the projects
        ids = set(projects_visible_to(officer_b).values_list("pk", flat=True))
    assert project_a.pk in ids
    assert confidential_project.pk not in ids


def test_editable_ids_uses_one_permission_prefetch(
    officer_a: Any, department_a: Any, department_b: Any, direction: Any, django_assert_num_queries: Any
) -> None:
    mine = ProjectFactory.create_batch(3, department=department_a, direction=direction)
    theirs = ProjectFactory.create_batch(3, department=department_b, direction=direction)
    officer_a = type(officer_a).objects.get(pk=officer_a.pk)
    # the global permission check (user + group permissions), then user and group object permissions
    with django_assert_num_queries(4):
        ids = editable_ids(officer_a, mine + theirs)
    assert ids == {p.pk for p in mine}
    more = ProjectFactory.create_batch(10, department=department_a, direction=direction)
    officer_a = type(officer_a).objects.get(pk=officer_a.pk)
    with django_assert_num_queries(4):
        ids = editable_ids(officer_a, mine + theirs + more)
    assert ids == {p.pk for p in mine + more}
