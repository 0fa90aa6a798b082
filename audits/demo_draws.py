"""Demo of the draw area for `manage.py load_demo`: a completed, publicly verifiable draw of the current year's
audit programme (and a programme and policy of its own when the programme area's demo has not made them), plus
the next quarter's population frozen and waiting for its seed, so every draw page can be tried at once.
audits/demo.py calls `load(ctx)` after the programme area's demo."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from audits.models import AuditDraw, AuditProgramme, SamplingPolicy
from audits.services import draws as svc

DEMO_DICE = "40281937561029384756102938"


def _programme(auditor: Any, head: Any) -> AuditProgramme:
    programme, _created = AuditProgramme.objects.get_or_create(
        year=timezone.localdate().year,
        defaults={
            "owner": auditor,
            "quota_q1": 3,
            "quota_q2": 3,
            "quota_q3": 3,
            "quota_q4": 3,
            "objectives": "Проверка соблюдения регламентов управления проектами (демонстрация)",
        },
    )
    if programme.status != AuditProgramme.Status.APPROVED:
        programme.status = AuditProgramme.Status.APPROVED
        programme.approved_by = head
        programme.approved_at = timezone.now()
        programme._history_user = head
        programme.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return programme


def _policy(programme: AuditProgramme, auditor: Any) -> SamplingPolicy:
    policy = programme.policies.order_by("-version").first()
    if policy is not None:
        return policy
    policy = SamplingPolicy(
        programme=programme,
        version=1,
        method=SamplingPolicy.Method.RISK_WEIGHTED,
        eligible_stages=["execution", "closure", "post_project"],
        months_since_audit=12,
        budget_bands=["1000000000"],
        allocation=SamplingPolicy.Allocation.PROPORTIONAL,
        risk_weights={
            "red_periods": "2",
            "budget": "1",
            "overdue_reports": "1",
            "open_escalations": "1",
            "findings": "1",
        },
        certainty_budget_threshold=Decimal("20000000000"),
        sample_size=3,
        created_by=auditor,
    )
    policy.full_clean()
    policy._history_user = auditor
    policy.save()
    return policy


def load(ctx: dict[str, Any]) -> None:
    users = ctx["users"]
    auditor, head = users["auditor"], users.get("pmo", users["auditor"])
    programme = _programme(auditor, head)
    policy = _policy(programme, auditor)
    today = timezone.localdate()
    free = [q for q in (1, 2, 3, 4) if not AuditDraw.objects.filter(programme=programme, quarter=q).exists()]
    if len(free) < 2:
        return
    drawn = svc.draw_freeze(programme=programme, quarter=free[0], policy=policy, cutoff=today, actor=auditor)
    svc.draw_seed_dice(
        draw=drawn,
        digits=DEMO_DICE,
        witnesses=["Представитель общественного совета", "Журналист городской газеты"],
        actor=auditor,
    )
    drawn = svc.draw_run(draw=drawn, actor=auditor)
    svc.draw_freeze(programme=programme, quarter=free[1], policy=policy, cutoff=today, actor=auditor)
    if "stdout" in ctx:
        ctx["stdout"].write(
            f"audits: draw {drawn.number} drawn ({len(drawn.population)} projects), next frozen\n"
        )
