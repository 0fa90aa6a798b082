"""Builders for the report and analytics tests: a draw the audit came from, answers with evidence, an audit
walked to a given status, an issued audit with a given score."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from django.utils import timezone

from audits import models
from pmis.accounts import roles
from tests.audits.factories import (
    ActionFactory,
    AuditFactory,
    FindingFactory,
    PolicyFactory,
    ProgrammeFactory,
    checklist_v1,
)
from tests.factories import OrganizationFactory, UserFactory


def auditor_user(**fields: Any) -> Any:
    """An auditor (tests/audits/factories.AuditorFactory declares `roles` as a plain value, which turns the
    user factory's roles hook into a model field; this builds the same user through the hook)."""
    fields.setdefault("organization", OrganizationFactory(code="adc"))
    return UserFactory(roles=[roles.AUDITOR], **fields)


def draw_for(audit: models.Audit, *, number: str = "DRAW-2026-Q4") -> models.AuditDraw:
    """A drawn draw whose population holds the audit's project, attached to the audit."""
    population = [audit.project.code, "PRJ-X-1", "PRJ-X-2"]
    policy = PolicyFactory(programme=audit.programme, created_by=audit.lead)
    draw = models.AuditDraw.objects.create(
        number=number,
        programme=audit.programme,
        quarter=4,
        policy=policy,
        status=models.AuditDraw.Status.DRAWN,
        cutoff_date=audit.cutoff_date,
        population=population,
        population_sha256=hashlib.sha256("\n".join(population).encode()).hexdigest(),
        frozen_by=audit.lead,
        frozen_at=timezone.now(),
        seed="31415926535897932384",
        algorithm_version="rivest-sha256/1",
        result=[audit.project.code],
    )
    audit.draw = draw
    audit.save(update_fields=["draw"])
    return draw


def answer(audit: models.Audit, number: int, result: str, **fields: Any) -> models.ChecklistAnswer:
    item = audit.checklist.items.get(number=number)
    return models.ChecklistAnswer.objects.create(audit=audit, item=item, result=result, **fields)


def evidence(row: models.ChecklistAnswer, name: str, content: bytes) -> models.Evidence:
    return models.Evidence.objects.create(
        answer=row,
        original_name=name,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        added_by=row.audit.lead,
    )


def audit_at(status: str, *, lead: Any = None, **fields: Any) -> models.Audit:
    """An audit in `status` (the programme of 2026 owned by its lead, so no factory auditor is needed)."""
    checklist_v1()
    lead = lead or auditor_user()
    fields.setdefault("programme", ProgrammeFactory(owner=lead))
    return AuditFactory(status=status, lead=lead, **fields)


def issued_audit(score: str, *, issued: Any = None, **fields: Any) -> models.Audit:
    """An issued audit with the given score (as the report service would have stored it)."""
    from audits.scoring import rating_for

    value = Decimal(score)
    return audit_at(
        models.Audit.Status.ISSUED,
        score=value,
        rating=rating_for(value),
        issued_at=issued or timezone.now(),
        **fields,
    )


def finding_with_action(audit: models.Audit, severity: str, **action: Any) -> models.Finding:
    finding = FindingFactory(audit=audit, severity=severity)
    if action is not None:
        ActionFactory(finding=finding, **action)
    return finding
