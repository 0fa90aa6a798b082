"""Reads of one project's register for the audit function (audits' pre-checks, team notification, evidence).

The audit function may not read projects' tables itself, so the facts its pre-checks need are gathered here:
plain values, each read in one query. Dates are the register's own domain dates (approved, submitted, decided,
planned, reviewed); amounts are those currently recorded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from pmis.accounts import roles
from projects.models import (
    Baseline,
    BudgetLine,
    ChangeRequest,
    Document,
    Milestone,
    PassportVersion,
    Project,
    Risk,
    StatusReport,
)

# A monthly status report is due by this day of the following month.
REPORT_DUE_DAY = 10
# How many months of status reports an audit looks back over (from the cut-off date).
REPORT_LOOKBACK_MONTHS = 12
# A risk counts as kept up to date when its review date is no older than this before the cut-off.
RISK_REVIEW_DAYS = 45
# Top risks: this score (probability × impact) or more.
TOP_RISK_SCORE = 12


def report_due_date(year: int, month: int) -> datetime.date:
    """The day the status report of a month is due: REPORT_DUE_DAY of the following month."""
    return datetime.date(year + month // 12, month % 12 + 1, REPORT_DUE_DAY)


def project_contacts(project: Project) -> list[Any]:
    """Who hears from the audit function about a project: its manager, its curator and the officers of its
    department (active users), without duplicates."""
    from pmis.accounts.models import User

    q = Q(pk__in=[pk for pk in (project.manager_id, project.curator_id) if pk])
    q |= Q(organization_id=project.department_id, groups__name=roles.DEPARTMENT_OFFICER)
    return list(User.objects.filter(q, is_active=True).distinct().order_by("pk"))


def project_documents(project: Project) -> QuerySet[Document]:
    """The project's register documents an auditor may cite as evidence, newest first."""
    return Document.objects.filter(project=project).order_by("-created_at", "-id")


@dataclass
class PassportFacts:
    latest_version: int | None = None
    latest_status: str = ""
    approved_version: int | None = None
    approved_on: datetime.date | None = None


def passport_facts(project: Project, cutoff: datetime.date) -> PassportFacts:
    """The newest passport version and the newest one approved on or before the cut-off."""
    facts = PassportFacts()
    rows = list(
        PassportVersion.objects.filter(project=project)
        .order_by("-version")
        .values("version", "status", "approved_at")
    )
    if not rows:
        return facts
    # a version approved after the cut-off was not approved then: the newest version as of the cut-off is the
    # newest one that is not an approval made later
    facts.latest_version = rows[0]["version"]
    facts.latest_status = rows[0]["status"]
    for row in rows:
        approved_at = row["approved_at"]
        if row["status"] == PassportVersion.Status.APPROVED and approved_at and approved_at.date() <= cutoff:
            facts.approved_version = row["version"]
            facts.approved_on = approved_at.date()
            break
    return facts


@dataclass
class PlanFacts:
    baseline_version: int | None = None
    baseline_on: datetime.date | None = None
    milestones: int = 0
    owned: int = 0


def plan_facts(project: Project, cutoff: datetime.date) -> PlanFacts:
    baseline = (
        Baseline.objects.filter(project=project).order_by("-version").values("version", "created_at").first()
    )
    counts = Milestone.objects.filter(project=project).aggregate(
        total=Count("id"), owned=Count("id", filter=Q(owner__isnull=False))
    )
    return PlanFacts(
        baseline_version=baseline["version"] if baseline else None,
        baseline_on=baseline["created_at"].date() if baseline else None,
        milestones=counts["total"] or 0,
        owned=counts["owned"] or 0,
    )


@dataclass
class BudgetFacts:
    lines: int = 0
    coded: int = 0
    plan: Decimal = Decimal("0")
    committed: Decimal = Decimal("0")
    disbursed: Decimal = Decimal("0")
    over_committed: int = 0  # lines where more is committed than planned
    over_disbursed: int = 0  # lines where more is paid than committed
    line_disbursed: dict[int, Decimal] = field(default_factory=dict)


def budget_facts(project: Project) -> BudgetFacts:
    facts = BudgetFacts()
    for line in BudgetLine.objects.filter(project=project).values(
        "pk", "budget_program_code", "plan", "committed", "disbursed"
    ):
        facts.lines += 1
        facts.coded += 1 if line["budget_program_code"].strip() else 0
        facts.plan += line["plan"]
        facts.committed += line["committed"]
        facts.disbursed += line["disbursed"]
        facts.over_committed += 1 if line["committed"] > line["plan"] else 0
        facts.over_disbursed += 1 if line["disbursed"] > line["committed"] else 0
        facts.line_disbursed[line["pk"]] = line["disbursed"]
    return facts


def budget_line_ids(project_ids: list[int]) -> dict[int, int]:
    """budget line id → project id, for the providers that hold per-line data (monitoring's disbursements)."""
    return dict(BudgetLine.objects.filter(project_id__in=project_ids).values_list("pk", "project_id"))


@dataclass
class ReportPeriod:
    year: int
    month: int
    due: datetime.date
    submitted_on: datetime.date | None
    on_time: bool
    reported_rag: str
    recomputed_rag: str
    override_without_rationale: bool


