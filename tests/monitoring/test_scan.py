"""The lag scan: alerts for laggards, no duplicates, closing, escalation after two Red periods, no storm."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from monitoring.escalation import register_escalation_handler, unregister_escalation_handler
from monitoring.models import Actual, Alert, CashPlan, Disbursement, Escalation
from monitoring.services.scan import run_scan
from pmis.notifications.models import Notification
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory
from tests.projects.factories import BudgetLineFactory, MilestoneFactory

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
def test_scan_opens_one_alert_per_laggard_and_rerun_creates_no_duplicates(laggards: Any, manager: Any) -> None:
    stats = run_scan(today=TODAY)
    alerts = {a.indicator_id: a for a in Alert.objects.filter(object_type="indicator")}
    assert set(alerts) == {laggards["red"].pk, laggards["amber"].pk}
    assert alerts[laggards["red"].pk].severity == "red"
    assert alerts[laggards["amber"].pk].severity == "amber"
    assert alerts[laggards["red"].pk].responsible == manager  # the project's manager when no person is named
    assert stats["opened"] == 2
    again = run_scan(today=TODAY)
    assert again["opened"] == 0
    assert again["closed"] == 0
    assert Alert.objects.count() == 2
    # one notification per responsible person per scan, not one per alert
    assert Notification.objects.filter(recipient=manager).count() == 1


@pytest.mark.django_db
def test_database_refuses_a_second_open_alert_for_the_same_key(laggards: Any) -> None:
    run_scan(today=TODAY)
    alert = Alert.objects.filter(severity="red").first()
    fields = {f.attname: getattr(alert, f.attname) for f in Alert._meta.concrete_fields if not f.primary_key}
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(**fields)
    # a closed one may coexist
    Alert.objects.filter(pk=alert.pk).update(closed_at=timezone.now())
    Alert.objects.create(**fields)


@pytest.mark.django_db
def test_alert_closes_when_the_cause_is_gone(laggards: Any) -> None:
    run_scan(today=TODAY)
    Actual.objects.filter(indicator=laggards["red"]).update(value=D(99))
    stats = run_scan(today=TODAY)
    assert stats["closed"] == 1
    assert Alert.objects.get(indicator=laggards["red"]).closed_at is not None
    assert Alert.objects.get(indicator=laggards["amber"]).closed_at is None


@pytest.fixture
def no_escalation_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Monitoring on its own: the portfolio app's queue handler (registered at start-up) is set aside."""
    import monitoring.escalation

    monkeypatch.setattr(monitoring.escalation, "_handlers", [])


@pytest.mark.django_db
@pytest.mark.usefixtures("no_escalation_handlers")
def test_red_for_two_consecutive_periods_is_escalated_to_coordinators(indicator: Any, coordinator: Any) -> None:
    for period in (1, 2):
        TargetFactory(indicator=indicator, period=period, value=D(100))
    ActualFactory(indicator=indicator, period=1, value=D(50))
    run_scan(today=TODAY)
    assert Escalation.objects.count() == 0  # only one Red period so far
    ActualFactory(indicator=indicator, period=2, value=D(60))
    stats = run_scan(today=TODAY)
    assert stats["escalated"] == 1
    escalation = Escalation.objects.get()
    assert escalation.project == indicator.project
    assert escalation.alert.period == 2
    # one summary notification per direction and scan for its coordinators (no storm)
    note = Notification.objects.get(recipient=coordinator)
    assert f"direction={indicator.project.direction_id}" in note.url
    run_scan(today=TODAY)
    assert Escalation.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("no_escalation_handlers")
def test_registered_escalation_handler_replaces_the_default(indicator: Any, coordinator: Any) -> None:
    calls = []

    def handler(project: Any, alert: Alert, reason: str) -> None:
        calls.append((project, alert.pk, reason))

    register_escalation_handler(handler)
    try:
        for period in (1, 2):
            TargetFactory(indicator=indicator, period=period, value=D(100))
            ActualFactory(indicator=indicator, period=period, value=D(10))
        run_scan(today=TODAY)
    finally:
        unregister_escalation_handler(handler)
    assert len(calls) == 1
    assert calls[0][0] == indicator.project
    assert not Notification.objects.filter(recipient=coordinator).exists()


@pytest.mark.django_db
def test_milestone_slip_and_budget_lag_raise_alerts(project: Any, manager: Any) -> None:
    MilestoneFactory(project=project, planned_date=TODAY - datetime.timedelta(days=10), forecast_date=None,
                     actual_date=None, is_critical=False)
    line = BudgetLineFactory(project=project, year=2026, plan=D(1200), disbursed=D(0))
    CashPlan.objects.create(budget_line=line, year=2026, month=3, amount=D(600))
    Disbursement.objects.create(budget_line=line, year=2026, month=4, amount=D(300))
    run_scan(today=TODAY)
    kinds = dict(Alert.objects.values_list("object_type", "severity"))
    assert kinds["milestone"] == "amber"
    assert kinds["budget"] == "red"  # 300 of 600 planned to date: E = 0.5
    budget = Alert.objects.get(object_type="budget")
    assert budget.responsible == manager
    # paying the rest closes it
    Disbursement.objects.create(budget_line=line, year=2026, month=5, amount=D(300))
    run_scan(today=TODAY)
    assert Alert.objects.get(object_type="budget").closed_at is not None


@pytest.mark.django_db
def test_scan_job_runs_from_the_sac_button(client: Any, login_as: Any, laggards: Any, django_capture_on_commit_callbacks: Any) -> None:
    from django.urls import reverse

    from pmis.core.models import Job

    login_as("sac")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:scan"))
    job = Job.objects.get(kind="monitoring.scan")
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result["opened"] == 2
