"""Retired indicators leave the dashboards and the reporting calendar; the situational view says when a lag began;
alert details show amounts the way the rest of the UI does, in the reader's language."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from monitoring.models import Alert, Indicator, ReportingPeriod
from monitoring.selectors import completeness
from monitoring.services.indicators import indicator_retire
from monitoring.services.periods import period_remind
from monitoring.services.scan import run_scan
from pmis.notifications.models import Notification
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory
from tests.projects.factories import BudgetLineFactory

TODAY = datetime.date(2026, 6, 15)


def _retire(indicator: Indicator, sac: Any) -> None:
    indicator_retire(indicator=indicator, actor=sac, reason="Replaced by a better measure")
    indicator.refresh_from_db()


@pytest.mark.django_db
def test_retired_indicators_leave_the_city_and_direction_dashboards(
    client: Any, login_as: Any, direction: Any, sac: Any
) -> None:
    kept = IndicatorFactory(level=Indicator.Level.PROGRAM, project=None, direction=direction, code="P-KEPT")
    gone = IndicatorFactory(level=Indicator.Level.PROGRAM, project=None, direction=direction, code="P-GONE")
    for ind in (kept, gone):
        TargetFactory(indicator=ind, value=D(100))
        ActualFactory(indicator=ind, value=D(97))
    _retire(gone, sac)
    login_as("sac")
    city = client.get(reverse("monitoring:city"))
    codes = [i.code for i in city.context["key_indicators"]]
    assert "P-KEPT" in codes
    assert "P-GONE" not in codes
    assert "P-GONE" not in city.content.decode()
    page = client.get(reverse("monitoring:direction", args=[direction.pk]))
    assert [i.code for i in page.context["indicators"]] == ["P-KEPT"]
    # still reachable from the indicator list's "Retired" filter
    retired = client.get(reverse("monitoring:indicators") + "?state=retired")
    assert [i.code for i in retired.context["page"].object_list] == ["P-GONE"]


@pytest.mark.django_db
def test_period_completeness_and_reminders_skip_retired_indicators(
    project: Any, department_a: Any, manager: Any, sac: Any
) -> None:
    rp = ReportingPeriod.objects.create(
        year=2026, frequency="quarterly", period=1, due_date=datetime.date(2026, 4, 15)
    )
    active = IndicatorFactory(project=project, responsible_organization=department_a)
    retired = IndicatorFactory(project=project, responsible_organization=department_a)
    retired_done = IndicatorFactory(project=project, responsible_organization=department_a)
    for ind in (active, retired, retired_done):
        TargetFactory(indicator=ind, value=D(100))
    ActualFactory(indicator=retired_done, value=D(90))
    _retire(retired, sac)
    _retire(retired_done, sac)
    data = completeness(rp, sac)
    (dept,) = data["departments"]
    assert (dept["expected"], dept["submitted"], dept["verified"], dept["pct"]) == (1, 0, 0, 0)
    (row,) = data["directions"]
    assert (row["expected"], row["submitted"]) == (1, 0)
    # the reminder counts only the active indicator
    assert period_remind(reporting_period=rp, actor=sac) == 1
    note = Notification.objects.get(recipient=manager)
    assert note.body.endswith(": 1")
    # once the active one is retired too, nobody is reminded
    _retire(active, sac)
    Notification.objects.all().delete()
    assert period_remind(reporting_period=rp, actor=sac) == 0
    assert completeness(rp, sac)["departments"] == []


@pytest.mark.django_db
def test_situation_shows_when_the_lag_began_not_the_scan_date(
    client: Any, login_as: Any, project: Any, department_a: Any
) -> None:
    from tests.projects.factories import MilestoneFactory

    long_red = IndicatorFactory(project=project, responsible_organization=department_a, code="LONG")
    new_red = IndicatorFactory(project=project, responsible_organization=department_a, code="NEW")
    for ind, values in ((long_red, (50, 80)), (new_red, (99, 60))):
        for period, value in enumerate(values, start=1):
            TargetFactory(indicator=ind, period=period, value=D(100))
            ActualFactory(indicator=ind, period=period, value=D(value))
    MilestoneFactory(
        project=project,
        planned_date=datetime.date(2026, 5, 31),
        forecast_date=None,
        actual_date=None,
        is_critical=False,
    )
    run_scan(today=TODAY)
    since = {
        a.object_type + ":" + (a.indicator.code if a.indicator else ""): a.lagging_since
        for a in Alert.objects.select_related("indicator")
    }
    assert since["indicator:LONG"] == datetime.date(2026, 1, 1)  # Red since Q1: Q1 began 1 January
    assert since["indicator:NEW"] == datetime.date(2026, 4, 1)  # Green in Q1, Red in Q2
    assert since["milestone:"] == datetime.date(2026, 6, 1)  # overdue the day after its planned date
    # a later scan keeps the start of the run
    assert run_scan(today=TODAY + datetime.timedelta(days=3))["opened"] == 0
    login_as("sac")
    response = client.get(reverse("monitoring:situation"))
    oldest = response.context["oldest"]
    assert oldest[0].indicator.code == "LONG"
    assert oldest[0].lagging_since == datetime.date(2026, 1, 1)
    assert "01.01.2026" in response.content.decode()


@pytest.mark.django_db
def test_alert_detail_amounts_are_grouped_in_the_readers_language(
    client: Any, login_as: Any, project: Any, manager: Any
) -> None:
    from monitoring.models import CashPlan, Disbursement

    line = BudgetLineFactory(project=project, year=2026, plan=D("3325000000"), disbursed=D(0))
    CashPlan.objects.create(budget_line=line, year=2026, month=3, amount=D("554166666.60"))
    Disbursement.objects.create(budget_line=line, year=2026, month=4, amount=D("277083333.30"))
    run_scan(today=TODAY)
    alert = Alert.objects.get(object_type="budget")
    assert alert.detail_args == {"done": "277083333.30", "plan": "554166666.60", "pct": "50.0"}
    assert "277083333" not in alert.detail
    with translation.override("en"):
        assert alert.detail_text == "Disbursed ₸277,083,333 of ₸554,166,667 planned to date (50%)"
    with translation.override("ru"):
        ru = alert.detail_text
    assert "277\xa0083\xa0333\xa0₸" in ru
    assert "554\xa0166\xa0667\xa0₸" in ru
    login_as("sac")
    for url in (
        reverse("monitoring:alert", args=[alert.pk]),
        reverse("monitoring:alerts"),
        reverse("monitoring:situation"),
    ):
        body = client.get(url).content.decode()
        assert "277\xa0083\xa0333\xa0₸" in body or "277&nbsp;083&nbsp;333" in body, url
        assert "277083333" not in body, url


@pytest.mark.django_db
def test_indicator_alert_detail_is_written_for_each_reader(indicator: Any) -> None:
    TargetFactory(indicator=indicator, value=D("1250000"))
    ActualFactory(indicator=indicator, value=D("1000000.5"))
    run_scan(today=TODAY)
    alert = Alert.objects.get(indicator=indicator)
    with translation.override("en"):
        assert alert.detail_text == "Plan 1,250,000, actual 1,000,000.5, achievement 80.0%"
    with translation.override("ru"):
        assert "1\xa0250\xa0000" in alert.detail_text
        assert "80,0%" in alert.detail_text
