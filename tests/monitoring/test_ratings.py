"""Achievement and RAG per MONITORING.md (reference values), zero plan, lower-is-better, policy versions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from monitoring.models import Actual, IndicatorRating
from monitoring.services.ratings import compute_ratings, project_indicator_rating, rate
from projects import rag as ragmod
from projects.models.policy import RagPolicy
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory

D = Decimal
P = ragmod.DEFAULTS


@pytest.mark.parametrize(
    ("plan", "actual", "achievement", "rag"),
    [("100", "97", "0.97", "green"), ("100", "90", "0.9", "amber"), ("100", "80", "0.8", "red"),
     ("100", "95", "0.95", "green"), ("100", "85", "0.85", "amber")],
)
def test_reference_values(plan: str, actual: str, achievement: str, rag: str) -> None:
    value, got = rate(D(plan), D(actual), higher_is_better=True, policy=P)
    assert value == D(achievement)
    assert got == rag


def test_lower_is_better_inverts_the_ratio() -> None:
    # EIU position: plan 60th, actual 63rd → A = 60/63 = 0.952 Green; actual 70th → 0.857 Amber; 80th → Red
    assert rate(D(60), D(63), higher_is_better=False, policy=P) == (D("0.9524"), "green")
    assert rate(D(60), D(70), higher_is_better=False, policy=P)[1] == "amber"
    assert rate(D(60), D(80), higher_is_better=False, policy=P)[1] == "red"


def test_zero_plan_never_divides() -> None:
    assert rate(D(0), D(5), higher_is_better=True, policy=P) == (None, "green")
    assert rate(D(0), D(0), higher_is_better=True, policy=P) == (None, "green")
    # lower is better with actual 0: on the right side of any non-negative plan → Green
    assert rate(D(3), D(0), higher_is_better=False, policy=P) == (None, "green")
    # lower is better, zero plan, actual above: wrong side → Red (A = 0/5 = 0 also Red)
    assert rate(D(0), D(5), higher_is_better=False, policy=P)[1] == "red"


def test_aggregate_caps_over_achievers() -> None:
    assert ragmod.aggregate_achievement([D("2.0"), D("0.8")]) == D("1.0")


@pytest.mark.django_db
def test_compute_stores_policy_version_and_official_only_for_verified(indicator: Any) -> None:
    policy = RagPolicy.objects.create(version=7, green_min=D("0.9"), amber_min=D("0.8"))
    TargetFactory(indicator=indicator, year=2026, period=1, value=D(100))
    TargetFactory(indicator=indicator, year=2026, period=2, value=D(100))
    ActualFactory(indicator=indicator, year=2026, period=1, value=D(91), status=Actual.Status.VERIFIED)
    ActualFactory(indicator=indicator, year=2026, period=2, value=D(50), status=Actual.Status.SUBMITTED)
    assert compute_ratings(policy=policy) == 2
    official = IndicatorRating.objects.get(is_official=True)
    working = IndicatorRating.objects.get(is_official=False)
    assert (official.period, official.rag, official.policy_version, official.is_latest) == (1, "green", 7, True)
    assert (working.period, working.rag, working.is_latest) == (2, "red", True)
    assert project_indicator_rating(indicator.project) == "green"  # the unverified Red does not count


@pytest.mark.django_db
def test_project_rag_includes_the_indicator_dimension(indicator: Any) -> None:
    TargetFactory(indicator=indicator, value=D(100))
    ActualFactory(indicator=indicator, value=D(70))
    compute_ratings()
    import datetime

    result = ragmod.project_rag(indicator.project, milestones=[], budget_lines=[], today=datetime.date(2026, 5, 1))
    assert result.indicators == "red"
    assert result.overall == "red"


@pytest.mark.django_db
def test_recompute_is_idempotent(indicator: Any) -> None:
    TargetFactory(indicator=indicator, value=D(100))
    ActualFactory(indicator=indicator, value=D(90))
    compute_ratings()
    compute_ratings(indicator_ids=[indicator.pk])
    assert IndicatorRating.objects.count() == 1


@pytest.mark.django_db
def test_strategic_indicators_are_seeded() -> None:
    """The data migration's seed (run again here: transactional tests elsewhere may have flushed its rows)."""
    import importlib

    from django.apps import apps

    from monitoring.models import Indicator

    importlib.import_module("monitoring.migrations.0002_seed_strategic_indicators").seed(apps, None)
    eiu = Indicator.objects.get(code="S-01")
    assert eiu.level == "strategic"
    assert eiu.higher_is_better is False
    assert Indicator.objects.filter(code="S-02", higher_is_better=True).exists()
    assert IndicatorFactory.build().level == "project"
