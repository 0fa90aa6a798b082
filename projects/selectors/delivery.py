"""Reads for the plan, budget, risks and issues, changes and status-report tabs, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.dates import format_date, get_month_names
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from pmis.core.numbers import parse_decimal, parse_int
from projects.models import (
    Baseline,
    BudgetLine,
    ChangeRequest,
    Document,
    Milestone,
    Project,
    ProjectIssue,
    Risk,
    StatusReport,
    Task,
)

PAGE_SIZE = 25
_LOCALES = {"ru": "ru_RU", "kk": "kk_KZ", "en": "en_US"}
ZERO = Decimal("0")


def _locale() -> str:
    return _LOCALES.get((get_language() or "ru")[:2], "ru_RU")


def fmt_date(value: datetime.date | None) -> str:
    """A date in the active language, formatted on the server (headless Chromium has no Kazakh ICU data)."""
    if value is None:
        return "—"
    return format_date(value, format="d MMM y", locale=_locale())


def _parse(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


# Plan and timeline


@dataclass
class VarianceRow:
    kind: str
    label: str
    baseline: datetime.date | None
    current: datetime.date | None
    days: int | None


@dataclass
class PlanData:
    milestones: list[Milestone]
    tasks: list[Task]
    baseline: Baseline | None
    gantt: dict[str, Any]
    variance: list[VarianceRow]


def _days(a: datetime.date | None, b: datetime.date | None) -> int | None:
    return (b - a).days if a and b else None


def project_plan(project: Project) -> PlanData:
    """Milestones (owner, evidence), tasks (responsible, predecessors), the latest baseline, Gantt rows, variance."""
    milestones = list(
        project.milestones.select_related("owner")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Document.objects.only("id", "title", "version", "milestone_id").order_by("id"),
            )
        )
        .order_by("order", "planned_date", "id")
    )
    tasks = list(
        project.tasks.select_related("responsible", "milestone", "parent")
        .prefetch_related(
            Prefetch(
                "predecessors",
                queryset=Task.objects.only("id", "title", "wbs_code", "finish").order_by("wbs_code", "id"),
            )
        )
        .order_by("wbs_code", "start", "id")
    )
    baseline = project.baselines.select_related("approved_by").order_by("-version").first()
    snapshot = baseline.snapshot if baseline else {}
    base_ms = {m["id"]: m for m in snapshot.get("milestones", [])}
    base_tasks = {t["id"]: t for t in snapshot.get("tasks", [])}
    variance: list[VarianceRow] = []
    if baseline:
        finish_b = _parse(snapshot.get("planned_finish"))
        finish_c = project.forecast_finish or project.planned_finish
        variance.append(
            VarianceRow("project", _("Project finish"), finish_b, finish_c, _days(finish_b, finish_c))
        )
        for m in milestones:
            b = _parse(base_ms.get(m.pk, {}).get("planned_date"))
            c = m.actual_date or m.forecast_date or m.planned_date
            variance.append(VarianceRow("milestone", m.title, b, c, _days(b, c)))
        for t in tasks:
            b = _parse(base_tasks.get(t.pk, {}).get("finish"))
            variance.append(VarianceRow("task", str(t), b, t.finish, _days(b, t.finish)))
    return PlanData(
        milestones=milestones,
        tasks=tasks,
        baseline=baseline,
        gantt=gantt_data(project, milestones, tasks, base_ms, base_tasks, baseline),
        variance=variance,
    )


def _next_day(value: datetime.date | None) -> str:
    """Milestones are drawn one day long: frappe-gantt cannot draw a zero-length bar."""
    return (value + datetime.timedelta(days=1)).isoformat() if value else ""


def gantt_data(
    project: Project,
    milestones: list[Milestone],
    tasks: list[Task],
    base_ms: dict[int, Any],
    base_tasks: dict[int, Any],
    baseline: Baseline | None,
) -> dict[str, Any]:
    """frappe-gantt rows: each task and milestone, and under it its baseline bar; labels formatted here.

    frappe-gantt writes `name` and `details` with innerHTML, so every text is HTML-escaped here (a task named
    `<img onerror=…>` stays text), and `custom_class` holds exactly one class (it calls classList.add).
    """
    rows: list[dict[str, Any]] = []
    baseline_label = _("baseline v%(v)s") % {"v": baseline.version} if baseline else ""
    for t in tasks:
        rows.append(
            {
                "id": f"t{t.pk}",
                "name": str(t),
                "start": t.start.isoformat(),
                "end": t.finish.isoformat(),
                "progress": t.progress,
                "dependencies": ",".join(f"t{p.pk}" for p in t.predecessors.all()),
                "custom_class": "gantt-task",
                "details": f"{fmt_date(t.start)} – {fmt_date(t.finish)} · {t.progress}%",
            }
        )
        b = base_tasks.get(t.pk)
        if b and b.get("start") and b.get("finish"):
            start, finish = _parse(b["start"]), _parse(b["finish"])
            rows.append(
                {
                    "id": f"bt{t.pk}",
                    "name": f"{t} ({baseline_label})",
                    "start": b["start"],
                    "end": b["finish"],
                    "progress": 0,
                    "dependencies": "",
                    "custom_class": "gantt-baseline",
                    "details": f"{baseline_label}: {fmt_date(start)} – {fmt_date(finish)}",
                }
            )
    for m in milestones:
        when = m.actual_date or m.forecast_date or m.planned_date
        rows.append(
            {
                "id": f"m{m.pk}",
                "name": f"◆ {m.title}",
                "start": when.isoformat(),
                "end": _next_day(when),
                "progress": 100 if m.actual_date else 0,
                "dependencies": "",
                "custom_class": "gantt-critical" if m.is_critical else "gantt-milestone",
                "details": _("planned %(p)s, forecast %(f)s, actual %(a)s")
                % {
                    "p": fmt_date(m.planned_date),
                    "f": fmt_date(m.forecast_date),
                    "a": fmt_date(m.actual_date),
                },
            }
        )
        b = base_ms.get(m.pk)
        if b and b.get("planned_date"):
            rows.append(
                {
                    "id": f"bm{m.pk}",
                    "name": f"◇ {m.title} ({baseline_label})",
                    "start": b["planned_date"],
                    "end": _next_day(_parse(b["planned_date"])),
                    "progress": 0,
                    "dependencies": "",
                    "custom_class": "gantt-baseline",
                    "details": f"{baseline_label}: {fmt_date(_parse(b['planned_date']))}",
                }
            )
    start = project.planned_start or (min((r["start"] for r in rows), default=None) if rows else None)
    start_iso = start.isoformat() if isinstance(start, datetime.date) else start
    months = get_month_names("wide", context="stand-alone", locale=_locale())
    short = get_month_names("abbreviated", context="stand-alone", locale=_locale())
    for row in rows:
        row["name"], row["details"] = escape(row["name"]), escape(row["details"])
    return {
        "tasks": rows,
        "scroll_to": start_iso or datetime.date.today().isoformat(),  # noqa: DTZ011 - a calendar date, no time zone
        "months": [months[i] for i in range(1, 13)],
        "months_short": [short[i] for i in range(1, 13)],
    }


# Budget


@dataclass
class BudgetData:
    lines: list[BudgetLine]
    totals: dict[str, Decimal]
    years: list[int]
    sources: list[tuple[str, StrOrPromise]]
    pivot: list[dict[str, Any]]  # one row per source: label, cells (plan per year), total
    year_totals: list[Decimal]
    grand_total: Decimal
    year_measures: list[dict[str, Any]]
    over_committed: list[BudgetLine]  # lines with more disbursed than committed, flagged on the tab


def project_budget(project: Project) -> BudgetData:
    """Budget lines and their multi-year pivot (source × year, plan) with row and column totals; one query."""
    lines = list(
        BudgetLine.objects.filter(project=project).order_by("year", "source", "budget_program_code", "id")
    )
    measures = ("plan", "allocated", "committed", "disbursed")
    totals = {m: sum((getattr(line, m) for line in lines), ZERO) for m in measures}
    years = sorted({line.year for line in lines})
    source_labels = dict(BudgetLine.Source.choices)
    used = [s for s, _label in BudgetLine.Source.choices if any(line.source == s for line in lines)]
    pivot = []
    for source in used:
        cells = [sum((ln.plan for ln in lines if ln.source == source and ln.year == y), ZERO) for y in years]
        pivot.append(
            {"source": source, "label": source_labels[source], "cells": cells, "total": sum(cells, ZERO)}
        )
    year_totals = [sum((ln.plan for ln in lines if ln.year == y), ZERO) for y in years]
    year_measures = [
        {"year": y, **{m: sum((getattr(ln, m) for ln in lines if ln.year == y), ZERO) for m in measures}}
        for y in years
    ]
    return BudgetData(
        lines=lines,
        totals=totals,
        years=years,
        sources=list(BudgetLine.Source.choices),
        pivot=pivot,
        year_totals=year_totals,
        grand_total=totals["plan"],
        year_measures=year_measures,
        over_committed=[line for line in lines if line.disbursed_over_committed],
    )


# Lists with filters, search, sorting and pagination


@dataclass
class ListPage:
    page: Page[Any]
    rows: list[Any]
    sort: str
    query: str  # the filter part of the URL, without page=
    filters: dict[str, str] = field(default_factory=dict)


def _clean_int(value: Any, low: int, high: int) -> int | None:
    number = parse_int(value)
    return number if number is not None and low <= number <= high else None


def _paginate(qs: QuerySet[Any], params: Any, key: str = "page") -> Page[Any]:
    return Paginator(qs, PAGE_SIZE).get_page(params.get(key))


RISK_SORTS = {
    "score": ("-score", "id"),
    "-score": ("score", "id"),
    "title": ("title", "id"),
    "-title": ("-title", "id"),
    "status": ("status", "-score", "id"),
    "review": ("review_date", "id"),
    "-review": ("-review_date", "id"),
}


def risk_queryset(project: Project, params: Any) -> tuple[QuerySet[Risk], dict[str, str], str]:
    """The risks the filters select (status, probability, impact, owner, text), sorted; values cleaned."""
    qs = project.risks.select_related("owner")
    filters: dict[str, str] = {}
    status = params.get("status", "")
    if status in Risk.Status.values:
        qs = qs.filter(status=status)
        filters["status"] = status
    elif status == "active":
        qs = qs.exclude(status=Risk.Status.CLOSED)
        filters["status"] = status
    for name in ("probability", "impact"):
        value = _clean_int(params.get(name), 1, 5)
        if value is not None:
            qs = qs.filter(**{name: value})
            filters[name] = str(value)
    owner = _clean_int(params.get("owner"), 1, 2**31 - 1)
    if owner is not None:
        qs = qs.filter(owner_id=owner)
        filters["owner"] = str(owner)
    q = (params.get("q") or "").strip()[:200]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(response__icontains=q))
        filters["q"] = q
    sort = params.get("sort") if params.get("sort") in RISK_SORTS else "score"
    return qs.order_by(*RISK_SORTS[sort]), filters, sort


ISSUE_SORTS = {
    "due": ("due_date", "id"),
    "-due": ("-due_date", "id"),
    "title": ("title", "id"),
    "severity": ("severity", "id"),
    "status": ("status", "id"),
}


def issue_queryset(project: Project, params: Any) -> tuple[QuerySet[ProjectIssue], dict[str, str], str]:
    qs = project.issues.select_related("owner")
    filters: dict[str, str] = {}
    status = params.get("i_status", "")
    if status in ProjectIssue.Status.values:
        qs = qs.filter(status=status)
        filters["i_status"] = status
    severity = params.get("i_severity", "")
    if severity in ProjectIssue.Severity.values:
        qs = qs.filter(severity=severity)
        filters["i_severity"] = severity
    q = (params.get("i_q") or "").strip()[:200]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
        filters["i_q"] = q
    sort = params.get("i_sort") if params.get("i_sort") in ISSUE_SORTS else "due"
    return qs.order_by(*ISSUE_SORTS[sort]), filters, sort


def _query(filters: dict[str, str], keep: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode({**keep, **filters})


def risk_matrix(project: Project) -> list[dict[str, Any]]:
    """5×5 counts of open risks (probability rows 5→1, impact columns 1→5), one query."""
    counts = {
        (row["probability"], row["impact"]): row["n"]
        for row in project.risks.exclude(status=Risk.Status.CLOSED)
        .values("probability", "impact")
        .annotate(n=Count("id"))
    }
    return [
        {
            "probability": p,
            "cells": [{"impact": i, "score": p * i, "count": counts.get((p, i), 0)} for i in range(1, 6)],
        }
        for p in range(5, 0, -1)
    ]


def project_risks(project: Project, params: Any) -> dict[str, Any]:
    risks_qs, risk_filters, risk_sort = risk_queryset(project, params)
    issues_qs, issue_filters, issue_sort = issue_queryset(project, params)
    risk_page = _paginate(risks_qs, params, "page")
    issue_page = _paginate(issues_qs, params, "i_page")
    keep_issues = {**issue_filters, "i_sort": issue_sort} if issue_filters or issue_sort != "due" else {}
    keep_risks = {**risk_filters, "sort": risk_sort} if risk_filters or risk_sort != "score" else {}
    return {
        "matrix": risk_matrix(project),
        "risks": ListPage(
            risk_page,
            list(risk_page.object_list),
            risk_sort,
            _query({**risk_filters, "sort": risk_sort}, keep_issues),
            risk_filters,
        ),
        "issues": ListPage(
            issue_page,
            list(issue_page.object_list),
            issue_sort,
            _query({**issue_filters, "i_sort": issue_sort}, keep_risks),
            issue_filters,
        ),
        "owners": _owner_choices(project),
    }


def _owner_choices(project: Project) -> list[tuple[int, str]]:
    from pmis.accounts.models import User

    owners = User.objects.filter(owned_risks__project=project).distinct().order_by("last_name", "first_name")
    return [(u.pk, str(u)) for u in owners]


# Changes and baselines


@dataclass
class BaselineDiff:
    a: Baseline
    b: Baseline
    finish: VarianceRow
    milestones: list[VarianceRow]
    tasks: list[tuple[str, VarianceRow, VarianceRow]]
    budget_years: list[dict[str, Any]]
    budget_total: dict[str, Decimal]


def _amount(value: Any) -> Decimal:
    """A sum stored in a baseline's snapshot; zero when it is missing or not a finite number."""
    return parse_decimal(value) or ZERO


