"""More behaviour through the views: the direction PDF job, htmx fragments, the committee desk, home panels,
meetings a coordinator may run, tolerance rules, votes and the pack job started from the page."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from pmis.core.models import Job
from pmis.core.portal import panels_for
from portfolio.models import AgendaPack, Meeting, Submission, ToleranceRule, Vote
from tests.conftest import login
from tests.portfolio.factories import AgendaItemFactory, AssignmentFactory, MeetingFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def test_direction_pdf_job_is_one_page(
    client, coordinator, project, direction, django_capture_on_commit_callbacks
):
    login(client, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portfolio:direction-pdf", args=[direction.pk]))
    assert response.status_code == 302
    job = Job.objects.get(kind="portfolio.direction_pdf")
    assert job.status == Job.Status.SUCCEEDED, job.error
    # poppler's pdfinfo is a test dependency (README): a missing one fails here rather than passing silently
    assert shutil.which("pdfinfo"), "pdfinfo (poppler-utils) is required by the test suite"
    info = subprocess.run(
        ["pdfinfo", job.result_file.path], capture_output=True, text=True, check=True
    ).stdout
    pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
    assert pages == "1"


def test_pack_publish_from_the_page_runs_the_job(
    client, pmo, meeting, project, django_capture_on_commit_callbacks
):
    AgendaItemFactory(meeting=meeting, project=project)
    login(client, pmo)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portfolio:pack-publish", args=[meeting.pk]))
    job = Job.objects.get(kind="portfolio.agenda_pack")
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.SUCCEEDED, job.error
    # one publication: the pack in every language, one version number
    assert sorted(AgendaPack.objects.values_list("language", "version")) == [("en", 1), ("kk", 1), ("ru", 1)]


def test_list_answers_htmx_with_the_table_fragment(client, pmo, project):
    SubmissionFactory(project=project, status=Submission.Status.AT_PMO, title="Фрагмент")
    login(client, pmo)
    response = client.get(reverse("portfolio:queue"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="submission-table"' in body
    assert "Фрагмент" in body
    assert "<html" not in body


def test_committee_desk_lists_items_awaiting_my_vote(client, committee, meeting, project):
    waiting = AgendaItemFactory(meeting=meeting, project=project, title="Ждёт голоса")
    voted = AgendaItemFactory(meeting=meeting, project=project, title="Уже проголосовал")
    Vote.objects.create(item=voted, member=committee, choice="for")
    AssignmentFactory(
        meeting=meeting,
        title="Поручение Комитета",
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    login(client, committee)
    body = client.get(reverse("portfolio:committee")).content.decode()
    assert waiting.title in body
    assert voted.title not in body
    assert "Поручение Комитета" in body


def test_vote_through_the_page(client, committee, meeting, project):
    item = AgendaItemFactory(meeting=meeting, project=project)
    login(client, committee)
    response = client.post(
        reverse("portfolio:item-vote", args=[item.pk]), {"choice": "against", "comment": "Рано"}
    )
    assert response.status_code == 302
    assert Vote.objects.get(item=item, member=committee).choice == "against"


def test_home_panels_for_coordinator_committee_and_owner(coordinator, committee, manager, project, meeting):
    SubmissionFactory(project=project, title="На экран")
    AssignmentFactory(owner_organization=manager.organization, owner_person=manager, title="Моё поручение")
    assert any(p.key == "portfolio-queue" and p.count == 1 for p in panels_for(coordinator))
    assert any(p.key == "portfolio-meetings" and p.items for p in panels_for(committee))
    assert any(
        p.key == "portfolio-assignments" and p.items[0].text == "Моё поручение" for p in panels_for(manager)
    )


def test_coordinator_runs_only_their_directions_meetings(
    client, coordinator, direction, other_direction, pmo
):
    login(client, coordinator)
    data = {
        "kind": "steering",
        "title": "Самовольное заседание",
        "starts_at": "2026-12-20T10:00",
        "quorum": 1,
    }
    assert (
        client.post(reverse("portfolio:meeting-create"), data).status_code == 200
    )  # steering is not a choice
    data.update(kind="direction", direction=other_direction.pk)
    assert client.post(reverse("portfolio:meeting-create"), data).status_code == 200
    assert not Meeting.objects.exists()
    data.update(direction=direction.pk, title="Совещание направления")
    assert client.post(reverse("portfolio:meeting-create"), data).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.kind == Meeting.Kind.DIRECTION
    assert client.get(reverse("portfolio:meeting-update", args=[meeting.pk])).status_code == 200
    other = MeetingFactory(kind=Meeting.Kind.DIRECTION, direction=other_direction)
    assert client.get(reverse("portfolio:meeting", args=[other.pk])).status_code == 404


def test_tolerance_rules_page(client, pmo, direction):
    login(client, pmo)
    response = client.post(
        reverse("portfolio:tolerance"),
        {"direction": direction.pk, "schedule_days": 45, "budget_percent": "5", "is_active": "on"},
    )
    assert response.status_code == 302
    rule = ToleranceRule.objects.get()
    assert rule.schedule_days == 45
    response = client.post(
        reverse("portfolio:tolerance-edit", args=[rule.pk]),
        {"direction": direction.pk, "schedule_days": -1, "budget_percent": "5"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
