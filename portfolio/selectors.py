"""Reads the portfolio pages need: user-scoped, aggregated in SQL, a fixed number of queries per page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, TypedDict

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_stubs_ext import WithAnnotations

from pmis.accounts import roles
from portfolio import permissions as perms
from portfolio.models import (
    AgendaItem,
    AgendaPack,
    Assignment,
    Attendance,
    Meeting,
    Submission,
    SubmissionQuerySet,
    Vote,
)
from projects.models import BudgetLine, Milestone, Project, ProjectIssue, Rag, Risk
from projects.permissions import projects_visible_to

ZERO = Decimal(0)
RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NONE]


class MeetingCounts(TypedDict):
    n_items: int


def _pct(part: Decimal | int | None, whole: Decimal | int | None) -> float | None:
    if not whole:
        return None
    return round(float(part or 0) / float(whole) * 100, 1)


def _monitoring_installed() -> bool:
    from django.apps import apps

    return apps.is_installed("monitoring")


def _surveys_installed() -> bool:
    from django.apps import apps

    return apps.is_installed("surveys")


def customer_csat(direction_ids: list[int]) -> dict[int, Any]:
    """The customers' satisfaction by direction over the last four quarters (surveys; one query)."""
    if not _surveys_installed():
        return {}
    from surveys.selectors_integrations import csat_by_direction

    return csat_by_direction(direction_ids)


def _csat_cell(score: Any) -> dict[str, Any]:
    """A heat-map cell of the customers' CSAT: "—" without answers, suppressed under five answers."""
    if score is None:
        return {"key": "csat", "value": None, "display": "—", "level": "none"}
    if score.value is None:
        return {"key": "csat", "value": None, "display": _("fewer than 5 answers"), "level": "none"}
    return {
        "key": "csat",
        "value": score.value,
        "display": f"{score.value:.0f} %",
        "level": _level(score.value, 75, 60, higher_is_worse=False),
    }


# Direction workspace


