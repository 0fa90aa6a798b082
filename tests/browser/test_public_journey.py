"""The public side end to end ("Done means" of the public-side issue): a citizen on a phone finds a project in
Kazakh, reads its progress and asks a question; the Project Office moderates it, which routes it to the project's
department with a deadline on the working-day calendar; the department answers; the citizen reads the answer on
the tracking page and under the question on the project's page (the anonymous page cache emptied by the answer).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from pmis.accounts import roles
from pmis.core import portal
from projects.models import ProjectIssue
from projects.services.project import department_officer_add
from surveys.models import Feedback
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from tests.projects.factories import MilestoneFactory
from tests.surveys.factories_feedback import published_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Аялдама қашан ашылады? Балалар мектепке жаяу барады."
ANSWER = "Аялдама қараша айының соңында ашылады; уақытша аялдама 50 метр жерде."


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="kk-KZ")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def desk(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_citizen_asks_the_office_routes_the_department_answers(
    phone: Any, desk: Any, live_server: Any, screenshot: Any
) -> None:
    department = OrganizationFactory(code="dep-roads", name_ru="Управление дорог")
    officer = UserFactory(username="roads", organization=department, roles=[roles.DEPARTMENT_OFFICER])
    department_officer_add(user=officer, department=department)
    pmo = UserFactory(username="office", roles=[roles.PMO_STAFF])
    project = published_project(department=department, title_kk="Инклюзивті аялдамалар")
    today = timezone.localdate()
    MilestoneFactory(project=project, planned_date=today, actual_date=today)
    MilestoneFactory(project=project, planned_date=today + datetime.timedelta(days=90))

    # the citizen finds the project in Kazakh and reads its progress
    phone.goto(f"{live_server.url}/kk/projects/?q=аялдамалар")
    assert phone.locator("html").get_attribute("lang") == "kk"
    phone.get_by_role("link", name="Инклюзивті аялдамалар").first.click()
    phone.wait_for_url(f"**/kk/projects/{project.code}/")
    assert "50" in phone.locator("[data-testid=project-progress]").inner_text()  # 1 of 2 milestones, no plan
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 375
    screenshot(phone, "project")

    # asks a question
    phone.locator("[data-testid=ask-question]").click()
    phone.wait_for_url(f"**/kk/projects/{project.code}/feedback/")
    phone.locator("#id_kind_0").check()
    phone.fill("#id_text", QUESTION)
    phone.locator("#id_consent").check()
    with phone.expect_navigation():
        phone.locator("form button[type=submit]").click()
    feedback = Feedback.objects.get()
    assert feedback.status == Feedback.Status.PENDING
    tracking = phone.url
    assert f"/kk/feedback/{feedback.reference}/" in tracking

    # the Project Office moderates: published, routed to the department with a deadline
    sign_in(desk, live_server, pmo.username, PASSWORD)
    desk.goto(f"{live_server.url}/surveys/feedback/{feedback.pk}/")
    desk.locator("[data-testid=moderate-form] input[value=accept]").check()
    desk.select_option("#id_theme", "schedule")
    with desk.expect_navigation():
        desk.locator("[data-testid=moderate-form] button[type=submit]").click()
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ROUTED
    assert feedback.department_id == department.pk
    assert feedback.due_date == portal.add_working_days(today, 15)
    assert ProjectIssue.objects.filter(project=project, pk=feedback.issue_id).exists()

    # the department answers (a fresh browser session: signed in as the department's officer)
    desk.context.clear_cookies()
    sign_in(desk, live_server, officer.username, PASSWORD)
    desk.goto(f"{live_server.url}/surveys/feedback/{feedback.pk}/")
    desk.fill("[data-testid=answer-form] textarea", ANSWER)
    with desk.expect_navigation():
        desk.locator("[data-testid=answer-form] button[type=submit]").click()
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED
    screenshot(desk, "answered")

    # the citizen reads the answer where they asked, and on the project's page
    phone.goto(tracking)
    assert ANSWER in phone.locator("[data-testid=feedback-answer]").inner_text()
    phone.goto(f"{live_server.url}/kk/projects/{project.code}/")
    answered = phone.locator("[data-testid=answered-feedback]").inner_text()
    assert QUESTION in answered
    assert ANSWER in answered
    screenshot(phone, "answer-on-project")
