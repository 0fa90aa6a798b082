"""Portfolio pages never show a confidential project's code, title or amounts to a reader who may not open it
(DESIGN.md §4): the direction workspace, the city heat map, the Committee's agenda (meeting, item, pack HTML and
PDF), the queue and the submission lists. The Committee and the Project Office read everything."""

from __future__ import annotations

import datetime
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from monitoring.services.scan import run_scan
from pmis.core.jobs import job_create, job_run
from portfolio.models import AgendaPack, Submission
from tests.factories import UserFactory
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory
from tests.portfolio.factories import AgendaItemFactory, SubmissionFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CODE, TITLE = "PRJ-SECRET-01", "Секретная реконструкция подстанции"


@pytest.fixture
def secret(direction: Any, department_a: Any, manager: Any) -> Any:
    """A confidential project of the transport direction with a Red indicator."""
    project = ProjectFactory(
        code=CODE,
        title_ru=TITLE,
        summary_ru="Совершенно секретное описание",
        direction=direction,
        department=department_a,
        manager=manager,
        is_confidential=True,
        total_budget_plan=Decimal("777000000"),
    )
    ind = IndicatorFactory(project=project, code="SECRET-IND", name_ru="Секретный показатель")
    TargetFactory(indicator=ind, value=Decimal(100))
    ActualFactory(indicator=ind, value=Decimal(10))
    run_scan(today=datetime.date(2026, 6, 15))
    return project


@pytest.fixture
def stranger(other_direction: Any) -> Any:
    """A coordinator of another direction: reads Steering Committee meetings, may not open the project."""
    from pmis.accounts import roles

    user = UserFactory(username="stranger", roles=[roles.BDIG_COORDINATOR])
    other_direction.coordinators.add(user)
    return user


@pytest.fixture
def secret_item(secret: Any, meeting: Any, manager: Any) -> Any:
    submission = SubmissionFactory(
        project=secret,
        kind=Submission.Kind.STATUS_EXCEPTION,
        status=Submission.Status.SCHEDULED,
        submitted_by=manager,
        title=f"Отставание {CODE}",
        request="Секретная просьба",
    )
    return AgendaItemFactory(
        meeting=meeting, project=secret, submission=submission, title=f"Отставание {CODE}"
    )


def _html(client: Any, user: Any, url: str) -> tuple[int, str]:
    from tests.conftest import login

    login(client, user)
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_direction_page_lists_lagging_indicators_only_for_those_who_may_see_them(
    client, secret, direction, outsider_officer, pmo
):
    url = reverse("portfolio:direction", args=[direction.pk])
    status, body = _html(client, outsider_officer, url)
    assert status == 200
    assert "SECRET-IND" not in body
    assert CODE not in body
    status, body = _html(client, pmo, url)
    assert "SECRET-IND" in body


def test_city_heat_map_counts_no_hidden_indicator(client, secret, direction, stranger, pmo):
    def lag_cell(user: Any) -> dict[str, Any]:
        from tests.conftest import login

        login(client, user)
        rows = client.get(reverse("portfolio:city")).context["rows"]
        row = next(r for r in rows if r["direction"].pk == direction.pk)
        return next(c for c in row["cells"] if c["key"] == "indicators")

    assert lag_cell(stranger)["value"] is None  # the only rated indicator is hidden from this reader
    assert lag_cell(pmo)["value"] == 100.0


def test_agenda_item_about_a_confidential_project_is_redacted_for_others(
    client, secret_item, meeting, stranger, committee
):
    status, body = _html(client, stranger, reverse("portfolio:meeting", args=[meeting.pk]))
    assert status == 200
    assert CODE not in body
    assert 'data-testid="redacted-item"' in body
    assert _html(client, stranger, reverse("portfolio:item", args=[secret_item.pk]))[0] == 404
    status, body = _html(client, committee, reverse("portfolio:item", args=[secret_item.pk]))
    assert status == 200
    assert "Секретная просьба" in body


def test_published_pack_html_and_pdf_have_a_public_edition(
    client, secret_item, meeting, pmo, stranger, committee
):
    job = job_create(
        kind="portfolio.agenda_pack", requested_by=pmo, params={"meeting_id": meeting.pk}, target=meeting
    )
    job = job_run(job_id=job.pk)
    assert job.status == job.Status.SUCCEEDED, job.error
    pack = AgendaPack.objects.get(meeting=meeting, language="ru")
    for secret_text in (CODE, TITLE, "Совершенно секретное описание", "Секретная просьба"):
        assert secret_text in pack.html
        assert secret_text not in pack.redacted_html
    status, body = _html(client, stranger, pack.get_absolute_url())
    assert status == 200
    assert CODE not in body
    assert "Совершенно секретное описание" not in body
    pdf = b"".join(client.get(reverse("portfolio:pack-download", args=[pack.pk])).streaming_content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    assert CODE not in text.decode()
    assert "конфиденциальному проекту" in text.decode()
    status, body = _html(client, committee, pack.get_absolute_url())
    assert "Совершенно секретное описание" in body
    pdf = b"".join(client.get(reverse("portfolio:pack-download", args=[pack.pk])).streaming_content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    assert CODE in text.decode()


def test_cross_sectoral_submission_lists_hide_a_confidential_project(
    client, secret, manager, other_direction, stranger
):
    submission = SubmissionFactory(
        project=secret, kind=Submission.Kind.ISSUE, submitted_by=manager, title=f"Межотраслевой {CODE}"
    )
    submission.other_directions.add(other_direction)  # involves the stranger's direction
    for name in ("portfolio:queue", "portfolio:submissions"):
        status, body = _html(client, stranger, reverse(name))
        assert status == 200
        assert CODE not in body
    assert _html(client, stranger, reverse("portfolio:submission", args=[submission.pk]))[0] == 404
    status, body = _html(client, stranger, reverse("portfolio:direction", args=[other_direction.pk]))
    assert CODE not in body


def test_a_pack_published_before_public_editions_is_not_shown_to_a_stranger(
    client, secret_item, meeting, stranger, committee
):
    pack = AgendaPack.objects.create(
        meeting=meeting, version=1, language="ru", html=f"<p>{CODE}</p>", snapshot={"order": [secret_item.pk]}
    )
    assert _html(client, stranger, pack.get_absolute_url())[0] == 404
    assert client.get(reverse("portfolio:pack-download", args=[pack.pk])).status_code == 404
    status, body = _html(client, committee, pack.get_absolute_url())
    assert (status, CODE in body) == (200, True)
