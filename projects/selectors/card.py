"""Reads for the project card: each tab's data in a fixed number of queries, whatever the row counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, Sum
from django.db.models.functions import Coalesce

from projects.models import (
    BudgetLine,
    Document,
    GateDecision,
    MethodologyTemplate,
    MethodologyTemplateVersion,
    Milestone,
    PassportVersion,
    Project,
    ProjectMember,
    StatusReport,
)
from projects.permissions import access_project, projects_visible_to

CARD_RELATED = (
    "direction",
    "direction__head",
    "department",
    "program_item",
    "program_item__parent",
    "curator",
    "manager",
)


def project_card_queryset() -> Any:
    return Project.objects.select_related(*CARD_RELATED)


def project_for_card(user: Any, pk: Any, *, perm: str | None = None) -> Project:
    """The project with everything the card header shows (one query), through the access check."""
    kwargs = {"perm": perm} if perm else {}
    return access_project(user, pk, queryset=project_card_queryset(), **kwargs)


@dataclass
class Overview:
    milestones: list[Milestone]
    members: list[ProjectMember]
    documents: list[Document]
    districts: list[Any]
    sdgs: list[Any]
    budget: dict[str, Any]  # sums of plan, allocated, committed, disbursed; over_committed: lines paid over
    risks: dict[str, int]
    latest_report: StatusReport | None
    passport: PassportVersion | None
    extra: dict[str, Any] = field(default_factory=dict)


def project_overview(project: Project) -> Overview:
    """Everything on the overview tab in eight queries."""
    zero = Decimal("0")
    sums = BudgetLine.objects.filter(project=project).aggregate(
        sum_plan=Coalesce(Sum("plan"), zero),
        sum_allocated=Coalesce(Sum("allocated"), zero),
        sum_committed=Coalesce(Sum("committed"), zero),
        sum_disbursed=Coalesce(Sum("disbursed"), zero),
        over_committed=Count("id", filter=Q(disbursed__gt=F("committed"))),
    )
    budget = {key.removeprefix("sum_"): value for key, value in sums.items()}
    risks = project.risks.aggregate(
        open=Count("id", filter=~Q(status="closed")),
        high=Count("id", filter=~Q(status="closed") & Q(score__gte=15)),
    )
    return Overview(
        milestones=list(project.milestones.select_related("owner").order_by("order", "planned_date", "id")),
        members=list(
            project.memberships.select_related("user", "user__organization").order_by(
                "role", "user__last_name"
            )
        ),
        documents=list(project.documents.select_related("uploaded_by").order_by("-created_at", "-id")[:10]),
        districts=list(project.districts.all()),
        sdgs=list(project.sdgs.all()),
        budget=budget,
        risks=risks,
        latest_report=project.status_reports.order_by("-period_year", "-period_month").first(),
        passport=project.passports.order_by("-version").first(),
    )


def project_passports(project: Project) -> tuple[list[PassportVersion], list[GateDecision]]:
    passports = list(project.passports.select_related("approved_by").order_by("-version"))
    gates = list(project.gate_decisions.select_related("recorded_by").order_by("-decided_on", "-id"))
    return passports, gates


def project_documents(project: Project) -> list[Document]:
    return list(
        project.documents.select_related("uploaded_by", "milestone", "template_version__template").order_by(
            "-created_at", "-id"
        )
    )


def project_team(project: Project) -> list[ProjectMember]:
    return list(
        project.memberships.select_related("user", "user__organization").order_by("role", "user__last_name")
    )


def methodology_library() -> list[MethodologyTemplate]:
    """Templates with their versions, newest first (two queries)."""
    return list(
        MethodologyTemplate.objects.order_by("kind", "title_ru").prefetch_related(
            Prefetch("versions", queryset=MethodologyTemplateVersion.objects.order_by("-version"))
        )
    )


def my_projects(user: Any, *, limit: int = 8) -> tuple[list[Project], int]:
    """Projects the user manages, curates, works on, or — for department officers — their department's."""
    from pmis.accounts import roles

    q = (
        Q(manager=user)
        | Q(curator=user)
        | Q(pk__in=ProjectMember.objects.filter(user=user).values("project_id"))
    )
    if user.organization_id and roles.has_role(user, roles.DEPARTMENT_OFFICER):
        q |= Q(department_id=user.organization_id)
    qs = projects_visible_to(user).filter(q).exclude(stage__in=[Project.Stage.TERMINATED])
    total = qs.count()
    rows = list(
        qs.only("id", "code", "title_ru", "title_kk", "title_en", "stage", "rag").order_by("-updated_at")[
            :limit
        ]
    )
    return rows, total