def direction_dashboard(user: Any, direction: Any, *, today: datetime.date | None = None) -> dict[str, Any]:
    """Everything the direction workspace shows, in 13 queries whatever the size of the portfolio."""
    today = today or timezone.localdate()
    projects = projects_visible_to(user).filter(direction=direction)
    stage_counts = dict(projects.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    rag_counts = dict(projects.values_list("rag").annotate(n=Count("pk")).values_list("rag", "n"))
    by_stage = [(label, stage_counts.get(value, 0)) for value, label in Project.Stage.choices]
    by_rag = [(value, Rag(value).label, rag_counts.get(value, 0)) for value in RAG_ORDER]
    budget_rows: list[dict[str, Any]] = [  # plain dicts: each row gets its label and execution below
        dict(row)
        for row in BudgetLine.objects.filter(project__in=projects.values("pk"))
        .values("year", "source")
        .annotate(plan=Sum("plan"), allocated=Sum("allocated"), disbursed=Sum("disbursed"))
        .order_by("year", "source")
    ]
    sources = dict(BudgetLine.Source.choices)
    for row in budget_rows:
        row["source_label"] = str(sources.get(row["source"], row["source"]))
        row["execution"] = _pct(row["disbursed"], row["plan"])
    years = sorted({r["year"] for r in budget_rows})
    by_year = {y: {"plan": ZERO, "allocated": ZERO, "disbursed": ZERO} for y in years}
    for row in budget_rows:
        for key in ("plan", "allocated", "disbursed"):
            by_year[row["year"]][key] += row[key] or ZERO
    milestones = list(
        Milestone.objects.filter(
            project__in=projects.values("pk"),
            actual_date__isnull=True,
            planned_date__lte=today + datetime.timedelta(days=120),
        )
        .select_related("project")
        .order_by("planned_date", "pk")[:30]
    )
    for m in milestones:
        m.late = (m.forecast_date or m.planned_date) < today or (
            m.forecast_date is not None and m.forecast_date > m.planned_date
        )
    risks = list(
        Risk.objects.filter(
            project__in=projects.values("pk"), status__in=[Risk.Status.OPEN, Risk.Status.MITIGATING]
        )
        .select_related("project", "owner")
        .order_by("-score", "pk")[:10]
    )
    issues = list(
        ProjectIssue.objects.filter(project__in=projects.values("pk"), status=ProjectIssue.Status.ESCALATED)
        .select_related("project")
        .order_by("due_date", "pk")[:10]
    )
    cross = list(
        Submission.objects.open()
        .filter(kind=Submission.Kind.ISSUE)
        .filter(Q(direction=direction) | Q(other_directions=direction))
        .filter(pk__in=perms.submissions_visible_to(user).values("pk"))
        .select_related("project")
        .distinct()
        .order_by("step_due", "pk")[:10]
    )
    submissions = list(
        perms.submissions_visible_to(user)
        .open()
        .filter(direction=direction)
        .select_related("project")
        .order_by("step_due", "pk")[:15]
    )
    overdue = list(
        perms.assignments_visible_to(user)
        .overdue(today)
        .filter(direction=direction)
        .select_related("owner_organization", "owner_person")
        .order_by("due_date", "pk")[:15]
    )
    lagging = lagging_indicators(user, direction)
    csat = customer_csat([direction.pk]).get(direction.pk)
    top_projects = list(
        projects.filter(rag__in=[Rag.RED, Rag.AMBER])
        .select_related("department", "manager")
        .order_by("rag", "-total_budget_plan", "pk")[:15]
    )
    total = sum(stage_counts.values())
    return {
        "direction": direction,
        "total": total,
        "by_stage": by_stage,
        "by_rag": by_rag,
        "budget_rows": budget_rows,
        "by_year": by_year,
        "milestones": milestones,
        "risks": risks,
        "issues": issues,
        "cross": cross,
        "submissions": submissions,
        "overdue": overdue,
        "lagging": lagging,
        "csat": csat,
        "csat_installed": _surveys_installed(),
        "top_projects": top_projects,
        "chart": {
            "stage": {"labels": [str(label) for label, _n in by_stage], "values": [n for _l, n in by_stage]},
            "rag": {
                "labels": [str(label) for _v, label, _n in by_rag],
                "values": [n for _v, _l, n in by_rag],
                "keys": [v for v, _l, _n in by_rag],
            },
            "budget": {
                "labels": [str(y) for y in years],
                "plan": [float(by_year[y]["plan"]) for y in years],
                "allocated": [float(by_year[y]["allocated"]) for y in years],
                "disbursed": [float(by_year[y]["disbursed"]) for y in years],
            },
            "legend": {
                "plan": _("Plan"),
                "allocated": _("Allocated"),
                "disbursed": _("Disbursed"),
                "projects": _("Projects"),
            },
        },
    }


def lagging_indicators(user: Any, direction: Any, limit: int = 10) -> list[Any]:
    """The direction's indicators whose latest official rating is Red or Amber (monitoring), worst first, as the
    reader may see them (a confidential project's indicators only for those who may open it)."""
    if not _monitoring_installed():
        return []
    from monitoring.selectors_portfolio import lagging_ratings

    return lagging_ratings(user, direction.pk, limit=limit)


# City portfolio


def _level(value: float | None, amber: float, red: float, *, higher_is_worse: bool = True) -> str:
    if value is None:
        return "none"
    if higher_is_worse:
        return "red" if value >= red else "amber" if value >= amber else "green"
    return "red" if value <= red else "amber" if value <= amber else "green"


def city_heatmap(user: Any, *, today: datetime.date | None = None) -> dict[str, Any]:
    """Directions × health dimensions, each cell a value and a level (green/amber/red), in 8 queries."""
    from pmis.reference.models import Direction

    today = today or timezone.localdate()
    directions = list(Direction.objects.order_by("number"))
    active = projects_visible_to(user).active()
    counts = {
        r["direction_id"]: r
        for r in active.values("direction_id").annotate(
            n=Count("pk"),
            slipped=Count("pk", filter=Q(forecast_finish__gt=F("planned_finish"))),
            red=Count("pk", filter=Q(rag=Rag.RED)),
        )
    }
    budget = {
        r["project__direction_id"]: r
        for r in BudgetLine.objects.filter(year=today.year, project__in=active.values("pk"))
        .values("project__direction_id")
        .annotate(plan=Sum("plan"), disbursed=Sum("disbursed"))
    }
    lag: dict[int, dict[str, int]] = {}
    if _monitoring_installed():
        from monitoring.selectors_portfolio import indicator_lag_by_direction

        lag = indicator_lag_by_direction(user)
    csat = customer_csat([d.pk for d in directions])
    decisions = dict(
        perms.without_hidden(Submission.objects.open(), user)
        .values_list("direction_id")
        .annotate(n=Count("pk"))
        .values_list("direction_id", "n")
    )
    overdue = dict(
        perms.without_hidden(Assignment.objects.overdue(today), user)
        .values_list("direction_id")
        .annotate(n=Count("pk"))
        .values_list("direction_id", "n")
    )
    rows = []
    for d in directions:
        c = counts.get(d.pk, {"n": 0, "slipped": 0, "red": 0})
        b = budget.get(d.pk, {"plan": None, "disbursed": None})
        lg = lag.get(d.pk, {"n": 0, "lagging": 0})
        schedule = _pct(c["slipped"], c["n"])
        execution = _pct(b["disbursed"], b["plan"])
        indicator_lag = _pct(lg["lagging"], lg["n"])
        open_decisions = decisions.get(d.pk, 0)
        late = overdue.get(d.pk, 0)
        rows.append(
            {
                "direction": d,
                "projects": c["n"],
                "red": c["red"],
                "cells": [
                    {
                        "key": "schedule",
                        "value": schedule,
                        "display": "—" if schedule is None else f"{schedule:.0f} %",
                        "level": _level(schedule, 15, 30),
                    },
                    {
                        "key": "budget",
                        "value": execution,
                        "display": "—" if execution is None else f"{execution:.0f} %",
                        "level": _level(execution, 60, 40, higher_is_worse=False),
                    },
                    {
                        "key": "indicators",
                        "value": indicator_lag,
                        "display": "—" if indicator_lag is None else f"{indicator_lag:.0f} %",
                        "level": _level(indicator_lag, 20, 40),
                    },
                    {
                        "key": "decisions",
                        "value": open_decisions,
                        "display": str(open_decisions),
                        "level": _level(open_decisions, 5, 10),
                    },
                    {"key": "assignments", "value": late, "display": str(late), "level": _level(late, 1, 5)},
                    *([_csat_cell(csat.get(d.pk))] if _surveys_installed() else []),
                ],
            }
        )
    return {"rows": rows, "dimensions": heatmap_dimensions(), "year": today.year}


def heatmap_dimensions() -> list[tuple[str, str, str]]:
    return [
        (
            "schedule",
            _("Schedule"),
            _("Share of active projects whose forecast finish is later than planned"),
        ),
        ("budget", _("Budget execution"), _("Disbursed against plan in the current year")),
        ("indicators", _("Indicator lag"), _("Share of rated indicators that are Amber or Red")),
        ("decisions", _("Open decisions"), _("Submissions in the review queue")),
        ("assignments", _("Overdue assignments"), _("Assignments past their due date")),
        *(
            [
                (
                    "csat",
                    _("Customer satisfaction"),
                    _("Customers satisfied (4–5 of 5) in the last four quarters' surveys"),
                )
            ]
            if _surveys_installed()
            else []
        ),
    ]


# Review queue


QUEUE_SORTS = {
    "due": ("step_due", "pk"),
    "-due": ("-step_due", "-pk"),
    "new": ("-submitted_at", "-pk"),
    "project": ("project__code", "pk"),
}


def queue_base(user: Any) -> SubmissionQuerySet:
    """The submissions that wait on this user's role: coordinators' screening, the Project Office's check."""
    visible = perms.submissions_visible_to(user)
    if perms.is_pmo(user):
        return visible.filter(status__in=[Submission.Status.AT_PMO, Submission.Status.SCHEDULED])
    coordinated = perms.coordinated_direction_ids(user)
    if coordinated:
        return visible.filter(status=Submission.Status.AT_COORDINATOR, direction_id__in=coordinated)
    return visible.open()


def submission_list(user: Any, *, mine: bool, params: dict[str, str]) -> QuerySet[Submission]:
    qs = queue_base(user) if mine else perms.submissions_visible_to(user)
    if params.get("status") in Submission.Status.values:
        qs = qs.filter(status=params["status"])
    if params.get("kind") in Submission.Kind.values:
        qs = qs.filter(kind=params["kind"])
    if (params.get("direction") or "").isdigit():
        qs = qs.filter(direction_id=int(params["direction"]))
    if params.get("overdue") == "1":
        qs = qs.overdue()
    q = (params.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(project__code__icontains=q) | Q(project__title_ru__icontains=q)
        )
    order = QUEUE_SORTS.get(params.get("sort") or "due", QUEUE_SORTS["due"])
    return qs.select_related("project", "direction", "submitted_by").order_by(*order)


# Meetings


def schedulable_meetings() -> QuerySet[Meeting]:
    """Planned meetings still to come: where the Project Office can put an item."""
    return Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__gte=timezone.now()).order_by(
        "starts_at"
    )