def expected_report_months(project: Project, cutoff: datetime.date) -> list[tuple[int, int]]:
    """The months whose status report was due by the cut-off: from the project's start (actual, else planned)
    at most REPORT_LOOKBACK_MONTHS back, to the last month due on or before the cut-off."""
    start = project.actual_start or project.planned_start
    if start is None:
        return []
    months: list[tuple[int, int]] = []
    year, month = cutoff.year, cutoff.month
    for _step in range(REPORT_LOOKBACK_MONTHS + 2):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        if (year, month) < (start.year, start.month):
            break
        if report_due_date(year, month) <= cutoff:
            months.append((year, month))
        if len(months) == REPORT_LOOKBACK_MONTHS:
            break
    return sorted(months)


def report_facts(project: Project, cutoff: datetime.date) -> list[ReportPeriod]:
    """Each expected month: its due date, when the report was submitted, and the reported RAG beside the RAG
    recomputed from the register's data for the end of that month (projects.services.reports.compute_rag)."""
    from projects.models import RagPolicy
    from projects.services.reports import compute_rag, confidence_differs, period_end

    months = expected_report_months(project, cutoff)
    if not months:
        return []
    reports = {
        (r.period_year, r.period_month): r
        for r in StatusReport.objects.filter(
            project=project, period_year__gte=months[0][0], submitted_at__isnull=False
        ).only(
            "period_year",
            "period_month",
            "submitted_at",
            "rag_overall",
            "confidence",
            "confidence_rationale",
            "status",
        )
    }
    policy = RagPolicy.current()
    periods = []
    for year, month in months:
        due = report_due_date(year, month)
        report = reports.get((year, month))
        submitted = report.submitted_at.date() if report and report.submitted_at else None
        if submitted is not None and submitted > cutoff:
            report, submitted = None, None
        recomputed = (
            compute_rag(project, as_of=period_end(year, month), policy=policy).overall if report else ""
        )
        periods.append(
            ReportPeriod(
                year=year,
                month=month,
                due=due,
                submitted_on=submitted,
                on_time=submitted is not None and submitted <= due,
                reported_rag=report.rag_overall if report else "",
                recomputed_rag=recomputed,
                override_without_rationale=bool(
                    report
                    and confidence_differs(report.confidence, report.rag_overall)
                    and not report.confidence_rationale.strip()
                ),
            )
        )
    return periods


@dataclass
class ChangeFacts:
    rebaselines: int = 0
    backed: int = 0  # re-baselines whose change request was approved before the new baseline
    unbaselined: int = 0  # approved changes of dates, budget or scope without a resulting baseline


def change_facts(project: Project, cutoff: datetime.date) -> ChangeFacts:
    facts = ChangeFacts()
    for baseline in Baseline.objects.filter(project=project, version__gt=1).select_related("change_request"):
        if baseline.created_at.date() > cutoff:
            continue
        facts.rebaselines += 1
        request = baseline.change_request
        if (
            request is not None
            and request.status == ChangeRequest.Status.APPROVED
            and request.decided_at is not None
            and request.decided_at <= baseline.created_at
        ):
            facts.backed += 1
    facts.unbaselined = ChangeRequest.objects.filter(
        Q(change_dates=True) | Q(change_budget=True) | Q(change_scope=True),
        project=project,
        status=ChangeRequest.Status.APPROVED,
        decided_at__date__lte=cutoff,
        resulting_baseline__isnull=True,
    ).count()
    return facts


@dataclass
class RiskFacts:
    open: int = 0
    reviewed: int = 0
    top: int = 0
    top_owned: int = 0


def risk_facts(project: Project, cutoff: datetime.date) -> RiskFacts:
    since = cutoff - datetime.timedelta(days=RISK_REVIEW_DAYS)
    open_risks = Risk.objects.filter(project=project).exclude(status=Risk.Status.CLOSED)
    counts = open_risks.aggregate(
        open=Count("id"),
        reviewed=Count("id", filter=Q(review_date__gte=since)),
        top=Count("id", filter=Q(score__gte=TOP_RISK_SCORE)),
        top_owned=Count("id", filter=Q(score__gte=TOP_RISK_SCORE, owner__isnull=False) & ~Q(response="")),
    )
    return RiskFacts(**{k: v or 0 for k, v in counts.items()})


@dataclass
class DocumentFacts:
    total: int = 0
    hashed: int = 0
    size: int = 0


def document_facts(project: Project) -> DocumentFacts:
    rows = list(Document.objects.filter(project=project).values_list("sha256", "size"))
    hashed = sum(
        1 for sha, _size in rows if len(sha or "") == 64 and all(c in "0123456789abcdef" for c in sha)
    )
    return DocumentFacts(total=len(rows), hashed=hashed, size=sum(s or 0 for _sha, s in rows))


def project_by_code(code: str) -> Project | None:
    """The register's project with this code (any case), or None."""
    code = (code or "").strip()
    if not code:
        return None
    return Project.objects.filter(code__iexact=code).select_related("department").first()