def compare_baselines(a: Baseline, b: Baseline) -> BaselineDiff:
    """Variance from baseline a to baseline b: dates in days (b − a), budget in tenge (b − a)."""
    sa, sb = a.snapshot or {}, b.snapshot or {}
    fa, fb = _parse(sa.get("planned_finish")), _parse(sb.get("planned_finish"))
    finish = VarianceRow("project", _("Project finish"), fa, fb, _days(fa, fb))
    ma = {m["id"]: m for m in sa.get("milestones", [])}
    mb = {m["id"]: m for m in sb.get("milestones", [])}
    milestones = []
    for key in list(ma) + [k for k in mb if k not in ma]:
        x, y = ma.get(key, {}), mb.get(key, {})
        da, db = _parse(x.get("planned_date")), _parse(y.get("planned_date"))
        milestones.append(
            VarianceRow("milestone", y.get("title") or x.get("title", ""), da, db, _days(da, db))
        )
    ta = {t["id"]: t for t in sa.get("tasks", [])}
    tb = {t["id"]: t for t in sb.get("tasks", [])}
    tasks = []
    for key in list(ta) + [k for k in tb if k not in ta]:
        x, y = ta.get(key, {}), tb.get(key, {})
        label = " ".join(p for p in ((y or x).get("wbs_code", ""), (y or x).get("title", "")) if p)
        sa_, sb_ = _parse(x.get("start")), _parse(y.get("start"))
        fa_, fb_ = _parse(x.get("finish")), _parse(y.get("finish"))
        tasks.append(
            (
                label,
                VarianceRow("start", label, sa_, sb_, _days(sa_, sb_)),
                VarianceRow("finish", label, fa_, fb_, _days(fa_, fb_)),
            )
        )
    ya = (sa.get("budget") or {}).get("by_year", {})
    yb = (sb.get("budget") or {}).get("by_year", {})
    budget_years = []
    for year in sorted(set(ya) | set(yb)):
        va, vb = _amount(ya.get(year, 0)), _amount(yb.get(year, 0))
        budget_years.append({"year": year, "a": va, "b": vb, "delta": vb - va})
    ta_, tb_ = (
        _amount((sa.get("budget") or {}).get("total_plan", 0)),
        _amount((sb.get("budget") or {}).get("total_plan", 0)),
    )
    return BaselineDiff(
        a, b, finish, milestones, tasks, budget_years, {"a": ta_, "b": tb_, "delta": tb_ - ta_}
    )


