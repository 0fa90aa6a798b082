"""Actual values (enter → verify / reject), recommendations, reporting periods and the RAG policy page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from monitoring.models import Actual, Alert, IndicatorRating, RatingSnapshot, Recommendation, ReportingPeriod
from monitoring.services.ratings import compute_ratings
from pmis.notifications.models import Notification
from projects.models.policy import RagPolicy
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory

D = Decimal


@pytest.mark.django_db
def test_officer_enters_sac_verifies_and_only_then_it_is_official(client: Any, login_as: Any, indicator: Any, sac: Any,
                                                                  django_capture_on_commit_callbacks: Any) -> None:
    TargetFactory(indicator=indicator, value=D(100))
    login_as("officer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:actual-enter", args=[indicator.pk]),
                               {"year": 2026, "period": 1, "value": "97", "source": "Stat"})
    assert response.status_code == 302
    actual = Actual.objects.get()
    assert actual.status == "submitted"
    assert IndicatorRating.objects.get().is_official is False
    client.logout()
    login_as("sac")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:verify-selected"), {"actual": [actual.pk]})
    actual.refresh_from_db()
    assert (actual.status, actual.verified_by) == ("verified", sac)
    rating = IndicatorRating.objects.get()
    assert (rating.is_official, rating.rag) == (True, "green")


@pytest.mark.django_db
def test_period_out_of_range_is_a_field_error(client: Any, login_as: Any, indicator: Any) -> None:
    login_as("officer")
    response = client.post(reverse("monitoring:actual-enter", args=[indicator.pk]), {"year": 2026, "period": 9, "value": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert Actual.objects.count() == 0


@pytest.mark.django_db
def test_reject_needs_a_reason_and_notifies_the_author(client: Any, login_as: Any, indicator: Any, officer: Any) -> None:
    actual = ActualFactory(indicator=indicator, status="submitted", entered_by=officer)
    login_as("sac")
    response = client.post(reverse("monitoring:actual", args=[actual.pk]), {"action": "reject", "reason": ""})
    assert response.status_code == 200
    client.post(reverse("monitoring:actual", args=[actual.pk]), {"action": "reject", "reason": "Нет подтверждения"})
    actual.refresh_from_db()
    assert actual.status == "rejected"
    assert Notification.objects.filter(recipient=officer).exists()


@pytest.mark.django_db
def test_recommendation_flow(client: Any, login_as: Any, indicator: Any, manager: Any, coordinator: Any) -> None:
    alert = Alert.objects.create(
        object_type="indicator", object_id=indicator.pk, year=2026, period=1, period_label="2026-Q1", severity="red",
        kind="indicator_lag", title=indicator.code, project=indicator.project, indicator=indicator,
        direction=indicator.project.direction, responsible=manager, opened_at=datetime.datetime.now(datetime.UTC),
        lagging_since=datetime.date(2026, 4, 1),
    )
    login_as("sac")
    client.post(reverse("monitoring:recommendation-create"),
                {"kind": "targets", "text": "Скорректировать целевое значение", "alerts": [alert.pk], "send": "on"})
    rec = Recommendation.objects.get()
    assert rec.status == "sent"
    assert Notification.objects.filter(recipient=manager, url=rec.get_absolute_url()).exists()
    client.logout()
    login_as("manager")
    # the manager may not decide; may respond
    assert client.post(rec.get_absolute_url(), {"action": "decide", "decision": "accept"}).status_code == 403
    client.post(rec.get_absolute_url(), {"action": "respond", "response": "Согласны"})
    rec.refresh_from_db()
    assert rec.status == "responded"
    client.logout()
    login_as("coordinator")
    response = client.post(rec.get_absolute_url(), {"action": "decide", "decision": "reject", "note": ""})
    assert response.status_code == 200  # a rejection needs a note
    client.post(rec.get_absolute_url(), {"action": "decide", "decision": "accept", "note": ""})
    rec.refresh_from_db()
    assert (rec.status, rec.decided_by) == ("accepted", coordinator)
    client.logout()
    login_as("manager")
    client.post(rec.get_absolute_url(), {"action": "implemented"})
    rec.refresh_from_db()
    assert rec.status == "implemented"
    assert rec.history.count() >= 4


@pytest.mark.django_db
def test_closing_a_period_locks_actuals_and_freezes_ratings(client: Any, login_as: Any, indicator: Any) -> None:
    TargetFactory(indicator=indicator, value=D(100))
    ActualFactory(indicator=indicator, value=D(90))
    compute_ratings()
    login_as("sac")
    client.post(reverse("monitoring:periods"), {"year": 2026, "frequency": "quarterly", "period": 1, "due_date": "2026-04-15"})
    rp = ReportingPeriod.objects.get()
    page = client.get(rp.get_absolute_url())
    assert page.context["departments"][0]["expected"] == 1
    assert page.context["departments"][0]["verified"] == 1
    client.post(reverse("monitoring:period-close", args=[rp.pk]))
    rp.refresh_from_db()
    assert rp.is_closed
    snap = RatingSnapshot.objects.get()
    assert (snap.rag, snap.policy_version) == ("amber", RagPolicy.current().version)
    assert Actual.objects.get().is_locked
    # a locked value cannot be changed any more
    client.logout()
    login_as("officer")
    response = client.post(reverse("monitoring:actual-enter", args=[indicator.pk]), {"year": 2026, "period": 1, "value": "99"})
    assert response.status_code == 200
    assert Actual.objects.get().value == D(90)


@pytest.mark.django_db
def test_quarter_five_is_refused(client: Any, login_as: Any) -> None:
    login_as("sac")
    response = client.post(reverse("monitoring:periods"), {"year": 2026, "frequency": "quarterly", "period": 5, "due_date": "2026-04-15"})
    assert response.status_code == 200
    assert ReportingPeriod.objects.count() == 0


@pytest.mark.django_db
def test_policy_page_adds_a_new_version_each_save(client: Any, login_as: Any, pmo: Any) -> None:
    login_as("pmo")
    data = {"green_min": "0.9", "amber_min": "0.8", "milestone_amber_days": 20, "achievement_cap": "1.2",
            "effective_from": "2026-07-01", "notes": "Методика 2026"}
    client.post(reverse("monitoring:policy"), data)
    client.post(reverse("monitoring:policy"), {**data, "green_min": "0.95"})
    versions = list(RagPolicy.objects.order_by("version").values_list("version", "green_min"))
    assert versions == [(1, D("0.950")), (2, D("0.900")), (3, D("0.950"))]
    assert RagPolicy.objects.get(version=2).created_by == pmo
    bad = client.post(reverse("monitoring:policy"), {**data, "amber_min": "0.99"})
    assert bad.status_code == 200
    assert bad.context["form"].errors["amber_min"]


@pytest.mark.django_db
def test_policy_version_is_used_by_new_ratings(indicator: Any) -> None:
    RagPolicy.current()
    RagPolicy.objects.create(version=2, green_min=D("0.8"), amber_min=D("0.7"))
    TargetFactory(indicator=indicator, value=D(100))
    ActualFactory(indicator=indicator, value=D(85))
    compute_ratings()
    rating = IndicatorRating.objects.get()
    assert (rating.rag, rating.policy_version) == ("green", 2)
    assert IndicatorFactory.build().unit == "%"