def meeting_list(user: Any, params: dict[str, str]) -> QuerySet[WithAnnotations[Meeting, MeetingCounts]]:
    qs = perms.meetings_visible_to(user)
    if params.get("kind") in Meeting.Kind.values:
        qs = qs.filter(kind=params["kind"])
    if params.get("status") in Meeting.Status.values:
        qs = qs.filter(status=params["status"])
    q = (params.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    order = "starts_at" if params.get("sort") == "date" else "-starts_at"
    return qs.select_related("direction").annotate(n_items=Count("items")).order_by(order, "-pk")


def meeting_detail(meeting: Meeting, user: Any) -> dict[str, Any]:
    items = list(
        meeting.items.select_related("submission", "project", "presenter", "carried_assignment")
        .annotate(n_votes=Count("votes", distinct=True), n_opinions=Count("opinions", distinct=True))
        .order_by("order", "pk")
    )
    attendances = list(
        meeting.attendances.select_related("user", "user__organization").order_by("role", "user__last_name")
    )
    meeting._prefetched_objects_cache["attendances"] = attendances  # type: ignore[attr-defined]
    packs = list(meeting.packs.select_related("published_by").order_by("-version", "language"))
    assignments = list(  # an assignment about a confidential project the reader may not open is left out
        perms.without_hidden(meeting.assignments.all(), user)
        .select_related("owner_organization", "owner_person")
        .order_by("due_date", "pk")
    )
    present = sum(1 for a in attendances if a.present and a.role in Attendance.VOTING)
    hidden = perms.hidden_project_ids(user, {i.project_id for i in items})
    for item in items:
        item.redacted = item.project_id in hidden  # shown as a line without its title, project or link
    return {
        "items": items,
        "attendances": attendances,
        "packs": packs,
        "assignments": assignments,
        "present": present,
        "has_quorum": present >= meeting.quorum,
    }


def item_detail(item: AgendaItem, user: Any) -> dict[str, Any]:
    votes = list(item.votes.select_related("member").order_by("member__last_name"))
    tally = {c: sum(1 for v in votes if v.choice == c) for c in Vote.Choice.values}
    return {
        "votes": votes,
        "tally": tally,
        "my_vote": next((v for v in votes if v.member_id == user.pk), None),
        "opinions": list(item.opinions.select_related("expert")),
        "conflicts": list(item.conflicts.select_related("member")),
        "assignments": list(item.assignments.select_related("owner_organization", "owner_person")),
    }


# Assignments


ASSIGNMENT_SORTS = {"due": ("due_date", "pk"), "-due": ("-due_date", "-pk"), "new": ("-created_at", "-pk")}


def assignment_list(
    user: Any, params: dict[str, str], *, today: datetime.date | None = None
) -> QuerySet[Assignment]:
    qs = perms.assignments_visible_to(user)
    if params.get("status") in Assignment.Status.values:
        qs = qs.filter(status=params["status"])
    if params.get("overdue") == "1":
        qs = qs.overdue(today)
    if (params.get("direction") or "").isdigit():
        qs = qs.filter(direction_id=int(params["direction"]))
    if params.get("mine") == "1":
        qs = qs.filter(Q(owner_person=user) | Q(owner_organization_id=user.organization_id))
    q = (params.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(owner_organization__name_ru__icontains=q))
    order = ASSIGNMENT_SORTS.get(params.get("sort") or "due", ASSIGNMENT_SORTS["due"])
    return qs.select_related(
        "owner_organization", "owner_person", "direction", "project", "meeting"
    ).order_by(*order)


def execution_rates(user: Any, *, today: datetime.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """Execution rate of assignments per responsible organization and per direction (accepted ÷ all due)."""
    today = today or timezone.localdate()
    base = perms.assignments_visible_to(user).exclude(status=Assignment.Status.CANCELLED)
    agg = {
        "total": Count("pk"),
        "done": Count("pk", filter=Q(status=Assignment.Status.ACCEPTED)),
        "overdue": Count("pk", filter=Q(status__in=Assignment.OPEN_STATUSES, due_date__lt=today)),
    }
    out: dict[str, list[dict[str, Any]]] = {}
    lang = (get_language() or "ru")[:2]
    lang = lang if lang in ("ru", "kk", "en") else "ru"
    for key, field in (("departments", "owner_organization"), ("directions", "direction")):
        label, fallback = f"{field}__name_{lang}", f"{field}__name_ru"  # the active language, else Russian
        rows = list(base.values(f"{field}_id", label, fallback).annotate(**agg))
        for r in rows:
            r["name"] = r[label] or r[fallback] or "—"
            r["rate"] = _pct(r["done"], r["total"])
        rows.sort(key=lambda r: (r["name"] == "—", r["name"]))
        out[key] = rows
    return out


# Committee member


def committee_view(user: Any) -> dict[str, Any]:
    now = timezone.now()
    meetings = list(
        perms.meetings_visible_to(user)
        .filter(starts_at__gte=now - datetime.timedelta(days=1), status=Meeting.Status.PLANNED)
        .select_related("direction")
        .order_by("starts_at")[:10]
    )
    packs: dict[int, AgendaPack] = {}
    for pack in AgendaPack.objects.filter(meeting__in=[m.pk for m in meetings]).order_by(
        "meeting_id", "-version"
    ):
        packs.setdefault(pack.meeting_id, pack)
    for m in meetings:
        m.latest_pack = packs.get(m.pk)
    awaiting = (
        list(
            perms.items_visible_to(user)
            .filter(
                meeting__kind=Meeting.Kind.STEERING,
                meeting__status=Meeting.Status.PLANNED,
                decision="",
            )
            .exclude(votes__member=user)
            .exclude(conflicts__member=user, conflicts__has_conflict=True)
            .select_related("meeting", "project")
            .order_by("meeting__starts_at", "order")[:30]
        )
        if roles.has_role(user, roles.COMMITTEE_MEMBER) or Attendance.objects.filter(user=user).exists()
        else []
    )
    issued = perms.assignments_visible_to(user).filter(meeting__kind=Meeting.Kind.STEERING)
    status_counts = dict(issued.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    overdue = list(
        issued.overdue().select_related("owner_organization", "owner_person").order_by("due_date")[:15]
    )
    return {
        "meetings": meetings,
        "awaiting": awaiting,
        "overdue": overdue,
        "status_counts": [(label, status_counts.get(value, 0)) for value, label in Assignment.Status.choices],
    }
