"""Page-shaped reads of the findings area: an audit's findings with their actions and score, the corrective
actions a user sees. Query counts stay flat as rows grow (prefetching here, never in templates)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from audits import permissions
from audits.models import Audit, ChecklistAnswer, CorrectiveAction, Finding
from audits.scoring import BANDS, audit_score, rating_for
from audits.services.findings import response_due_of, response_is_late


@dataclass
class FindingRow:
    finding: Finding
    actions: list[CorrectiveAction]
    response_due: datetime.date | None
    late: bool
    overdue_actions: int
    can_edit: bool = False
    can_respond: bool = False
    can_accept: bool = False
    can_add_action: bool = False


@dataclass
class FindingsPage:
    rows: list[FindingRow]
    score: Decimal | None
    rating: str
    bands: list[tuple[Decimal, str, Any]] = field(default_factory=lambda: list(BANDS))
    can_work: bool = False
    can_respond: bool = False
    counts: dict[str, int] = field(default_factory=dict)


def audit_score_now(audit: Audit) -> Decimal | None:
    """The stored score once the report fixed it, else the score of the answers so far (one query)."""
    if audit.score is not None:
        return audit.score
    answers = ChecklistAnswer.objects.filter(audit=audit).values_list("item__weight", "result")
    return audit_score(answers)


def findings_page(user: Any, audit: Audit, *, today: datetime.date) -> FindingsPage:
    """The findings tab: findings in number order with item, responder and actions (owner) — three queries —
    plus the score; the permissions are the same for every row, computed once."""
    findings = list(
        Finding.objects.filter(audit=audit)
        .select_related("item", "responded_by")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=CorrectiveAction.objects.select_related("owner").order_by("due_date", "pk"),
            )
        )
        .order_by("number")
    )
    can_work = permissions.can_work_on(user, audit)
    can_respond = permissions.can_respond(user, audit)
    can_follow = permissions.can_follow_up(user, audit)
    rows = []
    counts = dict.fromkeys(Finding.Severity.values, 0)
    for f in findings:
        actions = list(f.actions.all())
        counts[f.severity] += 1
        is_open = f.status == Finding.Status.OPEN
        rows.append(
            FindingRow(
                finding=f,
                actions=actions,
                response_due=response_due_of(f, audit),
                late=response_is_late(f, audit),
                overdue_actions=sum(
                    1 for a in actions if a.status == CorrectiveAction.Status.OPEN and a.due_date < today
                ),
                can_edit=can_work and is_open,
                can_respond=can_respond and is_open,
                can_accept=(
                    can_follow
                    and is_open
                    and f.severity == Finding.Severity.MINOR
                    and not actions
                    and bool(f.management_response)
                ),
                can_add_action=(can_work or can_respond) and is_open,
            )
        )
    score = audit_score_now(audit)
    return FindingsPage(
        rows=rows,
        score=score,
        rating=rating_for(score),
        can_work=can_work,
        can_respond=can_respond,
        counts=counts,
    )


def action_list(user: Any, filters: dict[str, Any], *, today: datetime.date) -> QuerySet[CorrectiveAction]:
    """The corrective actions the user sees (auditors: all; others: their own and those of findings they see),
    filtered by status, overdue, own and a search over the action, the finding and the audit/project codes."""
    qs = permissions.actions_visible_to(user).select_related(
        "owner", "finding", "finding__audit", "finding__audit__project"
    )
    status = filters.get("status")
    if status:
        qs = qs.filter(status=status)
    if filters.get("overdue"):
        qs = qs.filter(status=CorrectiveAction.Status.OPEN, due_date__lt=today)
    if filters.get("mine"):
        qs = qs.filter(owner=user)
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(
            Q(description__icontains=text)
            | Q(finding__title__icontains=text)
            | Q(finding__audit__number__icontains=text)
            | Q(finding__audit__project__code__icontains=text)
        )
    return qs.order_by("due_date", "pk")


def overdue_critical_findings(
    user: Any, *, today: datetime.date, limit: int = 5
) -> tuple[list[Finding], int]:
    """The Project Office home panel: open critical findings with an overdue action or response, of the audits
    the user sees."""
    qs = permissions.overdue_critical_findings_visible_to(user, today=today)
    rows = list(qs.select_related("audit", "audit__project").order_by("audit__number", "number")[:limit])
    return rows, (len(rows) if len(rows) < limit else qs.count())
