"""Text the portfolio generates is in the reader's language, and documents in the document's language: stored
titles and explanations (message keys), one notification per pack publication in the member's language, the pack
and the direction PDF rendered with translation.override(document language)."""

from __future__ import annotations

import datetime
import importlib
import re
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from monitoring.models import Indicator, Target
from pmis.core.jobs import job_create, job_run
from pmis.core.models import Job
from pmis.notifications.models import Notification
from portfolio import services
from portfolio.models import AgendaPack, Assignment, Submission
from tests.conftest import login
from tests.portfolio.factories import AgendaItemFactory, AssignmentFactory

pytestmark = pytest.mark.django_db


def _page(client: Any, user: Any, url: str, language: str) -> str:
    login(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).content.decode()


def test_a_rule_filed_submission_reads_in_each_readers_language(client, change, pmo):
    with translation.override("ru"):  # filed while a Russian reader clicked
        services.tolerance_scan()
    submission = Submission.objects.get()
    url = reverse("portfolio:submission", args=[submission.pk])
    body = _page(client, pmo, url, "en")
    assert "Change request 1: Перенос срока ввода на 4 месяца" in body
    assert "Over tolerance: schedule impact 120 days exceeds the tolerance of 30 days." in body
    assert "Запрос на изменение" not in body
    assert "Сверх допусков" not in body
    body = _page(client, pmo, url, "kk")
    assert "№ 1 өзгерту сұрауы: Перенос срока ввода на 4 месяца" in body
    assert "Рұқсат етілген шектен тыс:" in body


def test_the_english_pack_has_no_russian_in_generated_titles_and_units(project, meeting, pmo, department_a):
    late = AssignmentFactory(
        owner_organization=department_a,
        issued_by=pmo,
        project=project,
        title="Обновить график",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    with translation.override("ru"):
        assert services.carry_overdue_assignments(meeting=meeting) == 1
    ind = Indicator.objects.create(
        code="IND-U",
        name_ru="Поставлено автобусов",
        name_en="Buses delivered",
        unit="шт.",
        level=Indicator.Level.PROJECT,
        project=project,
        frequency="quarterly",
    )
    Target.objects.create(indicator=ind, year=2026, period=1, value=Decimal(10))
    packs = {p.language: p for p in services_pack_build(meeting, pmo)}
    english = packs["en"].html
    assert f"Overdue assignment: {late.title}" in english
    assert "Просроченное поручение" not in english
    assert "Hear the responsible person; set a new due date or take measures." in english
    assert "Buses delivered (pcs)" in english
    assert "(шт.)" not in english
    heading = re.search(r"<h2>1\. ([^<]*)</h2>", english)
    assert heading is not None
    assert heading.group(1) == f"Overdue assignment: {late.title}"  # only the typed title stays Russian
    assert "Мерзімі өткен тапсырма" in packs["kk"].html
    assert "(дана)" in packs["kk"].html


def services_pack_build(meeting: Any, actor: Any) -> list[AgendaPack]:
    from portfolio.pack import agenda_pack_build

    return agenda_pack_build(meeting=meeting, actor=actor)


def test_one_publication_gives_each_member_one_notification_in_their_language(
    project, meeting, pmo, committee
):
    AgendaItemFactory(meeting=meeting, project=project)
    committee.language = "kk"
    committee.save(update_fields=["language"])
    job = job_create(
        kind="portfolio.agenda_pack", requested_by=pmo, params={"meeting_id": meeting.pk}, target=meeting
    )
    assert job_run(job_id=job.pk).status == Job.Status.SUCCEEDED
    notes = list(Notification.objects.filter(recipient=committee))
    assert len(notes) == 1
    assert notes[0].url == AgendaPack.objects.get(meeting=meeting, language="kk").get_absolute_url()


def test_direction_pdf_renders_in_the_documents_language(coordinator, project, direction):
    with translation.override("ru"):
        job = job_create(
            kind="portfolio.direction_pdf",
            requested_by=coordinator,
            params={"direction_id": direction.pk},
            target=direction,
            language="kk",
        )
        job = job_run(job_id=job.pk)
        assert translation.get_language() == "ru"  # the reader's language is left alone
    assert job.status == Job.Status.SUCCEEDED, job.error
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", job.result_file.path, "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "RAG мәртебесі бойынша жобалар" in text  # the chart's title, drawn before the template renders
    assert "Проекты по статусу RAG" not in text


def test_the_migration_recovers_generated_titles_and_leaves_typed_ones():
    recover = importlib.import_module("portfolio.migrations.0005_generated_titles_from_text").recover
    assert recover("«Красный» два периода подряд: Показатель PRJ-1") == {
        "key": "Red for two consecutive periods: %(subject)s",
        "args": {"subject": "Показатель PRJ-1"},
    }
    assert recover("Запрос на изменение № 2: Перенос срока") == {
        "key": "Change request %(n)s: %(title)s",
        "args": {"n": "2", "title": "Перенос срока"},
    }
    assert recover("Overdue assignment: Шешімнің шарттарын орындау: Х") == {
        "key": "Overdue assignment: %(title)s",
        "args": {
            "title": {
                "t": "msg",
                "key": "Fulfil the conditions of the decision: %(title)s",
                "args": {"title": "Х"},
            }
        },
    }
    assert recover("Отставание по вводу выделенных полос") is None
    with translation.override("en"):
        row = Assignment(title="x", title_msg=recover("Выполнить условия решения: Обновить график"))
        assert row.display_title == "Fulfil the conditions of the decision: Обновить график"


def test_the_submission_page_has_unique_field_ids(client, project, pmo):
    from tests.portfolio.factories import SubmissionFactory

    submission = SubmissionFactory(project=project, status=Submission.Status.AT_PMO)
    body = _page(client, pmo, reverse("portfolio:submission", args=[submission.pk]), "ru")
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert "id_schedule-note" in ids
    assert "id_return-note" in ids
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
