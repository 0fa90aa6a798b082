"""The head of expertise keeps the working calendar, the review periods and the PPP limit rules in the app,
with history; deadlines follow the edited calendar."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from expertise.models import Holiday, ObligationLimitRule, ReviewDeadlineRule
from expertise.services.calendar import add_working_days
from tests.conftest import assert_num_queries, login

pytestmark = pytest.mark.django_db


def test_seeded_kurban_ait_dates_are_shown_as_editable(client: Any, expertise_head: Any) -> None:
    assert Holiday.objects.filter(date=datetime.date(2026, 5, 27), name="Курбан айт").exists()
    assert Holiday.objects.filter(date=datetime.date(2027, 5, 16), name="Курбан айт").exists()
    login(client, expertise_head)
    page = client.get(reverse("expertise:calendar") + "?year=2026").content.decode()
    kurban = Holiday.objects.get(date=datetime.date(2026, 5, 27))
    assert 'id="lunar-note"' in page
    assert reverse("expertise:holiday-update", args=[kurban.pk]) in page


def test_head_moves_a_holiday_and_deadlines_follow(client: Any, expertise_head: Any) -> None:
    kurban = Holiday.objects.get(date=datetime.date(2026, 5, 27))
    before = add_working_days(datetime.date(2026, 5, 25), 3)
    login(client, expertise_head)
    url = reverse("expertise:holiday-update", args=[kurban.pk])
    response = client.post(url, {"date": "2026-05-28", "name": "Курбан айт", "kind": "holiday"})
    assert response.status_code == 302
    kurban.refresh_from_db()
    assert kurban.date == datetime.date(2026, 5, 28)
    assert kurban.history.first().history_user == expertise_head  # seeded rows have no earlier record
    assert add_working_days(datetime.date(2026, 5, 25), 3) == before  # still one weekday off in that week
    assert add_working_days(datetime.date(2026, 5, 26), 1) == datetime.date(2026, 5, 27)
    # a duplicate date is a form error, not a 500
    other = Holiday.objects.filter(date__year=2026).exclude(pk=kurban.pk).first()
    response = client.post(url, {"date": other.date.isoformat(), "name": "x", "kind": "holiday"})
    assert response.status_code == 200
    assert client.post(reverse("expertise:holiday-delete", args=[kurban.pk])).status_code == 302
    assert Holiday.objects.filter(pk=kurban.pk).exists()  # not without the confirmation
    client.post(reverse("expertise:holiday-delete", args=[kurban.pk]), {"confirm": "1"})
    assert not Holiday.objects.filter(pk=kurban.pk).exists()
    assert Holiday.history.filter(id=kurban.pk, history_type="-").exists()


def test_head_edits_review_period_and_limit_rules(client: Any, expertise_head: Any, expert: Any) -> None:
    rule = ReviewDeadlineRule.objects.get(kind="feasibility_study")
    login(client, expert)
    assert client.get(reverse("expertise:calendar")).status_code == 200
    assert (
        client.post(
            reverse("expertise:deadline-rule-update", args=[rule.pk]), {"working_days": "5"}
        ).status_code
        == 403
    )
    login(client, expertise_head)
    response = client.post(reverse("expertise:deadline-rule-update", args=[rule.pk]), {"working_days": "0"})
    assert response.status_code == 200
    response = client.post(
        reverse("expertise:deadline-rule-update", args=[rule.pk]),
        {"working_days": "25", "regulatory_basis": rule.regulatory_basis_id or ""},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.working_days == 25
    assert rule.history.first().history_user == expertise_head
    create = reverse("expertise:limit-rule-create")
    assert (
        client.post(create, {"level": "local", "year": "2027"}).status_code == 200
    )  # neither amount nor base
    assert (
        client.post(
            create, {"level": "local", "year": "2027", "base_amount": "1000", "percentage": "-1"}
        ).status_code
        == 200
    )
    response = client.post(
        create,
        {
            "level": "local",
            "year": "2027",
            "base_description": "Доходы бюджета",
            "base_amount": "1000000",
            "percentage": "5",
        },
    )
    assert response.status_code == 302
    limit = ObligationLimitRule.objects.get(year=2027)
    assert limit.limit == Decimal(50000)
    assert (
        client.post(create, {"level": "local", "year": "2027", "amount": "1"}).status_code == 200
    )  # one per level/year
    response = client.post(
        reverse("expertise:limit-rule-update", args=[limit.pk]),
        {"level": "local", "year": "2027", "amount": "70000"},
    )
    assert response.status_code == 302
    limit.refresh_from_db()
    assert limit.limit == Decimal(70000)
    assert limit.history.count() == 2
    page = client.get(reverse("expertise:limit-rule-update", args=[limit.pk])).content.decode()
    assert 'id="history"' in page


def test_calendar_queries_are_flat(client: Any, expertise_head: Any) -> None:
    login(client, expertise_head)
    url = reverse("expertise:calendar") + "?year=2026"
    client.get(url)
    with assert_num_queries(6):
        client.get(url)
    for day in range(1, 20):
        Holiday.objects.create(date=datetime.date(2026, 11, day), name=f"День {day}", kind="day_off")
    with assert_num_queries(6):
        client.get(url)
