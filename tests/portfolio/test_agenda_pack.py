"""The agenda pack: a job compiles a versioned PDF (ru/kk/en) and the same body as HTML; republishing lists changes."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest
from django.utils import translation

from monitoring.models import Actual, Indicator, Target
from pmis.core.jobs import job_create, job_run
from pmis.core.models import Job
from pmis.notifications.models import Notification
from portfolio import services
from portfolio.models import AgendaPack, Submission
from portfolio.pack import pack_changes, pack_items
from tests.conftest import assert_num_queries, login
from tests.portfolio.factories import AgendaItemFactory, SubmissionFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True, timeout=60
    ).stdout.decode()


@pytest.fixture
def agenda(project, manager, meeting, expert):
    Indicator.objects.create(
        code="IND-1",
        name_ru="Доля готовности",
        unit="%",
        level=Indicator.Level.PROJECT,
        project=project,
        frequency="quarterly",
    )
    ind = Indicator.objects.get(code="IND-1")
    Target.objects.create(indicator=ind, year=2026, period=1, value=Decimal(25))
    Actual.objects.create(
        indicator=ind, year=2026, period=1, value=Decimal(20), status=Actual.Status.VERIFIED
    )
    submission = SubmissionFactory(
        project=project,
        kind=Submission.Kind.CHANGE_REQUEST,
        status=Submission.Status.SCHEDULED,
        submitted_by=manager,
        request="Перенести срок ввода",
        screening_note="Поддерживаю перенос",
        draft_decision="Одобрить перенос срока",
    )
    item = AgendaItemFactory(
        meeting=meeting,
        project=project,
        submission=submission,
        title="Перенос срока проспекта",
        presenter=manager,
    )
    services.opinion_record(item=item, expert=expert, recommendation="support", text="Риск обоснован")
    return item


def _publish(meeting, pmo, language="ru") -> Job:
    job = job_create(
        kind="portfolio.agenda_pack",
        requested_by=pmo,
        params={"meeting_id": meeting.pk, "language": language},
        target=meeting,
        language=language,
    )
    return job_run(job_id=job.pk)


def test_pack_pdf_has_cover_agenda_and_brief(agenda, meeting, pmo, committee, project):
    job = _publish(meeting, pmo)
    assert job.status == Job.Status.SUCCEEDED, job.error
    pack = AgendaPack.objects.get(meeting=meeting, language="ru")
    assert pack.version == 1
    assert pack.changes == []
    text = _pdf_text(pack.file.read())
    for expected in (
        project.code,
        "Реконструкция проспекта Абая",
        "Поддерживаю перенос",
        "Одобрить перенос срока",
        "Риск обоснован",
        "Рост стоимости материалов",
        "Проектная документация",
        "IND-1",
    ):
        assert expected in text, expected
    assert "<svg" in pack.html  # the indicator chart, drawn on the server
    assert Notification.objects.filter(recipient=committee, url=pack.get_absolute_url()).exists()


def test_pack_in_kazakh_and_english(agenda, meeting, pmo):
    job = _publish(meeting, pmo, "kk")  # one publication compiles every language
    assert job.status == Job.Status.SUCCEEDED, job.error
    # rendered in the pack's language (the platform's own strings are already in the kk catalog)
    assert "Алматы қ. Жобалық кеңсесі" in AgendaPack.objects.get(language="kk").html
    assert "Agenda" in AgendaPack.objects.get(language="en").html


def test_republishing_makes_a_new_version_listing_changes(agenda, meeting, pmo, project):
    _publish(meeting, pmo)
    AgendaItemFactory(meeting=meeting, project=project, title="Новый вопрос")
    agenda.draft_decision = "Одобрить с условиями"
    agenda.save(update_fields=["draft_decision"])
    _publish(meeting, pmo)
    second = AgendaPack.objects.get(meeting=meeting, version=2, language="ru")
    assert any("Новый вопрос" in c for c in second.changes)
    assert any("Перенос срока проспекта" in c for c in second.changes)
    assert "Новый вопрос" in second.html


def test_pack_changes_for_removed_items():
    before = {"items": {"1": {"title": "A", "hash": "x"}}, "order": [1], "meeting": "m"}
    after = {"items": {}, "order": [], "meeting": "m"}
    with translation.override("en"):
        assert pack_changes(before, after) == ["Item removed: A"]


def test_empty_agenda_fails_with_a_message(meeting, pmo):
    job = _publish(meeting, pmo)
    assert job.status == Job.Status.FAILED
    assert job.error


def test_brief_queries_do_not_grow_with_items(meeting, project, direction, department_a):
    AgendaItemFactory(meeting=meeting, project=project)
    with assert_num_queries(6):
        pack_items(meeting)
    for _ in range(5):
        AgendaItemFactory(
            meeting=meeting, project=ProjectFactory(direction=direction, department=department_a)
        )
    with assert_num_queries(6):
        pack_items(meeting)


def test_pack_page_and_download(client, agenda, meeting, pmo, committee):
    _publish(meeting, pmo)
    pack = AgendaPack.objects.get(language="ru")
    login(client, committee)
    page = client.get(pack.get_absolute_url())
    assert page.status_code == 200
    assert "Поддерживаю перенос" in page.content.decode()
    pdf = client.get(f"{pack.get_absolute_url()}pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
