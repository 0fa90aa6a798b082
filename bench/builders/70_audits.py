"""Audits part of the synthetic city: an approved audit programme for the current year and a stratified,
risk-weighted sampling policy (type × three budget bands, every risk factor weighted, certainty above 4.9 bn ₸ and
for Red twice), which bench/jobs/audits_draw.py draws from over the whole city; quarter 4 is drawn here for the
page benchmarks (bench/pages/audits_draws.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

BENCH_PROGRAMME_QUOTA = 10


def build(scale: int, stdout: Any) -> None:
    from django.utils import timezone

    from audits.models import AuditDraw, AuditProgramme, SamplingPolicy
    from audits.services import draws as svc
    from pmis.accounts.models import User

    owner = User.objects.get(username="bench")
    year = timezone.localdate().year
    programme, _created = AuditProgramme.objects.update_or_create(
        year=year,
        defaults={
            "owner": owner,
            "quota_q1": BENCH_PROGRAMME_QUOTA,
            "quota_q2": BENCH_PROGRAMME_QUOTA,
            "quota_q3": BENCH_PROGRAMME_QUOTA,
            "quota_q4": BENCH_PROGRAMME_QUOTA,
            "objectives": "Бенчмарк: случайные аудиты проектов",
            "status": AuditProgramme.Status.APPROVED,
            "approved_by": owner,
            "approved_at": timezone.now(),
        },
    )
    policy, _created = SamplingPolicy.objects.update_or_create(
        programme=programme,
        version=1,
        defaults={
            "method": SamplingPolicy.Method.RISK_WEIGHTED,
            "eligible_stages": ["execution", "closure", "post_project"],
            "months_since_audit": 12,
            "stratify_by_type": True,
            "budget_bands": ["500000000", "2000000000"],
            "allocation": SamplingPolicy.Allocation.NEYMAN,
            "risk_weights": {
                "red_periods": "2",
                "budget": "1",
                "overdue_reports": "1",
                "open_escalations": "1",
                "findings": "1",
            },
            "certainty_budget_threshold": Decimal("4900000000"),
            "certainty_red_twice": True,
            "sample_size": 40,
            "created_by": owner,
        },
    )
    # a drawn draw of the last quarter for the page benchmarks (bench/pages/audits_draws.py); the job draws another
    if not AuditDraw.objects.filter(programme=programme, quarter=4).exists():
        draw = svc.draw_freeze(
            programme=programme, quarter=4, policy=policy, cutoff=timezone.localdate(), actor=owner
        )
        svc.draw_seed_dice(draw=draw, digits="27182818284590452353602874", witnesses=["Bench"], actor=owner)
        svc.draw_run(draw=draw, actor=owner)
    stdout.write(f"audits: programme {year} approved, sampling policy v1 (risk-weighted, Neyman), Q4 drawn\n")
