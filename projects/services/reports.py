"""Writes on monthly status reports: the computed RAG (MONITORING.md, projects.rag) and the review workflow.

draft / returned → submitted (project editors) → accepted (frozen) or returned with remarks (the coordinators
of the project's direction). The computed RAG is refreshed on every save and on submit, and frozen on
acceptance, when it also becomes the project's RAG.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core.texts import month, msg
from pmis.notifications.services import notify
from projects import rag
from projects.models import BudgetLine, Milestone, Project, RagPolicy, StatusReport

Status = StatusReport.Status
EDITABLE = (Status.DRAFT, Status.RETURNED)
TEXT_FIELDS = ["narrative", "achievements", "problems", "next_steps", "decisions_requested"]
RAG_FIELDS = ["rag_indicators", "rag_milestones", "rag_finance", "rag_overall", "rag_policy_version"]
# the computed colours each point of the five-point confidence scale agrees with (otherwise: a rationale)
CONFIDENCE_MATCHES = {
    "green": {"green"},
    "amber_green": {"green", "amber"},
    "amber": {"amber"},
    "amber_red": {"amber", "red"},
    "red": {"red"},
}


def period_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def report_as_of(report: StatusReport, today: datetime.date | None = None) -> datetime.date:
    """The date the report's RAG is computed for: the end of its month, or today while the month runs."""
    today = today or timezone.localdate()
    return min(period_end(report.period_year, report.period_month), today)


def compute_rag(project: Project, *, as_of: datetime.date, policy: Any = None) -> rag.ProjectRag:
    """The project's computed RAG on a date under the current (or given) policy; reads only."""
    policy = policy or RagPolicy.current()
    milestones = list(Milestone.objects.filter(project=project).only(
        "planned_date", "forecast_date", "actual_date", "is_critical"
    ))
    lines = list(BudgetLine.objects.filter(project=project).only("year", "plan", "disbursed"))
    return rag.project_rag(project, milestones=milestones, budget_lines=lines, today=as_of, policy=policy)


def confidence_differs(confidence: str, overall: str) -> bool:
    """True when the assessed confidence does not match the computed overall RAG (which then needs a rationale)."""
    if not confidence or overall == "none":
        return False
    return overall not in CONFIDENCE_MATCHES.get(confidence, set())


def _apply_rag(report: StatusReport, today: datetime.date | None = None) -> None:
    result = compute_rag(report.project, as_of=report_as_of(report, today))
    report.rag_indicators = result.indicators
    report.rag_milestones = result.milestones
    report.rag_finance = result.finance
    report.rag_overall = result.overall
    report.rag_policy_version = result.policy_version


def _check_confidence(report: StatusReport) -> None:
    if confidence_differs(report.confidence, report.rag_overall) and not (report.confidence_rationale or "").strip():
        raise ValidationError(
            {
                "confidence_rationale": _(
                    "The assessed confidence differs from the computed RAG (%(rag)s): write the rationale."
                )
                % {"rag": report.get_rag_overall_display()}
            }
        )


def _refuse_frozen(report: StatusReport) -> None:
    current = StatusReport.objects.filter(pk=report.pk).values_list("status", flat=True).first()
    if current is not None and current not in EDITABLE:
        raise ValidationError(_("This report is submitted or accepted and can no longer be changed."))


@transaction.atomic
def status_report_save(*, report: StatusReport, actor: Any, today: datetime.date | None = None) -> StatusReport:
    """Create or edit a draft (or returned) report; the computed RAG is refreshed, one report per month."""
    if report.pk is not None:
        _refuse_frozen(report)
    elif StatusReport.objects.filter(
        project_id=report.project_id, period_year=report.period_year, period_month=report.period_month
    ).exists():
        raise ValidationError({"period_month": _("There is already a status report for this month.")})
    _apply_rag(report, today)
    report.full_clean(validate_unique=False, validate_constraints=False)
    _check_confidence(report)
    if report.pk is None:
        report.status = Status.DRAFT
        report.save()
    else:
        report.save(update_fields=[*TEXT_FIELDS, *RAG_FIELDS, "confidence", "confidence_rationale", "updated_at"])
    return report


def _url(report: StatusReport) -> str:
    return reverse("projects:report-detail", args=[report.project_id, report.pk])


def _period(report: StatusReport) -> dict[str, object]:
    """The report's month as a stored argument ("December 2026", "желтоқсан 2026" for each reader)."""
    return month(datetime.date(report.period_year, report.period_month, 1))


def _lock(report: StatusReport) -> str:
    return StatusReport.objects.select_for_update().filter(pk=report.pk).values_list("status", flat=True).get()


@transaction.atomic
def status_report_submit(*, report: StatusReport, actor: Any, today: datetime.date | None = None) -> StatusReport:
    """Send the report to the direction's coordinators (RAG recomputed now) and notify them."""
    status = _lock(report)
    if status not in EDITABLE:
        raise ValidationError(_("Only a draft or returned report can be submitted."))
    if not (report.narrative or "").strip():
        raise ValidationError({"narrative": _("Write the summary of the period before submitting.")})
    if not report.confidence:
        raise ValidationError({"confidence": _("Assess the delivery confidence before submitting.")})
    _apply_rag(report, today)
    _check_confidence(report)
    report.status = Status.SUBMITTED
    report.submitted_by = actor
    report.submitted_at = timezone.now()
    report.save(update_fields=[*RAG_FIELDS, "status", "submitted_by", "submitted_at", "updated_at"])
    project = report.project
    notify(
        recipients=list(project.direction.coordinators.all()),
        title=msg("Status report %(period)s of %(code)s awaits your review", period=_period(report), code=project.code),
        url=_url(report),
    )
    return report


@transaction.atomic
def status_report_return(*, report: StatusReport, actor: Any, remarks: str) -> StatusReport:
    if not (remarks or "").strip():
        raise ValidationError({"review_remarks": _("Write the remarks: what must be corrected.")})
    if _lock(report) != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    report.status = Status.RETURNED
    report.review_remarks = remarks.strip()
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "review_remarks", "reviewed_by", "reviewed_at", "updated_at"])
    notify(
        recipients=[report.submitted_by],
        title=msg(
            "Status report %(period)s of %(code)s returned with remarks", period=_period(report), code=report.project.code
        ),
        body=report.review_remarks,
        url=_url(report),
        kind="warning",
    )
    return report


@transaction.atomic
def status_report_accept(*, report: StatusReport, actor: Any, remarks: str = "") -> StatusReport:
    """Accept and freeze the report; its computed RAG and confidence become the project's."""
    if _lock(report) != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    report.status = Status.ACCEPTED
    report.review_remarks = (remarks or "").strip()
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "review_remarks", "reviewed_by", "reviewed_at", "updated_at"])
    project = report.project
    latest = (
        StatusReport.objects.filter(project=project, status=Status.ACCEPTED)
        .order_by("-period_year", "-period_month")
        .values_list("pk", flat=True)
        .first()
    )
    if latest == report.pk:  # an older month accepted late does not overwrite a newer rating
        project.rag = report.rag_overall
        project.rag_policy_version = report.rag_policy_version
        project.confidence = report.confidence
        project.save(update_fields=["rag", "rag_policy_version", "confidence", "updated_at"])
    notify(
        recipients=[report.submitted_by],
        title=msg("Status report %(period)s of %(code)s accepted", period=_period(report), code=project.code),
        url=_url(report),
        kind="success",
    )
    return report
