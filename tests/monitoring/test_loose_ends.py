"""Retired indicators leave the dashboards and the reporting calendar; the situational view says when a lag began;
alert details show amounts the way the rest of the UI does, in the reader's language."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from typing import Any

import pytest
from django.urls import reverse

from monitoring.models import Indicator, ReportingPeriod
from monitoring.selectors import completeness
from monitoring.services.indicators import indicator_retire
from monitoring.services.periods import period_remind
from pmis.notifications.models import Notification
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory

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
    data = completeness(rp)
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
    assert completeness(rp)["departments"] == []
