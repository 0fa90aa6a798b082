"""Rules that fill the review queue by themselves: a change request over its tolerance, an item Red for two
consecutive periods (monitoring's escalation), an overdue critical audit finding (audits' escalation). Each
becomes a submission in the coordinator's queue."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from monitoring.services.escalations import escalations_mark_taken, escalations_pending, escalations_to_take
from pmis.core.texts import msg, nmsg
from pmis.notifications.services import notify
from portfolio.models import (
    Submission,
    ToleranceRule,
)
from portfolio.services.common import (
    COORDINATOR_DAYS,
    local_today,
    stored_title,
)
from portfolio.services.submissions import submission_create
from portfolio.services.tolerance import tolerance_excess

logger = logging.getLogger("pmis.portfolio")
S = Submission.Status


def tolerance_scan() -> int:
    """Submitted change requests over their tolerance that are not yet in the queue become submissions."""
    from projects.models import ChangeRequest

    queued = Submission.objects.filter(change_request__isnull=False).values("change_request_id")
    changes = (
        ChangeRequest.objects.filter(
            status__in=[ChangeRequest.Status.SUBMITTED, ChangeRequest.Status.ASSESSED]
        )
        .exclude(pk__in=queued)
        .select_related("project", "project__direction", "submitted_by")
    )
    rules = {r.direction_id: r for r in ToleranceRule.objects.filter(is_active=True)}
    made = 0
    for change in changes:
        rule = rules.get(change.project.direction_id) or rules.get(None) or ToleranceRule()
        reason = tolerance_excess(change, rule)
        if reason is not None:
            submission_create(
                project=change.project,
                actor=change.submitted_by,
                kind=Submission.Kind.CHANGE_REQUEST,
                title=msg("Change request %(n)s: %(title)s", n=change.number, title=change.title),
                request=f"{change.description}\n\n{change.justification}".strip() or change.title,
                reason=reason,
                change_request=change,
                origin=Submission.Origin.TOLERANCE,
            )
            made += 1
    return made


def escalation_receive(project: Any, alert: Any, reason: str) -> None:
    """monitoring's hook, called once per item Red for two consecutive periods, after monitoring recorded the
    durable Escalation row in the same transaction. Nothing is kept in memory: when that transaction commits, a
    task takes every untaken row into the queue at once (bulk rows, one notice per direction); a rolled-back
    scan leaves no row and so nothing to file; if the task cannot run, the periodic sweep takes the rows."""
    if project is None:
        return
    transaction.on_commit(_dispatch_take)


def _dispatch_take() -> None:
    from portfolio.tasks import escalations_take_task

    if not escalations_pending():  # an earlier callback of the same commit already took them (eager runs)
        return
    try:
        escalations_take_task.delay()
    except (
        OperationalError,
        OSError,
    ):  # the broker is down: the rows wait for the sweep, the scan must not fail
        logger.warning(
            "portfolio: could not dispatch escalations_take; the sweep will take the rows", exc_info=True
        )


@transaction.atomic
def escalations_take() -> int:
    """File every untaken escalation as a status-exception submission, each once, in its coordinator's queue
    (one notice per direction); the escalation rows are marked taken, with history."""
    from django.urls import reverse
    from simple_history.utils import bulk_create_with_history

    from pmis.reference.models import Direction

    escalations = escalations_to_take()
    if not escalations:
        return 0
    taken = set(
        Submission.objects.filter(escalation_id__in=[e.pk for e in escalations]).values_list(
            "escalation_id", flat=True
        )
    )
    now, due = timezone.now(), local_today() + datetime.timedelta(days=COORDINATOR_DAYS)
    rows = []
    for escalation in escalations:
        if escalation.pk in taken:
            continue
        alert, project = escalation.alert, escalation.project
        assert project is not None  # escalations_to_take takes project escalations only
        rows.append(
            Submission(
                project=project,
                direction_id=project.direction_id,
                kind=Submission.Kind.STATUS_EXCEPTION,
                origin=Submission.Origin.ESCALATION,
                escalation_id=escalation.pk,
                status=S.AT_COORDINATOR,
                **stored_title(msg("Red for two consecutive periods: %(subject)s", subject=alert.title)),
                reason_msg=msg(
                    "Red for two consecutive periods (up to %(period)s): %(subject)s",
                    period=alert.period_label,
                    subject=alert.title,
                ).as_json(),
                request="",
                submitted_at=now,
                step_due=due,
            )
        )
    created = bulk_create_with_history(rows, Submission, batch_size=1000)
    escalations_mark_taken(escalations=escalations, when=now)
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        counts[row.direction_id] += 1
    for direction in Direction.objects.filter(pk__in=list(counts)).prefetch_related("coordinators"):
        n = counts[direction.pk]
        notify(
            recipients=direction.coordinators.all(),
            title=nmsg(
                "%(n)d item Red for two consecutive periods is in your review queue",
                "%(n)d items Red for two consecutive periods are in your review queue",
                "n",
                n=n,
            ),
            url=f"{reverse('portfolio:queue')}?kind={Submission.Kind.STATUS_EXCEPTION}",
            kind="warning",
        )
    return len(created)


@transaction.atomic
def audit_findings_take() -> int:
    """File every escalated audit finding not yet taken (an open critical finding whose corrective action or
    management response is overdue) as an audit-finding submission, each once, in its coordinator's queue (one
    notice per direction); the findings are marked taken, with history."""
    from django.urls import reverse
    from simple_history.utils import bulk_create_with_history

    from audits.services.findings import findings_mark_taken, findings_to_take
    from pmis.core.texts import choice
    from pmis.reference.models import Direction

    findings = findings_to_take()
    if not findings:
        return 0
    taken = set(
        Submission.objects.filter(audit_finding_id__in=[f.pk for f in findings]).values_list(
            "audit_finding_id", flat=True
        )
    )
    now, due = timezone.now(), local_today() + datetime.timedelta(days=COORDINATOR_DAYS)
    rows = []
    for finding in findings:
        if finding.pk in taken:
            continue
        audit, project = finding.audit, finding.audit.project
        rows.append(
            Submission(
                project=project,
                direction_id=project.direction_id,
                kind=Submission.Kind.AUDIT_FINDING,
                origin=Submission.Origin.AUDIT,
                audit_finding_id=finding.pk,
                status=S.AT_COORDINATOR,
                **stored_title(
                    msg(
                        "Overdue critical audit finding %(audit)s-%(number)s: %(title)s",
                        audit=audit.number,
                        number=finding.number,
                        title=finding.title,
                    )
                ),
                reason_msg=msg(
                    "Audit %(audit)s, finding %(number)s (%(severity)s): its corrective action or management "
                    "response is overdue",
                    audit=audit.number,
                    number=finding.number,
                    severity=choice(finding, "severity"),
                ).as_json(),
                request=finding.recommendation or finding.description,
                submitted_at=now,
                step_due=due,
            )
        )
    created = bulk_create_with_history(rows, Submission, batch_size=1000)
    findings_mark_taken(findings=findings, when=now)
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        counts[row.direction_id] += 1
    for direction in Direction.objects.filter(pk__in=list(counts)).prefetch_related("coordinators"):
        n = counts[direction.pk]
        notify(
            recipients=direction.coordinators.all(),
            title=nmsg(
                "%(n)d overdue critical audit finding is in your review queue",
                "%(n)d overdue critical audit findings are in your review queue",
                "n",
                n=n,
            ),
            url=f"{reverse('portfolio:queue')}?kind={Submission.Kind.AUDIT_FINDING}",
            kind="warning",
        )
    return len(created)
