"""Audits part of the synthetic city (fieldwork): 300 audits of the 2024 programme over the bench projects, each
with the full checklist answered (pre-check figures stored), evidence on every third answer, and 12 findings
per audit (3,600 findings in all), so the list and the audit page are measured with many rows behind them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

AUDITS = 300
FINDINGS_PER_AUDIT = 12


def build(scale: int, stdout: Any) -> None:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from audits.models import (
        Audit,
        AuditProgramme,
        AuditTeamMember,
        ChecklistAnswer,
        ChecklistVersion,
        Evidence,
        Finding,
    )
    from pmis.accounts import roles
    from pmis.accounts.models import Organization, User
    from projects.models import Project

    checklist = (
        ChecklistVersion.objects.filter(status=ChecklistVersion.Status.ACTIVE).order_by("-version").first()
    )
    if checklist is None:
        stdout.write("audits.fieldwork: no active checklist, skipped\n")
        return
    items = list(checklist.items.order_by("number"))
    adc = Organization.objects.filter(kind=Organization.Kind.PROJECT_OFFICE).first()
    group = Group.objects.get_or_create(name=roles.AUDITOR)[0]
    auditors = []
    for i in range(6):
        user, _ = User.objects.get_or_create(
            username=f"bench-auditor-{i}",
            defaults={"first_name": "Auditor", "last_name": f"{i}", "organization": adc},
        )
        user.groups.add(group)
        auditors.append(user)
    programme, _ = AuditProgramme.objects.get_or_create(year=2024, defaults={"owner": auditors[0]})
    projects = list(Project.objects.order_by("pk").values_list("pk", "project_type")[:AUDITS])
    now = timezone.now()
    audits = Audit.objects.bulk_create(
        [
            Audit(
                number=f"AUD-2024-{i + 1:04d}",
                programme=programme,
                project_id=pk,
                checklist=checklist,
                status=[
                    Audit.Status.FIELDWORK,
                    Audit.Status.PLANNED,
                    Audit.Status.RESPONSE,
                    Audit.Status.ISSUED,
                ][i % 4],
                lead=auditors[i % len(auditors)],
                cutoff_date=datetime.date(2024, 9, 30),
                planned_start=datetime.date(2024, 10, 1) + datetime.timedelta(days=i % 60),
                planned_finish=datetime.date(2024, 11, 1) + datetime.timedelta(days=i % 60),
                created_by=auditors[0],
                score=Decimal("0.8125"),
                rating="medium",
            )
            for i, (pk, _type) in enumerate(projects)
        ],
        batch_size=1000,
    )
    AuditTeamMember.objects.bulk_create(
        [
            AuditTeamMember(audit=a, user=a.lead, role=AuditTeamMember.Role.LEAD, declared_at=now)
            for a in audits
        ],
        batch_size=1000,
    )
    results = ["compliant", "partial", "non_compliant", "compliant", "na"]
    fact = [{"key": "%(n)s of %(total)s status reports on time.", "args": {"n": 3, "total": 4}}]
    answers = ChecklistAnswer.objects.bulk_create(
        [
            ChecklistAnswer(
                audit=a,
                item=item,
                result=results[(a.pk + item.number) % len(results)],
                precheck_status="passed" if item.precheck else "not_checked",
                precheck_facts=fact if item.precheck else [],
                answered_by=a.lead,
                answered_at=now,
            )
            for a in audits
            for item in items
        ],
        batch_size=2000,
    )
    Evidence.objects.bulk_create(
        [
            Evidence(
                answer=answer,
                original_name=f"evidence-{answer.pk}.pdf",
                sha256="0" * 64,
                size=1024,
                description="Bench evidence",
                added_by=auditors[0],
            )
            for index, answer in enumerate(answers)
            if index % 3 == 0
        ],
        batch_size=2000,
    )
    Finding.objects.bulk_create(
        [
            Finding(
                audit=a,
                number=n + 1,
                item=items[n % len(items)],
                severity=["critical", "major", "minor"][n % 3],
                title=f"Bench finding {n + 1}",
                description="Condition and evidence.",
                created_by=a.lead,
            )
            for a in audits
            for n in range(FINDINGS_PER_AUDIT)
        ],
        batch_size=2000,
    )
    stdout.write(
        f"audits.fieldwork: {len(audits)} audits, {len(answers)} answers, "
        f"{len(audits) * FINDINGS_PER_AUDIT} findings\n"
    )
