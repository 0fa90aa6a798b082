"""What the public side may read of monitoring: a direction's indicators with SAC-verified actuals only.

Drafts, submitted and rejected values never leave the office; project-level indicators stay with their
projects (the direction page shows the strategic and program indicators of the direction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from monitoring.models import Actual, Indicator, Target, period_label
from pmis.reference.models import Direction


@dataclass(frozen=True)
class PublicPoint:
    label: str
    plan: Decimal | None
    actual: Decimal | None


@dataclass(frozen=True)
class PublicIndicator:
    """One indicator as citizens see it: name, unit, the plan per period and the verified actual per period."""

    code: str
    name: str
    unit: str
    higher_is_better: bool
    points: list[PublicPoint] = field(default_factory=list)

    @property
    def verified(self) -> list[PublicPoint]:
        return [p for p in self.points if p.actual is not None]

    @property
    def recent(self) -> list[PublicPoint]:
        """The last six verified values, oldest first: the trend a reader can follow."""
        return self.verified[-6:]

    @property
    def latest(self) -> PublicPoint | None:
        verified = self.verified
        return verified[-1] if verified else None

    @property
    def trend(self) -> str:
        """ "up", "down", "flat" or "" (fewer than two verified values): the direction of the last change."""
        verified = self.verified
        if len(verified) < 2:
            return ""
        last, previous = verified[-1].actual, verified[-2].actual
        assert last is not None
        assert previous is not None
        if last > previous:
            return "up"
        if last < previous:
            return "down"
        return "flat"

    @property
    def improving(self) -> bool | None:
        """Whether the last change is for the better (None: no change to judge)."""
        if self.trend in ("", "flat"):
            return None
        return (self.trend == "up") == self.higher_is_better


def public_direction_indicators(direction: Direction, *, limit: int = 30) -> list[PublicIndicator]:
    """The direction's current (not retired) indicators above project level with their verified actuals,
    in three queries whatever the number of indicators and periods."""
    indicators = (
        Indicator.objects.filter(direction=direction, project__isnull=True, retired_at__isnull=True)
        .only("id", "code", "name_ru", "name_kk", "name_en", "unit", "higher_is_better", "frequency", "level")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year", "period")),
            Prefetch(
                "actuals",
                queryset=Actual.objects.filter(status=Actual.Status.VERIFIED)
                .only("id", "indicator_id", "year", "period", "value", "status")
                .order_by("year", "period"),
            ),
        )
        .order_by("level", "code")[:limit]
    )
    result: list[PublicIndicator] = []
    for indicator in indicators:
        plans = {(t.year, t.period): t.value for t in indicator.targets.all()}
        actuals = {(a.year, a.period): a.value for a in indicator.actuals.all()}
        points = [
            PublicPoint(
                label=period_label(indicator.frequency, *key), plan=plans.get(key), actual=actuals.get(key)
            )
            for key in sorted(set(plans) | set(actuals))
        ]
        result.append(
            PublicIndicator(
                code=indicator.code,
                name=indicator.name,
                unit=indicator.unit_text,
                higher_is_better=indicator.higher_is_better,
                points=points,
            )
        )
    return result
