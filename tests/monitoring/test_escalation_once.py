"""An item is escalated once per uninterrupted lag, however often the scan runs and however many months or
periods it stays Red (the coordinator's queue showed the same "Red two periods running" item once per month)."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse

from monitoring.models import Alert, Escalation
from monitoring.services.scan import run_scan
from tests.monitoring.factories import ActualFactory, TargetFactory
from tests.projects.factories import MilestoneFactory

D = Decimal


@pytest.mark.django_db
def test_a_milestone_red_month_after_month_is_escalated_once(project: Any) -> None:
    milestone = MilestoneFactory(
        project=project,
        planned_date=datetime.date(2026, 3, 1),
        forecast_date=None,
        actual_date=None,
        is_critical=False,
    )
    run_scan(today=datetime.date(2026, 5, 15))
    assert Escalation.objects.count() == 0  # one Red month so far
    assert run_scan(today=datetime.date(2026, 6, 15))["escalated"] == 1
    assert run_scan(today=datetime.date(2026, 6, 15))["escalated"] == 0  # "Run scan" again the same day
    assert run_scan(today=datetime.date(2026, 7, 15))["escalated"] == 0  # still the same lag a month later
    escalation = Escalation.objects.get()
    assert (escalation.object_type, escalation.object_id) == ("milestone", milestone.pk)
    assert escalation.lagging_since == datetime.date(2026, 3, 2)
    july = Alert.objects.get(object_type="milestone", period=7)
    assert july.closed_at is None
    # the month's new alert is shown as escalated, when the lag was
    assert july.escalated_at == escalation.created_at
    assert Alert.objects.filter(object_type="milestone").count() == 3


@pytest.mark.django_db
def test_the_alert_page_of_a_later_month_shows_the_lags_escalation(
    client: Any, login_as: Any, project: Any
) -> None:
    MilestoneFactory(
        project=project,
        planned_date=datetime.date(2026, 3, 1),
        forecast_date=None,
        actual_date=None,
        is_critical=False,
    )
    for month in (5, 6, 7):
        run_scan(today=datetime.date(2026, month, 15))
    july = Alert.objects.get(object_type="milestone", period=7)
    login_as("sac")
    shown = client.get(reverse("monitoring:alert", args=[july.pk])).context["escalations"]
    assert [e.pk for e in shown] == [Escalation.objects.get().pk]


def _quarter(indicator: Any, year: int, quarter: int, value: int) -> None:
    TargetFactory(indicator=indicator, year=year, period=quarter, value=D(100))
    ActualFactory(indicator=indicator, year=year, period=quarter, value=D(value))


@pytest.mark.django_db
def test_an_indicator_red_for_three_quarters_is_escalated_once_and_again_after_a_recovery(
    indicator: Any,
) -> None:
    today = datetime.date(2027, 12, 15)
    _quarter(indicator, 2026, 1, 50)
    _quarter(indicator, 2026, 2, 50)
    assert run_scan(today=today)["escalated"] == 1
    _quarter(indicator, 2026, 3, 50)
    assert run_scan(today=today)["escalated"] == 0
    assert run_scan(today=today)["escalated"] == 0
    assert Escalation.objects.count() == 1
    # Green in Q4 ends the lag; Red again in 2027 Q1 and Q2 is a new lag, escalated anew
    _quarter(indicator, 2026, 4, 100)
    run_scan(today=today)
    _quarter(indicator, 2027, 1, 50)
    _quarter(indicator, 2027, 2, 50)
    assert run_scan(today=today)["escalated"] == 1
    assert sorted(Escalation.objects.values_list("lagging_since", flat=True)) == [
        datetime.date(2026, 1, 1),
        datetime.date(2027, 1, 1),
    ]


@pytest.mark.django_db
def test_the_database_refuses_a_second_escalation_of_the_same_lag(indicator: Any) -> None:
    _quarter(indicator, 2026, 1, 50)
    _quarter(indicator, 2026, 2, 50)
    run_scan(today=datetime.date(2026, 12, 15))
    first = Escalation.objects.get()
    other = Alert.objects.get(pk=first.alert_id)
    other.pk = other.id = None
    other.closed_at = other.opened_at
    other.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.create(
            alert=other,
            reason="again",
            object_type=first.object_type,
            object_id=first.object_id,
            lagging_since=first.lagging_since,
        )


@pytest.mark.django_db
def test_the_migration_keys_the_first_escalation_of_each_lag_and_leaves_later_duplicates(
    indicator: Any,
) -> None:
    """Rows recorded before the key: the earliest of a lag takes it (with a history row), a duplicate stays unkeyed."""
    _quarter(indicator, 2026, 1, 50)
    _quarter(indicator, 2026, 2, 50)
    run_scan(today=datetime.date(2026, 12, 15))
    first = Escalation.objects.get()
    alert = Alert.objects.get(pk=first.alert_id)
    alert.pk = alert.id = None
    alert.closed_at = alert.opened_at
    alert.save()
    duplicate = Escalation.objects.create(alert=alert, reason="the next month's")
    Escalation.objects.filter(pk=first.pk).update(object_type="", object_id=None, lagging_since=None)
    migration = importlib.import_module("monitoring.migrations.0005_escalation_lag_key")
    migration.fill_lag_keys(apps, None)
    first.refresh_from_db()
    duplicate.refresh_from_db()
    assert (first.object_type, first.object_id, first.lagging_since) == (
        "indicator",
        indicator.pk,
        datetime.date(2026, 1, 1),
    )
    assert (duplicate.object_type, duplicate.object_id, duplicate.lagging_since) == ("", None, None)
    assert first.history.order_by("history_id").last().history_change_reason == "lag key (migration 0005)"
