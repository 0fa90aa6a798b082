"""Pages: exact, flat query counts with one and many rows; Excel exports of what is shown; bad input never 500."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from portfolio.models import Assignment, Attendance, Submission
from tests.conftest import assert_num_queries, login
from tests.portfolio.factories import AgendaItemFactory, AssignmentFactory, MeetingFactory, SubmissionFactory
from tests.projects.factories import BudgetLineFactory, MilestoneFactory, ProjectFactory, RiskFactory

pytestmark = pytest.mark.django_db


def _grow(direction: Any, department: Any, manager: Any, meeting: Any, n: int) -> None:
    """n more projects of the direction, each with a budget line, a milestone, a risk, a submission on the
    agenda, a vote-less item and an overdue assignment."""
    today = timezone.localdate()
    for _ in range(n):
        p = ProjectFactory(direction=direction, department=department, manager=manager, rag="red")
        BudgetLineFactory(project=p, year=today.year, plan=Decimal(100), disbursed=Decimal(10))
        MilestoneFactory(project=p, planned_date=today + datetime.timedelta(days=10))
        RiskFactory(project=p, probability=5, impact=3)
        s = SubmissionFactory(project=p, submitted_by=manager, status=Submission.Status.SCHEDULED)
        AgendaItemFactory(meeting=meeting, project=p, submission=s)
        AssignmentFactory(
            owner_organization=department,
            owner_person=manager,
            project=p,
            direction=direction,
            meeting=meeting,
            due_date=today - datetime.timedelta(days=2),
        )


PAGES = [
    # (persona, url name, args from (direction, meeting, first submission, first assignment, first item), queries)
    ("coordinator", "portfolio:direction", lambda d, m, s, a, i: [d.pk], 19),
    ("pmo", "portfolio:city", lambda d, m, s, a, i: [], 11),
    ("coordinator", "portfolio:queue", lambda d, m, s, a, i: [], 8),
    ("pmo", "portfolio:submissions", lambda d, m, s, a, i: [], 7),
    ("pmo", "portfolio:meetings", lambda d, m, s, a, i: [], 6),
    ("pmo", "portfolio:meeting", lambda d, m, s, a, i: [m.pk], 11),
    ("committee", "portfolio:item", lambda d, m, s, a, i: [i.pk], 11),
    ("pmo", "portfolio:submission", lambda d, m, s, a, i: [s.pk], 10),
    ("manager", "portfolio:assignments", lambda d, m, s, a, i: [], 8),
    ("pmo", "portfolio:assignment-stats", lambda d, m, s, a, i: [], 6),
    ("manager", "portfolio:assignment", lambda d, m, s, a, i: [a.pk], 9),
    ("committee", "portfolio:committee", lambda d, m, s, a, i: [], 9),
]


@pytest.mark.parametrize(("persona", "name", "args", "queries"), PAGES, ids=[p[1] for p in PAGES])
def test_page_queries_are_flat(
    client,
    request,
    persona,
    name,
    args,
    queries,
    direction,
    department_a,
    manager,
    coordinator,
    pmo,
    committee,
):
    meeting = MeetingFactory(secretary=pmo)
    Attendance.objects.create(meeting=meeting, user=committee, role=Attendance.Role.MEMBER, present=True)
    _grow(direction, department_a, manager, meeting, 1)
    first_sub = Submission.objects.order_by("pk").first()
    first_assignment = Assignment.objects.order_by("pk").first()
    first_item = meeting.items.order_by("pk").first()
    url = reverse(name, args=args(direction, meeting, first_sub, first_assignment, first_item))
    login(client, request.getfixturevalue(persona))
    client.get(url)  # warm caches (content types, sessions)
    with assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _grow(direction, department_a, manager, meeting, 6)
    with assert_num_queries(queries):
        assert client.get(url).status_code == 200


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_exports_contain_what_is_shown(client, direction, department_a, manager, pmo, coordinator, committee):
    meeting = MeetingFactory(secretary=pmo, title='=HYPERLINK("x")')
    _grow(direction, department_a, manager, meeting, 2)
    login(client, pmo)
    rows = _sheet(client.get(reverse("portfolio:submissions") + "?status=scheduled&export=xlsx"))
    assert len(rows) == 3
    rows = _sheet(client.get(reverse("portfolio:meetings") + "?export=xlsx"))
    assert rows[1][1].startswith("'=")  # formulas neutralised
    rows = _sheet(client.get(reverse("portfolio:assignments") + "?overdue=1&export=xlsx"))
    assert len(rows) == 3
    rows = _sheet(client.get(reverse("portfolio:city") + "?export=xlsx"))
    assert any(r[0].startswith(f"{direction.number}.") and r[1] == 2 for r in rows[1:])
    rows = _sheet(client.get(reverse("portfolio:direction", args=[direction.pk]) + "?export=xlsx"))
    assert any(r[0] == gettext("Top risks") for r in rows)
    rows = _sheet(client.get(reverse("portfolio:assignment-stats") + "?export=xlsx"))
    assert any(r[1] == department_a.name_ru and r[2] == 2 for r in rows[1:])


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=99999",
        "?status=zzz&kind=%00",
        "?direction=1;drop",
        "?sort=-evil",
        "?q=" + "x" * 5000,
        "?overdue=yes",
    ],
)
def test_bad_query_parameters_never_fail(client, pmo, query):
    login(client, pmo)
    for name in ("portfolio:queue", "portfolio:submissions", "portfolio:meetings", "portfolio:assignments"):
        assert client.get(reverse(name) + query).status_code == 200


def test_bad_forms_show_errors_next_to_fields(client, project, change, manager, coordinator, pmo, meeting):
    login(client, manager)
    response = client.post(
        reverse("portfolio:submission-create"),
        {"project_code": "NOPE", "kind": "change_request", "title": "x", "request": "y"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    response = client.post(
        reverse("portfolio:submission-create"),
        {
            "project_code": project.code,
            "kind": "change_request",
            "title": "Перенос",
            "request": "Просим",
            "change_request_number": change.number,
        },
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    login(client, coordinator)
    response = client.post(
        reverse("portfolio:submission-screen", args=[submission.pk]), {"action": "forward", "note": ""}
    )
    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.status == Submission.Status.AT_COORDINATOR
    login(client, pmo)
    response = client.post(
        reverse("portfolio:meeting-create"),
        {"kind": "direction", "title": "Совещание", "starts_at": "2026-12-01T10:00", "quorum": 1},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["direction"]  # the one missing field, marked next to it
    select = re.search(r'<select[^>]*name="direction"[^>]*>', response.content.decode())
    assert select is not None
    assert 'aria-invalid="true"' in select.group(0)


def test_outsider_cannot_submit_for_another_departments_project(client, project, outsider_officer):
    login(client, outsider_officer)
    response = client.post(
        reverse("portfolio:submission-create"),
        {"project_code": project.code, "kind": "status_exception", "title": "x", "request": "y"},
    )
    assert response.status_code == 200
    assert not Submission.objects.exists()


def test_coordinator_sees_only_their_directions_queue(
    client, project, coordinator, other_direction, department_b
):
    mine = SubmissionFactory(project=project)
    other = SubmissionFactory(project=ProjectFactory(direction=other_direction, department=department_b))
    login(client, coordinator)
    body = client.get(reverse("portfolio:queue")).content.decode()
    assert mine.title in body
    assert other.title not in body
    assert client.get(reverse("portfolio:submission", args=[other.pk])).status_code == 404
