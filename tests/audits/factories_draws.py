"""Draw-area helpers: an approved programme with a policy, a small city of eligible projects, a drawn draw."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from audits import models
from audits.services import draws as svc
from tests.audits.factories import PolicyFactory, ProgrammeFactory
from tests.factories import DirectionFactory, OrganizationFactory
from tests.projects.factories import ProjectFactory

CUTOFF = datetime.date(2026, 7, 1)
DICE = "31415926535897932384"
TYPES = ["construction", "social", "digital"]


def approved_programme(**kwargs: Any) -> models.AuditProgramme:
    programme = ProgrammeFactory(**kwargs)
    programme.status = models.AuditProgramme.Status.APPROVED
    programme.approved_at = timezone.now()
    programme.save(update_fields=["status", "approved_at"])
    return programme


def policy_for(programme: models.AuditProgramme, **kwargs: Any) -> models.SamplingPolicy:
    defaults: dict[str, Any] = {
        "method": models.SamplingPolicy.Method.RISK_WEIGHTED,
        "sample_size": 4,
        "certainty_budget_threshold": Decimal("9000000000"),
    }
    return PolicyFactory(programme=programme, **{**defaults, **kwargs})


def city(count: int = 12, prefix: str = "PRJ-CITY", **kwargs: Any) -> list[Any]:
    """`count` executing projects of three types, budgets 0.5 … bn ₸ (every fourth above 1 bn ₸)."""
    direction, department = DirectionFactory(), OrganizationFactory()
    return [
        ProjectFactory(
            code=f"{prefix}-{i:03d}",
            direction=direction,
            department=department,
            project_type=TYPES[i % 3],
            total_budget_plan=Decimal(2_000_000_000 if i % 4 == 0 else 500_000_000 + i),
            **kwargs,
        )
        for i in range(1, count + 1)
    ]


def drawn_draw(actor: Any, *, year: int = 2026, quarter: int = 3, **policy: Any) -> models.AuditDraw:
    """Freeze, seed with dice digits and run a draw over the projects that exist."""
    programme = approved_programme(owner=actor, year=year)
    draw = svc.draw_freeze(
        programme=programme,
        quarter=quarter,
        policy=policy_for(programme, **policy),
        cutoff=CUTOFF,
        actor=actor,
    )
    svc.draw_seed_dice(draw=draw, digits=DICE, witnesses=["Observer of the public council"], actor=actor)
    return svc.draw_run(draw=draw, actor=actor)
