"""One governance cycle in a real browser: the coordinator forwards a change request over tolerance; the
Project Office checks it and schedules it on a Steering Committee meeting; the secretary records "approved with
conditions"; the project's baseline changes and an assignment appears for its department; the agenda pack PDF
downloads and its text contains the project and the decision."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation

from portfolio import services
from portfolio.models import AgendaItem, Assignment, Attendance, Submission, Vote
from projects.models import Baseline, ChangeRequest
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD
from tests.portfolio.factories import MeetingFactory
from tests.projects.factories import BudgetLineFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, username, PASSWORD)


def test_change_request_from_screening_to_decision_and_pack(
    browser_page: Any,
    live_server: Any,
    coordinator: Any,
    pmo: Any,
    committee: Any,
    manager: Any,
    officer: Any,
    department_a: Any,
    direction: Any,
    tmp_path: Path,
    screenshot: Any,
) -> None:
    page = browser_page
    project = ProjectFactory(
        direction=direction,
        department=department_a,
        manager=manager,
        title_ru="Строительство развязки на Аль-Фараби",
        total_budget_plan=Decimal("5000000000"),
    )
    BudgetLineFactory(project=project, year=2026, plan=Decimal("3000000000"), disbursed=Decimal("900000000"))
    change = ChangeRequest.objects.create(
        project=project,
        number=1,
        title="Перенос ввода на 5 месяцев",
        justification="Задержка отчуждения земель",
        schedule_impact_days=150,
        status=ChangeRequest.Status.SUBMITTED,
        submitted_by=manager,
        submitted_at=timezone.now(),
    )
    submission = services.submission_create(
        project=project,
        actor=manager,
        kind=Submission.Kind.CHANGE_REQUEST,
        title="Перенос срока развязки",
        request="Просим перенести срок ввода",
        change_request=change,
    )
    meeting = MeetingFactory(secretary=pmo, title="Заседание Проектного комитета", number="7")
    Attendance.objects.create(meeting=meeting, user=committee, role=Attendance.Role.MEMBER, present=True)
    baselines_before = Baseline.objects.filter(project=project).count()

    # the coordinator forwards it with a screening note
    _switch(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/portfolio/queue/")
    with page.expect_navigation():
        page.click(f"text={submission.title}")
    page.check("input[name=action][value=forward]")
    page.fill("textarea[name=note]", "Обоснование достаточно, рекомендую к рассмотрению")
    with page.expect_navigation():
        page.click("[data-testid=screen-submit]")
    screenshot(page, "forwarded")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.AT_PMO

    # the Project Office checks it and places it on the meeting's agenda
    _switch(page, live_server, "pmo")
    page.goto(f"{live_server.url}/portfolio/submissions/{submission.pk}/")
    page.select_option("select[name=meeting]", str(meeting.pk))
    page.fill(
        "form[action$='/schedule/'] textarea[name=note]",
        "Комплектность проверена, межотраслевых вопросов нет",
    )
    page.fill("form[action$='/schedule/'] textarea[name=draft_decision]", "Одобрить перенос срока")
    with page.expect_navigation():
        page.click("[data-testid=schedule-submit]")
    assert page.url.rstrip("/").endswith(f"/meetings/{meeting.pk}")
    item = AgendaItem.objects.get(submission=submission)
    assert item.title in page.inner_text("[data-testid=agenda]")

    # the Committee member votes for it
    _switch(page, live_server, "committee")
    page.goto(f"{live_server.url}/portfolio/items/{item.pk}/")
    page.check("input[name=choice][value=for]")
    with page.expect_navigation():
        page.click("form[action$='/vote/'] button[type=submit]")
    assert Vote.objects.get(item=item).choice == "for"

    # the meeting takes place; the secretary records it as held, then the decision "approved with conditions"
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=1)
    meeting.save(update_fields=["starts_at"])
    _switch(page, live_server, "pmo")
    page.goto(f"{live_server.url}/portfolio/items/{item.pk}/")
    assert page.locator("[data-testid=decide-later]").is_visible()
    page.goto(f"{live_server.url}/portfolio/meetings/{meeting.pk}/")
    with page.expect_navigation():
        page.click("form[action$='/held/'] button[type=submit]")
    meeting.refresh_from_db()
    assert meeting.status == meeting.Status.HELD
    page.goto(f"{live_server.url}/portfolio/items/{item.pk}/")
    page.select_option("select[name=decision]", "approved_with_conditions")
    page.fill("textarea[name=conditions]", "Представить обновлённый график отчуждения земель")
    with page.expect_navigation():
        page.click("[data-testid=decide-submit]")
    screenshot(page, "decided")
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED
    assert Baseline.objects.filter(project=project).count() == baselines_before + 1
    assignment = Assignment.objects.get(item=item)
    assert assignment.owner_organization == department_a

    # the department sees the assignment
    _switch(page, live_server, "officer")
    page.goto(f"{live_server.url}/portfolio/assignments/?mine=1")
    assert assignment.title in page.inner_text("[data-testid=assignment-table]")

    # the Project Office publishes the agenda pack; its PDF downloads
    _switch(page, live_server, "pmo")
    page.goto(f"{live_server.url}/portfolio/meetings/{meeting.pk}/")
    # one publication compiles the pack in ru, kk and en; the job runs inside the request here (eager Celery)
    with page.expect_navigation(timeout=120_000):
        page.click("[data-testid=publish-pack]", timeout=120_000)
    page.goto(f"{live_server.url}/portfolio/meetings/{meeting.pk}/")
    with page.expect_navigation():
        page.click("[data-testid=packs] a:has-text('(ru)')")  # the Russian one of the three languages
    screenshot(page, "pack")
    assert project.code in page.inner_text("article.agenda-pack")
    with page.expect_download() as download_info:
        page.click("[data-testid=pack-pdf]")
    pdf_path = tmp_path / "pack.pdf"
    download_info.value.save_as(str(pdf_path))
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is required by the test suite"
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert project.code in text
    assert "Строительство развязки на Аль-Фараби" in text
    assert "обновлённый график отчуждения земель" in text
    with translation.override("ru"):
        assert str(AgendaItem.Decision.APPROVED_WITH_CONDITIONS.label) in text


def test_manager_submits_a_gate_decision_from_the_project_card(
    browser_page: Any,
    live_server: Any,
    manager: Any,
    coordinator: Any,
    department_a: Any,
    direction: Any,
    screenshot: Any,
) -> None:
    """The card's "Submit to the Steering Committee" opens the form with the project filled in; the submission
    lands in the direction coordinator's queue."""
    page = browser_page
    project = ProjectFactory(
        direction=direction,
        department=department_a,
        manager=manager,
        stage="initiation",
        title_ru="Обновление троллейбусного парка",
    )
    _switch(page, live_server, "manager")
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    with page.expect_navigation():
        page.click("[data-testid=card-submit-committee]")
    assert page.input_value("input[name=project_code]") == project.code
    page.select_option("select[name=kind]", Submission.Kind.GATE)
    page.select_option("select[name=gate]", "gate_1")
    page.fill("input[name=title]", "Утверждение проекта")
    page.fill("textarea[name=request]", "Просим утвердить паспорт и перейти к планированию")
    with page.expect_navigation():
        page.click("form.col-lg-8 button[type=submit]")
    screenshot(page, "submitted-from-card")
    submission = Submission.objects.get(project=project)
    assert (submission.kind, submission.gate, submission.status) == (
        Submission.Kind.GATE,
        "gate_1",
        Submission.Status.AT_COORDINATOR,
    )
    _switch(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/portfolio/queue/")
    assert "Утверждение проекта" in page.inner_text("main")
