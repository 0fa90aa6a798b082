"""Demo data of the programme area, for `audits/demo.py` to call: this year's approved audit programme (owned by
the auditor, approved by the Project Office) and its first sampling-policy version (a draft until the demo draw
fixes it). Idempotent: a second run finds what the first wrote. Leaves `ctx["audit_programme"]` and
`ctx["audit_policy"]` for the demo modules that follow (draws, fieldwork)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from audits.models import AuditProgramme, SamplingPolicy
from audits.services.programme import policy_new_version, programme_approve, programme_create


def load(ctx: dict[str, Any]) -> None:
    users = ctx["users"]
    auditor, pmo = users["auditor"], users["pmo"]
    year = timezone.localdate().year
    programme = AuditProgramme.objects.filter(year=year).first() or programme_create(
        actor=auditor,
        year=year,
        owner=auditor,
        quota_q1=2,
        quota_q2=3,
        quota_q3=3,
        quota_q4=2,
        objectives=(
            "Проверить соблюдение регламентов управления проектами: паспорт, показатели, план, бюджет, "
            "отчётность, изменения и риски (ДЕМО)."
        ),
    )
    if programme.status == AuditProgramme.Status.DRAFT and programme.owner_id != pmo.pk:
        programme = programme_approve(programme=programme, actor=pmo, note="Утверждено (ДЕМО)")
    policy = SamplingPolicy.objects.filter(programme=programme).order_by(
        "-version"
    ).first() or policy_new_version(programme=programme, actor=auditor)
    ctx["audit_programme"] = programme
    ctx["audit_policy"] = policy
