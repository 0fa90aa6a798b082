"""The set-based scan keeps its guarantees: history of every open and close, concurrent scans never duplicate,
ratings recomputed exactly where the data changed (whatever the route of the change)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from monitoring.models import Actual, Alert, IndicatorRating, Target
from monitoring.services.policy import policy_new_version
from monitoring.services.scan import Lag, _insert_alerts, run_scan, stale_rating_indicators
from projects.models.policy import RagPolicy
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory

D = Decimal
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def laggards(indicator: Any, project: Any, department_a: Any) -> dict[str, Any]:
    ok = IndicatorFactory(project=project, responsible_organization=department_a)
    amber = IndicatorFactory(project=project, responsible_organization=department_a)
    for ind, value in ((indicator, 80), (ok, 99), (amber, 90)):
        TargetFactory(indicator=ind, value=D(100))
        ActualFactory(indicator=ind, value=D(value))
    return {"red": indicator, "ok": ok, "amber": amber}


@pytest.mark.django_db
def test_opening_and_closing_alerts_is_in_their_history(laggards: Any) -> None:
    run_scan(today=TODAY)
    red = Alert.objects.get(indicator=laggards["red"])
    assert [h.history_type for h in red.history.all()] == ["+"]
    Actual.objects.filter(indicator=laggards["red"]).update(value=D(99))
    run_scan(today=TODAY)
    red.refresh_from_db()
    assert red.closed_at is not None
    assert [h.history_type for h in red.history.order_by("history_id")] == ["+", "~"]
    assert red.history.order_by("history_id").last().closed_at == red.closed_at
    amber = Alert.objects.get(indicator=laggards["amber"])
    assert [h.history_type for h in amber.history.all()] == ["+"]


@pytest.mark.django_db
def test_an_alert_opened_meanwhile_by_another_scan_is_skipped_not_duplicated(laggards: Any) -> None:
    run_scan(today=TODAY)
    existing = Alert.objects.get(indicator=laggards["red"])
    now = timezone.now()
    lag = Lag(
        object_type=existing.object_type,
        object_id=existing.object_id,
        year=existing.year,
        period=existing.period,
        period_label=existing.period_label,
        severity=existing.severity,
        kind=existing.kind,
        title=existing.title,
    )
    twin = Alert(
        object_type=lag.object_type,
        object_id=lag.object_id,
        year=lag.year,
        period=lag.period,
        period_label=lag.period_label,
        severity=lag.severity,
        kind=lag.kind,
        title=lag.title,
        opened_at=now,
        lagging_since=TODAY,
        created_at=now,
        updated_at=now,
    )
    assert _insert_alerts([twin], [lag], now) == []
    assert Alert.objects.filter(indicator=laggards["red"]).count() == 1


@pytest.mark.django_db
def test_only_changed_indicators_are_rerated(laggards: Any) -> None:
    first = run_scan(today=TODAY)
    assert first["ratings"] == 3  # the factories wrote values without rating them: the scan rates them
    assert IndicatorRating.objects.filter(is_official=True).count() == 3
    assert stale_rating_indicators(RagPolicy.current()) == []
    assert run_scan(today=TODAY)["ratings"] == 0
    # a change behind the services' back (no timestamp touched) is still found
    Target.objects.filter(indicator=laggards["ok"]).update(value=D(200))
    assert stale_rating_indicators(RagPolicy.current()) == [laggards["ok"].pk]
    assert run_scan(today=TODAY)["ratings"] == 1
    assert IndicatorRating.objects.get(indicator=laggards["ok"], is_official=True).rag == "red"
    # rejecting a value, adding a new one, deleting one
    Actual.objects.filter(indicator=laggards["amber"]).update(status=Actual.Status.REJECTED)
    ActualFactory(indicator=laggards["red"], period=2, value=D(50), status="submitted")
    TargetFactory(indicator=laggards["red"], period=2, value=D(100))
    assert stale_rating_indicators(RagPolicy.current()) == sorted([laggards["amber"].pk, laggards["red"].pk])
    run_scan(today=TODAY)
    assert not IndicatorRating.objects.filter(indicator=laggards["amber"]).exists()
    assert IndicatorRating.objects.get(indicator=laggards["red"], is_official=False).period == 2
    Actual.objects.filter(indicator=laggards["red"], period=2).delete()
    assert stale_rating_indicators(RagPolicy.current()) == [laggards["red"].pk]


@pytest.mark.django_db
def test_a_policy_change_rerates_everything(laggards: Any, pmo: Any) -> None:
    run_scan(today=TODAY)
    current = RagPolicy.current()
    policy_new_version(
        actor=pmo,
        green_min=D("0.80"),
        amber_min=current.amber_min - D("0.10"),
        milestone_amber_days=current.milestone_amber_days,
        achievement_cap=current.achievement_cap,
        effective_from=TODAY,
    )
    assert stale_rating_indicators(RagPolicy.current()) is None
    assert run_scan(today=TODAY)["ratings"] == 3
    assert set(IndicatorRating.objects.values_list("policy_version", flat=True)) == {
        RagPolicy.current().version
    }
    assert IndicatorRating.objects.get(indicator=laggards["amber"], is_official=True).rag == "green"
