"""Citizen feedback inside PMIS: the queue's filters, counts and flat query count, moderation and the answer
through the pages, the e-mail shown to the Project Office only, statistics figures, the Excel export (formula
safe, no e-mail), the department's list and the home panels."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from pmis.core.portal import panels_for
from surveys.models import Feedback
from tests.conftest import assert_num_queries
from tests.surveys.factories_feedback import make_feedback, published_project

pytestmark = pytest.mark.django_db

QUEUE_QUERIES = 8  # session, user, roles, departments filter, queue page, count, status counts, nav


@pytest.fixture
def project(department_a: Any, manager: Any, officer: Any) -> Any:
    return published_project(department=department_a, manager=manager)


def test_queue_filters_and_counts(client: Any, pmo: Any, project: Any) -> None:
    pending = make_feedback(project)
    routed = make_feedback(
        project, status=Feedback.Status.ROUTED, due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    make_feedback(project, status=Feedback.Status.ANSWERED, kind=Feedback.Kind.COMPLAINT)
    client.force_login(pmo)
    url = reverse("surveys:feedback-list")
    html = client.get(url).content.decode()
    assert pending.reference in html
    assert routed.reference in html
    assert "Overdue</a>" not in html  # the label is text, the count a link
    counts = client.get(url).context["counts"]
    assert counts["pending"] == 1
    assert counts["routed"] == 1
    assert counts["answered"] == 1
    assert counts["overdue"] == 1
    rows = client.get(url, {"overdue": "1"}).context["rows"]
    assert [r.pk for r in rows] == [routed.pk]
    rows = client.get(url, {"kind": "complaint"}).context["rows"]
    assert [r.kind for r in rows] == ["complaint"]
    rows = client.get(url, {"q": pending.reference[-6:]}).context["rows"]
    assert [r.pk for r in rows] == [pending.pk]
    rows = client.get(url, {"department": str(project.department_id), "status": "routed"}).context["rows"]
    assert [r.pk for r in rows] == [routed.pk]
    # what waits for moderation comes first
    assert client.get(url).context["rows"][0].pk == pending.pk


def test_queue_query_count_is_flat(client: Any, pmo: Any, project: Any) -> None:
    for _ in range(2):
        make_feedback(project)
    client.force_login(pmo)
    url = reverse("surveys:feedback-list")
    client.get(url)  # warm the per-request caches (roles, sessions)
    with assert_num_queries(QUEUE_QUERIES):
        client.get(url)
    other = published_project()
    for _ in range(10):
        make_feedback(other, status=Feedback.Status.ROUTED)
    with assert_num_queries(QUEUE_QUERIES):
        client.get(url)


def test_moderation_through_the_page(client: Any, pmo: Any, project: Any) -> None:
    feedback = make_feedback(
        project, text="My phone is 8 701 123 45 67, the fence is broken.", email="me@example.kz"
    )
    client.force_login(pmo)
    page = client.get(reverse("surveys:feedback-detail", args=[feedback.pk]))
    html = page.content.decode()
    assert "me@example.kz" in html
    assert 'data-testid="personal-flag"' in html
    assert "8 701 123" not in page.context["moderate_form"].initial["public_text"]
    bad = client.post(
        reverse("surveys:feedback-moderate", args=[feedback.pk]), {"decision": "accept", "theme": ""}
    )
    assert bad.status_code == 400
    assert "Choose a theme" in bad.content.decode()
    response = client.post(
        reverse("surveys:feedback-moderate", args=[feedback.pk]),
        {
            "decision": "accept",
            "theme": "safety",
            "public_text": page.context["moderate_form"].initial["public_text"],
        },
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ROUTED
    assert feedback.theme == "safety"


def test_reject_through_the_page(client: Any, pmo: Any, project: Any) -> None:
    feedback = make_feedback(project)
    client.force_login(pmo)
    bad = client.post(reverse("surveys:feedback-moderate", args=[feedback.pk]), {"decision": "reject"})
    assert bad.status_code == 400
    client.post(
        reverse("surveys:feedback-moderate", args=[feedback.pk]), {"decision": "reject", "reason": "spam"}
    )
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.REJECTED
    assert feedback.reject_reason == "spam"


def test_department_answers_and_the_answer_is_public(
    client: Any, officer: Any, project: Any, department_a: Any, direction_head: Any
) -> None:
    from projects.services.project import department_officer_add

    department_officer_add(user=officer, department=department_a)  # an editor of the department's projects
    feedback = make_feedback(project, status=Feedback.Status.ROUTED, email="me@example.kz")
    client.force_login(officer)
    page = client.get(reverse("surveys:feedback-detail", args=[feedback.pk])).content.decode()
    assert "me@example.kz" not in page  # the e-mail is the Project Office's only
    assert 'data-testid="answer-form"' in page
    mine = client.get(reverse("surveys:feedback-mine")).content.decode()
    assert feedback.reference in mine
    client.force_login(direction_head)  # reads the department's messages, edits no project: no answer
    assert (
        client.post(reverse("surveys:feedback-answer", args=[feedback.pk]), {"answer": "x" * 20}).status_code
        == 403
    )
    client.force_login(officer)
    response = client.post(
        reverse("surveys:feedback-answer", args=[feedback.pk]), {"answer": "Repaired by Friday."}
    )
    assert response.status_code == 302
    client.logout()
    public = client.get(f"/ru/feedback/{feedback.reference}/").content.decode()
    assert "Repaired by Friday." in public


def test_stats_figures(client: Any, pmo: Any, project: Any, department_a: Any) -> None:
    now = timezone.now()
    today = timezone.localdate()
    # answered in 2 days, on time; answered in 4 days, late; one routed and overdue
    on_time = make_feedback(
        project,
        status=Feedback.Status.ANSWERED,
        theme="quality",
        due_date=today,
        answered_at=now - datetime.timedelta(days=1),
    )
    Feedback.objects.filter(pk=on_time.pk).update(created_at=now - datetime.timedelta(days=3))
    late = make_feedback(
        project,
        status=Feedback.Status.ANSWERED,
        theme="quality",
        due_date=today - datetime.timedelta(days=5),
        answered_at=now,
    )
    Feedback.objects.filter(pk=late.pk).update(created_at=now - datetime.timedelta(days=4))
    make_feedback(project, status=Feedback.Status.ROUTED, due_date=today - datetime.timedelta(days=1))
    make_feedback(project, kind=Feedback.Kind.SUGGESTION)
    client.force_login(pmo)
    response = client.get(reverse("surveys:feedback-stats"))
    stats = response.context["stats"]
    assert stats.total == 4
    assert dict(stats.by_kind)["Question"] == 3
    assert dict(stats.by_kind)["Suggestion"] == 1
    assert dict(stats.by_theme)["Quality of work"] == 2
    assert stats.answered == 2
    assert stats.on_time == 1
    assert stats.median_days == 3.0
    [row] = stats.departments
    assert (row.answered, row.on_time, row.on_time_share, row.open_overdue) == (2, 1, 50, 1)
    assert 'id="feedback-stats-data"' in response.content.decode()


def test_export_is_formula_safe_and_has_no_email(client: Any, pmo: Any, project: Any) -> None:
    make_feedback(project, text='=HYPERLINK("http://evil") call 8 701 123 45 67', email="me@example.kz")
    client.force_login(pmo)
    response = client.get(reverse("surveys:feedback-export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any("me@example.kz" in v for v in values)
    text = [v for v in values if "HYPERLINK" in v][0]
    assert text.startswith("'=")
    assert "8 701 123" not in text


def test_home_panels(pmo: Any, officer: Any, project: Any) -> None:
    make_feedback(project)
    make_feedback(project, status=Feedback.Status.ROUTED)
    assert "surveys-feedback-moderation" in [p.key for p in panels_for(pmo)]
    keys = [p.key for p in panels_for(officer)]
    assert "surveys-feedback-due" in keys
    assert "surveys-feedback-moderation" not in keys


def test_section_nav_offers_feedback_to_the_project_office(client: Any, pmo: Any, sac: Any) -> None:
    from pmis.core.portal import section_nav_for

    assert "feedback" in [i.key for i in section_nav_for(pmo, "surveys")]
    assert "feedback" not in [i.key for i in section_nav_for(sac, "surveys")]


def test_detail_links_the_issue_log_for_readers_of_the_project(client: Any, pmo: Any, project: Any) -> None:
    from surveys.services import feedback as services

    feedback = make_feedback(project)
    services.feedback_accept(feedback=feedback, actor=pmo, theme="safety", public_text=feedback.text)
    client.force_login(pmo)
    html = client.get(reverse("surveys:feedback-detail", args=[feedback.pk])).content.decode()
    assert reverse("projects:risks", args=[project.pk]) in html
