"""Reporting-calendar reminders: scheduled daily, one per owner per period per kind (due soon, overdue)."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from typing import Any

import pytest
from django.conf import settings
from django.core import mail

from monitoring.models import ReportingPeriod
from monitoring.services.periods import (
    REMINDER_BEFORE_DUE,
    REMINDER_OVERDUE,
    reminder_url,
    scheduled_reminders,
)
from pmis.notifications.models import Notification
from pmis.notifications.services import send_digests
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory

DUE = datetime.date(2026, 4, 15)


@pytest.fixture
def period(db: None) -> ReportingPeriod:
    return ReportingPeriod.objects.create(year=2026, frequency="quarterly", period=1, due_date=DUE)


@pytest.fixture
def waiting(indicator: Any, manager: Any) -> Any:
    """The manager's indicator has a Q1 target and no submitted value yet."""
    TargetFactory(indicator=indicator, value=D(100))
    return indicator


def _notes(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


@pytest.mark.django_db
def test_nothing_is_sent_long_before_the_due_date(period: Any, waiting: Any, manager: Any) -> None:
    assert scheduled_reminders(today=DUE - datetime.timedelta(days=20)) == {
        REMINDER_BEFORE_DUE: 0,
        REMINDER_OVERDUE: 0,
    }
    assert _notes(manager) == []


@pytest.mark.django_db
def test_one_due_soon_and_one_overdue_reminder_per_owner_whatever_the_reruns(
    period: Any, waiting: Any, manager: Any
) -> None:
    # a second indicator of the same owner: still one reminder, counting both
    second = IndicatorFactory(
        project=waiting.project, responsible_organization=waiting.responsible_organization
    )
    TargetFactory(indicator=second, value=D(50))
    for day in (DUE - datetime.timedelta(days=5), DUE - datetime.timedelta(days=4), DUE):
        scheduled_reminders(today=day)
    notes = _notes(manager)
    assert len(notes) == 1
    assert notes[0].url == reminder_url(period, REMINDER_BEFORE_DUE)
    assert "2" in notes[0].body
    for day in (DUE + datetime.timedelta(days=1), DUE + datetime.timedelta(days=2)):
        scheduled_reminders(today=day)
    notes = _notes(manager)
    assert [n.url for n in notes] == [
        reminder_url(period, REMINDER_BEFORE_DUE),
        reminder_url(period, REMINDER_OVERDUE),
    ]
    assert notes[1].kind == "warning"
    period.refresh_from_db()
    assert period.reminded_at is not None


@pytest.mark.django_db
def test_owners_who_submitted_and_closed_periods_get_nothing(period: Any, waiting: Any, manager: Any) -> None:
    ActualFactory(indicator=waiting, value=D(97), status="submitted")
    assert scheduled_reminders(today=DUE + datetime.timedelta(days=1))[REMINDER_OVERDUE] == 0
    other = ReportingPeriod.objects.create(
        year=2026, frequency="quarterly", period=2, due_date=DUE, status=ReportingPeriod.Status.CLOSED
    )
    TargetFactory(indicator=waiting, period=2, value=D(100))
    scheduled_reminders(today=DUE + datetime.timedelta(days=1))
    assert not Notification.objects.filter(url__startswith=other.get_absolute_url()).exists()
    assert _notes(manager) == []


@pytest.mark.django_db
def test_reminders_reach_the_owner_by_the_daily_digest(period: Any, waiting: Any, manager: Any) -> None:
    manager.email = "owner@example.org"
    manager.save(update_fields=["email"])
    scheduled_reminders(today=DUE + datetime.timedelta(days=3))
    assert send_digests() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    # the absolute link (the portal's address, PMIS_SITE_URL) to the period's overdue reminder
    assert f"({settings.PMIS_SITE_URL}{reminder_url(period, REMINDER_OVERDUE)})" in body
    assert period.label in body
    assert period.due_date.strftime("%d.%m.%Y") in body


def test_beat_runs_the_reminders_daily_and_routes_digests_to_their_queue() -> None:
    from celery.schedules import crontab

    from pmis.celery import app
    from pmis.notifications.tasks import send_digests_task

    entry = app.conf.beat_schedule["monitoring.period_reminders"]
    assert entry["task"] == "monitoring.period_reminders"
    assert entry["schedule"] == crontab(hour=6, minute=0)
    from monitoring.tasks import period_reminders_task

    assert period_reminders_task.name == "monitoring.period_reminders"
    assert app.conf.task_routes["notifications.send_digests"] == {"queue": "notifications"}
    assert getattr(send_digests_task, "queue", None) is None