def project_changes(project: Project, params: Any) -> dict[str, Any]:
    """Change requests, baseline history and, for two chosen versions, their variance."""
    changes = list(
        project.change_requests.select_related("submitted_by", "decided_by", "resulting_baseline").order_by(
            "-number"
        )
    )
    baselines = list(project.baselines.select_related("approved_by", "change_request").order_by("-version"))
    for b in baselines:  # values the template shows, parsed from the snapshot
        b.planned_finish = _parse((b.snapshot or {}).get("planned_finish"))
        b.total_plan = _amount(((b.snapshot or {}).get("budget") or {}).get("total_plan", 0))
    by_version = {b.version: b for b in baselines}
    diff = None
    va, vb = _clean_int(params.get("a"), 1, 10**6), _clean_int(params.get("b"), 1, 10**6)
    if va is None and vb is None and len(baselines) >= 2:
        va, vb = baselines[1].version, baselines[0].version
    if va in by_version and vb in by_version:
        diff = compare_baselines(by_version[va], by_version[vb])
    return {"changes": changes, "baselines": baselines, "diff": diff, "version_a": va, "version_b": vb}


# Status reports


def project_reports(project: Project) -> list[StatusReport]:
    return list(
        project.status_reports.select_related("submitted_by", "reviewed_by").order_by(
            "-period_year", "-period_month"
        )
    )


def reports_awaiting_review(user: Any, *, limit: int = 8) -> tuple[list[StatusReport], int]:
    """Submitted reports of the directions the user coordinates (home panel)."""
    qs = StatusReport.objects.filter(
        status=StatusReport.Status.SUBMITTED, project__direction__coordinators=user
    ).select_related("project")
    return list(qs.order_by("submitted_at")[:limit]), qs.count()


def changes_awaiting_decision(*, limit: int = 8) -> tuple[list[ChangeRequest], int]:
    """Submitted or assessed change requests, oldest first (Project Office home panel)."""
    qs = ChangeRequest.objects.filter(
        status__in=[ChangeRequest.Status.SUBMITTED, ChangeRequest.Status.ASSESSED]
    ).select_related("project")
    return list(qs.order_by("submitted_at")[:limit]), qs.count()
