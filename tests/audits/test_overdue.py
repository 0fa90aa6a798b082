"""Overdue follow-up: each overdue open action notifies its owner and its department's head at most once a day
(message key + arguments, read in each recipient's language); an overdue critical finding (an overdue action or
an overdue response) is escalated once, and portfolio files it into the Steering Committee review queue once,
however often the task and the sweep run. The Project Office's home panel lists those findings."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from audits.models import Audit, CorrectiveAction, Finding
from audits.services import findings as services
from audits.tasks import overdue_follow_up_task
from pmis.accounts import roles
from pmis.core.texts import render
from pmis.notifications.models import Notification
from portfolio.models import Submission
from portfolio.services import audit_findings_take, portfolio_sweep
from tests.audits.factories import ActionFactory, FindingFactory
from tests.audits.factories_findings import audit_for, audit_tab_placeholders  # noqa: F401
from tests.conftest import login
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Audit.Status
DAY = datetime.date(2026, 12, 20)
KEY = "Corrective action of audit %(audit)s is overdue (due %(due)s)"


def _overdue_action(manager: Any, auditor: Any, owner: Any, *, severity: str = "major") -> CorrectiveAction:
    audit = audit_for(manager=manager, lead=auditor, status=S.ISSUED)
    finding = FindingFactory(audit=audit, number=1, severity=severity)
    return ActionFactory(finding=finding, owner=owner, due_date=datetime.date(2026, 12, 15))


def test_an_overdue_action_notifies_its_owner_and_the_department_head_once_a_day(
    auditor: Any, manager: Any, officer: Any, direction_head: Any
) -> None:
    action = _overdue_action(manager, auditor, officer)
    ActionFactory(finding=action.finding, owner=manager, due_date=DAY)  # due today: not overdue yet
    result = services.overdue_follow_up(today=DAY)
    assert (result["overdue_actions"], result["notices"]) == (1, 2)
    notes = Notification.objects.filter(title_msg__key=KEY)
    assert sorted(n.recipient.username for n in notes) == sorted([officer.username, direction_head.username])
    stored = notes.first()
    assert stored is not None
    assert stored.title_msg["args"]["due"] == {"t": "date", "v": "2026-12-15"}
    assert stored.body_msg["args"]["severity"]["key"] == "Major"  # a translated label, rendered per reader
    with translation.override("en"):
        assert (
            render(stored.title_msg)
            == f"Corrective action of audit {action.finding.audit.number} is overdue (due 15.12.2026)"
        )
    with translation.override("ru"):
        assert "15.12.2026" in render(stored.title_msg)
    action.refresh_from_db()
    assert action.last_overdue_notice == DAY
    assert action.history.first().last_overdue_notice == DAY  # type: ignore[union-attr]
    assert services.overdue_follow_up(today=DAY)["notices"] == 0  # the same day: nothing more
    assert Notification.objects.filter(title_msg__key=KEY).count() == 2
    # the next day: again, and the second action (due yesterday) is now overdue too
    assert services.overdue_follow_up(today=DAY + datetime.timedelta(days=1))["notices"] == 4
    assert Notification.objects.filter(title_msg__key=KEY).count() == 6


def test_a_department_without_a_head_is_answered_for_by_its_officers(auditor: Any) -> None:
    department = OrganizationFactory(code="department-c")
    manager = UserFactory(username="manager-c", organization=department, roles=[roles.PROJECT_MANAGER])
    officer = UserFactory(username="officer-c", organization=department, roles=[roles.DEPARTMENT_OFFICER])
    action = _overdue_action(manager, auditor, manager)
    services.overdue_follow_up(today=DAY)
    recipients = set(Notification.objects.filter(title_msg__key=KEY).values_list("recipient_id", flat=True))
    assert recipients == {action.owner_id, officer.pk}


def test_done_verified_and_cancelled_actions_are_not_chased(auditor: Any, manager: Any, officer: Any) -> None:
    action = _overdue_action(manager, auditor, officer)
    CorrectiveAction.objects.filter(pk=action.pk).update(status=CorrectiveAction.Status.DONE)
    assert services.overdue_follow_up(today=DAY)["overdue_actions"] == 0
    CorrectiveAction.objects.filter(pk=action.pk).update(status=CorrectiveAction.Status.OPEN)
    Audit.objects.filter(pk=action.finding.audit_id).update(status=S.CANCELLED)
    assert services.overdue_follow_up(today=DAY)["overdue_actions"] == 0


def test_an_overdue_critical_finding_enters_the_review_queue_once(
    client: Any, auditor: Any, manager: Any, officer: Any, coordinator: Any, direction: Any
) -> None:
    action = _overdue_action(manager, auditor, officer, severity="critical")
    project = action.finding.audit.project
    project.direction = direction
    project.save(update_fields=["direction"])
    minor = _overdue_action(manager, auditor, officer, severity="minor")  # overdue, but not critical
    assert services.overdue_follow_up(today=DAY)["escalated"] == 1
    finding = Finding.objects.get(pk=action.finding_id)
    first = finding.escalated_at
    assert first is not None
    assert services.overdue_follow_up(today=DAY + datetime.timedelta(days=1))["escalated"] == 0
    finding.refresh_from_db()
    assert finding.escalated_at == first  # escalated once
    assert Finding.objects.get(pk=minor.finding_id).escalated_at is None

    assert audit_findings_take() == 1
    assert audit_findings_take() == 0  # the task run twice: one submission
    assert portfolio_sweep()["audit_findings"] == 0
    submission = Submission.objects.get(audit_finding_id=finding.pk)
    assert (submission.kind, submission.origin, submission.status) == (
        "audit_finding",
        "audit",
        "at_coordinator",
    )
    assert (submission.project, submission.direction) == (project, direction)
    assert submission.title_msg["key"] == "Overdue critical audit finding %(audit)s-%(number)s: %(title)s"
    assert submission.reason_msg["args"]["severity"]["key"] == "Critical"
    finding.refresh_from_db()
    assert finding.taken_at is not None
    assert finding.history.filter(taken_at__isnull=False).exists()
    assert Notification.objects.filter(recipient=coordinator, title_msg__plural__isnull=False).count() == 1
    login(client, coordinator)
    queue = client.get(reverse("portfolio:queue"), {"kind": "audit_finding"})
    assert submission.get_absolute_url() in queue.content.decode()
    assert client.get(submission.get_absolute_url()).status_code == 200


def test_an_overdue_response_escalates_a_critical_finding(auditor: Any, manager: Any) -> None:
    audit = audit_for(
        manager=manager, lead=auditor, status=S.RESPONSE, response_due=datetime.date(2020, 1, 10)
    )
    critical = FindingFactory(audit=audit, number=1, severity="critical")
    answered = FindingFactory(audit=audit, number=2, severity="critical", management_response="Согласны")
    overdue_follow_up_task.apply(kwargs={})  # the Celery task (eager) on today's date, past the deadline
    critical.refresh_from_db()
    answered.refresh_from_db()
    assert critical.escalated_at is not None
    assert answered.escalated_at is None
    assert portfolio_sweep()["audit_findings"] == 1
    assert Submission.objects.filter(audit_finding_id=critical.pk).count() == 1


def test_the_task_is_scheduled_once_a_day() -> None:
    from pmis.celery import app

    entry = app.conf.beat_schedule["audits.overdue_follow_up"]
    assert entry["task"] == "audits.overdue_follow_up"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {15})


def test_the_project_office_home_panel_lists_overdue_critical_findings(
    client: Any, auditor: Any, manager: Any, officer: Any, pmo: Any
) -> None:
    action = _overdue_action(manager, auditor, officer, severity="critical")
    CorrectiveAction.objects.filter(pk=action.pk).update(due_date=datetime.date(2020, 1, 1))  # before today
    hidden = audit_for(manager=manager, lead=auditor, status=S.FIELDWORK)  # not shared yet: invisible to pmo
    ActionFactory(
        finding=FindingFactory(audit=hidden, number=1, severity="critical", title="Скрытая"),
        owner=officer,
        due_date=datetime.date(2020, 1, 1),
    )
    login(client, pmo)
    html = client.get(reverse("core:home")).content.decode()
    assert action.finding.title in html
    assert "Скрытая" not in html
    assert reverse("audits:audit-findings", args=[action.finding.audit_id]) in html
    client.logout()
    login(client, officer)
    assert (
        reverse("audits:audit-findings", args=[action.finding.audit_id]) + "#"
        not in client.get(reverse("core:home")).content.decode()
    )
