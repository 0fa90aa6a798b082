"""The audit report: fieldwork → draft report → draft sent for the management response (a PDF in the language
chosen for the document, the project team notified, a deadline in working days) → final report issued (score,
rating, number NN/YYYY, a PDF whose SHA-256 is kept; the audit is immutable afterwards)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits import scoring
from audits.models import Audit, AuditReport, ChecklistAnswer, Finding
from audits.services.findings import findings_ready_for_issue
from pmis.core.jobs import job_create
from pmis.core.models import Job
from pmis.core.pdf import document_language
from pmis.core.portal import add_working_days
from pmis.core.texts import msg
from pmis.notifications.services import notify
from projects.selectors.team import project_team_users

# the audited team answers the draft within this many working days (the city's calendar)
RESPONSE_WORKING_DAYS = 10
# findings that cannot go into a final report without a corrective action
ACTION_REQUIRED = (Finding.Severity.CRITICAL, Finding.Severity.MAJOR)
PDF_JOB = "audits.report_pdf"
_NUMBER = re.compile(r"^(\d+)/(\d{4})$")

S = Audit.Status


def _locked(audit: Audit) -> Audit:
    """The audit row, locked for this transaction, so two clicks never both move it."""
    return Audit.objects.select_for_update().select_related("project").get(pk=audit.pk)


def _save(audit: Audit, actor: Any, fields: list[str]) -> None:
    audit._history_user = actor
    audit.full_clean()
    audit.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def report_draft_prepare(*, audit: Audit, actor: Any) -> Audit:
    """Close the fieldwork: the lead starts writing the draft report (status draft report)."""
    audit = _locked(audit)
    if audit.status != S.FIELDWORK:
        raise ValidationError(_("A draft report is prepared when the fieldwork is under way."))
    audit.status = S.DRAFT_REPORT
    _save(audit, actor, ["status"])
    return audit


def _new_report(*, audit: Audit, actor: Any, kind: str, language: str, number: str = "") -> AuditReport:
    report = AuditReport(
        audit=audit,
        kind=kind,
        number=number,
        language=document_language(language, "ru"),
        issued_by=actor,
        issued_at=timezone.now(),
    )
    report._history_user = actor
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_draft_send(*, audit: Audit, actor: Any, language: str, site_url: str = "") -> AuditReport:
    """Send the draft for the management response: the draft PDF is rendered by a job in `language`, the
    response is due in RESPONSE_WORKING_DAYS working days, findings without a deadline get that one, and the
    project's team is told (in each reader's language)."""
    audit = _locked(audit)
    if audit.status != S.DRAFT_REPORT:
        raise ValidationError(_("Only a draft report can be sent for the management response."))
    today = timezone.localdate()
    audit.status = S.RESPONSE
    audit.response_due = add_working_days(today, RESPONSE_WORKING_DAYS)
    _save(audit, actor, ["status", "response_due"])
    for finding in audit.findings.filter(response_due__isnull=True):
        finding.response_due = audit.response_due
        finding._history_user = actor
        finding.save(update_fields=["response_due", "updated_at"])
    report = _new_report(audit=audit, actor=actor, kind=AuditReport.Kind.DRAFT, language=language)
    report_pdf_request(report=report, actor=actor, site_url=site_url)
    notify(
        recipients=project_team_users(audit.project),
        title=msg(
            "Audit %(number)s of project %(code)s: the draft report waits for your response",
            number=audit.number,
            code=audit.project.code,
        ),
        body=msg(
            "Please give the management response to the findings by %(due)s.",
            due=audit.response_due,
        ),
        url=audit.get_absolute_url(),
        kind="warning",
    )
    return report


def issue_blockers(audit: Audit) -> list[str]:
    """Why the final report cannot be issued yet (the findings area's rule: every open critical and major finding
    has a corrective action with an owner and a due date)."""
    return [str(reason) for reason in findings_ready_for_issue(audit)]


def audit_answers_score(audit: Audit) -> Any:
    """Σ w·s / Σ w over the audit's answered, applicable items (None when none is answered)."""
    pairs = ChecklistAnswer.objects.filter(audit=audit).values_list("item__weight", "result")
    return scoring.audit_score(pairs)


def _next_number(year: int) -> str:
    """NN/YYYY: one more than the highest final report number of the year (rows locked meanwhile)."""
    numbers = (
        AuditReport.objects.select_for_update()
        .filter(kind=AuditReport.Kind.FINAL, number__endswith=f"/{year}")
        .values_list("number", flat=True)
    )
    last = 0
    for number in numbers:
        match = _NUMBER.match(number)
        if match:
            last = max(last, int(match.group(1)))
    return f"{last + 1:02d}/{year}"


@transaction.atomic
def report_issue(*, audit: Audit, actor: Any, language: str, site_url: str = "") -> AuditReport:
    """Issue the final report after the management response: score and rating from the answers, the next
    number of the year, status issued; the PDF is rendered by a job. Never twice."""
    audit = _locked(audit)
    if audit.status == S.ISSUED:
        raise ValidationError(
            _("The final report of this audit is already issued; it cannot be issued again.")
        )
    if audit.status != S.RESPONSE:
        raise ValidationError(
            _("The final report is issued after the draft went out for the management response.")
        )
    blockers = issue_blockers(audit)
    if blockers:
        raise ValidationError(blockers)
    score = audit_answers_score(audit)
    now = timezone.now()
    audit.score = score
    audit.rating = scoring.rating_for(score)
    audit.status = S.ISSUED
    audit.issued_at = now
    _save(audit, actor, ["score", "rating", "status", "issued_at"])
    number = _next_number(timezone.localdate().year)
    report = _new_report(
        audit=audit, actor=actor, kind=AuditReport.Kind.FINAL, language=language, number=number
    )
    report_pdf_request(report=report, actor=actor, site_url=site_url)
    return report


def report_pdf_request(*, report: AuditReport, actor: Any, site_url: str = "") -> Job:
    """Queue the PDF job (dispatched on commit). The job speaks to whoever asked, in their language; the
    document itself is rendered in the report's own language."""
    job = job_create(
        kind=PDF_JOB,
        requested_by=actor,
        params={"report_id": report.pk, "site_url": site_url},
        target=report,
    )
    report.job = job
    report._history_user = actor
    report.save(update_fields=["job", "updated_at"])
    return job


@transaction.atomic
def report_pdf_store(*, report: AuditReport, content: bytes) -> AuditReport:
    """Keep the rendered file, its SHA-256 and size. A final report's file, once kept, never changes."""
    report = AuditReport.objects.select_for_update().select_related("audit").get(pk=report.pk)
    if report.kind == AuditReport.Kind.FINAL and report.sha256:
        return report
    report.sha256 = hashlib.sha256(content).hexdigest()
    report.size = len(content)
    report.file.save(report_filename(report), ContentFile(content), save=False)
    report.save(update_fields=["file", "sha256", "size", "updated_at"])
    return report


def report_filename(report: AuditReport) -> str:
    """The name a reader's download gets: the final report's number, or the audit's number for a draft."""
    if report.kind == AuditReport.Kind.FINAL and report.number:
        return f"audit-report-{report.number.replace('/', '-')}.pdf"
    return f"audit-{report.audit.number}-draft-{report.pk}.pdf"
