"""Audits part of the synthetic city for the analytics page: 2,000 issued audits (programmes 2024–2025) with
their 14 checklist answers, 1–3 findings each and corrective actions for the critical and major ones, plus 200
audits still open; bulk-created (the bench needs the rows, not their history)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

ISSUED = 2000
OPEN = 200
RESULTS = ["compliant", "compliant", "partial", "non_compliant", "compliant", "na"]
SCORES = {"compliant": Decimal(1), "partial": Decimal("0.5"), "non_compliant": Decimal(0)}


def build(scale: int, stdout: Any) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from audits.models import (
        Audit,
        AuditProgramme,
        ChecklistAnswer,
        ChecklistVersion,
        CorrectiveAction,
        Finding,
    )
    from audits.scoring import rating_for
    from pmis.accounts import roles
    from projects.models import Project

    user_model = get_user_model()
    bench = user_model.objects.get(username="bench")
    leads = [
        bench,
        *user_model.objects.filter(groups__name=roles.AUDITOR).exclude(pk=bench.pk).order_by("pk")[:9],
    ]
    owners = list(user_model.objects.filter(groups__name=roles.PROJECT_MANAGER).order_by("pk")[:50]) or [
        bench
    ]
    checklist = ChecklistVersion.objects.filter(version=1).first()
    if checklist is None:
        stdout.write("audits reports: no checklist version 1, skipped\n")
        return
    items = list(checklist.items.order_by("number"))
    programmes = {
        year: AuditProgramme.objects.get_or_create(
            year=year, defaults={"owner": bench, "status": "approved", "quota_q1": 250, "quota_q2": 250}
        )[0]
        for year in (2024, 2025)
    }
    projects = list(
        Project.objects.filter(is_confidential=False).order_by("pk").values_list("pk", flat=True)[:ISSUED]
    )
    if not projects:
        stdout.write("audits reports: no projects, skipped\n")
        return
    tz = timezone.get_current_timezone()
    audits = []
    for i in range(ISSUED + OPEN):
        year = 2024 + i % 2
        start = datetime.date(year, 1 + i % 12, 1 + i % 28)
        issued = i < ISSUED
        audits.append(
            Audit(
                number=f"BENCH-AUD-{i:05d}",
                programme=programmes[year],
                project_id=projects[i % len(projects)],
                checklist=checklist,
                status=Audit.Status.ISSUED if issued else ("fieldwork", "response", "draft_report")[i % 3],
                lead=leads[i % len(leads)],
                cutoff_date=start,
                planned_start=start,
                planned_finish=start + datetime.timedelta(days=20),
                issued_at=datetime.datetime.combine(
                    start + datetime.timedelta(days=40), datetime.time(12), tzinfo=tz
                )
                if issued
                else None,
                created_by=bench,
            )
        )
    audits = Audit.objects.bulk_create(audits, batch_size=1000)
    answers = []
    for i, audit in enumerate(audits):
        total = weight = Decimal(0)
        for k, item in enumerate(items):
            result = RESULTS[(i + k * 3) % len(RESULTS)]
            answers.append(ChecklistAnswer(audit=audit, item=item, result=result, answered_by=audit.lead))
            if result in SCORES:
                total += item.weight * SCORES[result]
                weight += item.weight
        if audit.status == Audit.Status.ISSUED and weight:
            audit.score = (total / weight).quantize(Decimal("0.0001"))
            audit.rating = rating_for(audit.score)
    ChecklistAnswer.objects.bulk_create(answers, batch_size=5000)
    Audit.objects.bulk_update(
        [a for a in audits if a.score is not None], ["score", "rating"], batch_size=1000
    )
    findings = []
    for i, audit in enumerate(audits):
        for n in range(1 + i % 3):
            findings.append(
                Finding(
                    audit=audit,
                    number=n + 1,
                    item=items[(i + n * 5) % len(items)],
                    severity=("critical", "major", "minor", "minor", "major")[(i + n) % 5],
                    title=f"Bench finding {i}-{n + 1}",
                    description="Bench",
                    created_by=audit.lead,
                )
            )
    findings = Finding.objects.bulk_create(findings, batch_size=5000)
    today = timezone.localdate()
    actions = [
        CorrectiveAction(
            finding=f,
            description="Bench action",
            owner=owners[i % len(owners)],
            due_date=today + datetime.timedelta(days=(i % 240) - 150),
            status=("open", "done", "verified", "verified")[i % 4],
        )
        for i, f in enumerate(findings)
        if f.severity != "minor"
    ]
    CorrectiveAction.objects.bulk_create(actions, batch_size=5000)
    stdout.write(
        f"audits reports: {ISSUED} issued and {OPEN} open audits, {len(answers)} answers, {len(findings)} findings, "
        f"{len(actions)} actions\n"
    )
