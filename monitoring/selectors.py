"""Reads the monitoring pages need: user-scoped, prefetched, with a fixed number of queries per page."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from monitoring.models import (
    Actual,
    Alert,
    CashPlan,
    Disbursement,
    Frequency,
    Indicator,
    IndicatorRating,
    ReportingPeriod,
    Target,
    period_label,
)
from monitoring.permissions import alerts_visible_to, indicators_visible_to
from monitoring.services.periods import period_scope_q
from pmis.core.charts import month_label, quarter_label
from pmis.core.numbers import parse_int
from pmis.reference.models import Direction
from projects.models import BudgetLine
from projects.models.choices import Rag
from projects.models.policy import RagPolicy
from projects.permissions import sees_all_projects

if TYPE_CHECKING:
    from pmis.accounts.models import User
    from projects.models import Project

RAGS = (Rag.GREEN, Rag.AMBER, Rag.RED)
RAG_COLORS = {Rag.GREEN: "#198754", Rag.AMBER: "#fd7e14", Rag.RED: "#dc3545", Rag.NONE: "#6c757d"}


# --- the city dashboard's main aggregate, two ways (bench: monitoring.aggregate_orm / _sql) -----------------


def hidden_confidential_projects(user: User) -> QuerySet[Any] | None:
    """Confidential projects the user may not open, as a pk subquery; None when the user sees every project.

    DESIGN.md §4 hides confidential projects from readers outside their circle; aggregate numbers must not reveal
    them either, so city-level counts and sums leave these projects out for that reader."""
    from monitoring.permissions import projects_for
    from projects.models import Project

    if sees_all_projects(user):
        return None
    return (
        Project.objects.filter(is_confidential=True)
        .exclude(pk__in=projects_for(user).values("pk"))
        .values("pk")
    )


def city_aggregate_orm(
    cap: Decimal, hidden: QuerySet[Any] | None = None
) -> list[tuple[int | None, str, int, Decimal | None]]:
    """(direction id, RAG, indicators, mean capped achievement) over the latest official rating of every indicator
    (minus the indicators of `hidden` projects: hidden_confidential_projects)."""
    capped = Case(
        When(
            achievement__gt=cap, then=Value(cap, output_field=DecimalField(max_digits=12, decimal_places=4))
        ),
        default=F("achievement"),
    )
    ratings = IndicatorRating.objects.filter(is_official=True, is_latest=True)
    if hidden is not None:
        ratings = ratings.exclude(project_id_cached__in=hidden)
    rows = (
        ratings.order_by()
        .values("direction_id_cached", "rag")
        .annotate(n=Count("*"), avg=Avg(capped))
        .values_list("direction_id_cached", "rag", "n", "avg")
    )
    return list(rows)


def city_aggregate_sql(cap: Decimal) -> list[tuple[int | None, str, int, Decimal | None]]:
    """The same aggregate written by hand in SQL (the yardstick for the ORM version)."""
    table = IndicatorRating._meta.db_table
    sql = (
        f"SELECT direction_id_cached, rag, COUNT(*), AVG(CASE WHEN achievement > %s THEN %s ELSE achievement END) "  # noqa: S608
        f"FROM {table} WHERE is_official AND is_latest GROUP BY direction_id_cached, rag"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [cap, cap])
        return [(d, r, n, Decimal(str(a)) if a is not None else None) for d, r, n, a in cursor.fetchall()]


def chart_period_label(frequency: str, year: int, period: int) -> str:
    """A period on a chart's axis in the reader's language: "май 2026 г.", "2026 ж. II тоқсан", "Q2 2026", "2026"."""
    if frequency == Frequency.MONTHLY:
        return month_label(year, period)
    if frequency == Frequency.QUARTERLY:
        return quarter_label(year, period)
    return str(year)


def _series(indicator: Indicator) -> dict[str, Any]:
    """Labels and plan / official actual / working actual values per period, from prefetched rows."""
    plans = {(t.year, t.period): t.value for t in indicator.targets.all()}
    official = {
        (a.year, a.period): a.value for a in indicator.actuals.all() if a.status == Actual.Status.VERIFIED
    }
    working = {
        (a.year, a.period): a.value
        for a in indicator.actuals.all()
        if a.status in (Actual.Status.SUBMITTED, Actual.Status.DRAFT)
    }
    keys = sorted(set(plans) | set(official) | set(working))
    return {
        "labels": [chart_period_label(indicator.frequency, y, p) for y, p in keys],
        "plan": [_f(plans.get(k)) for k in keys],
        "actual": [_f(official.get(k)) for k in keys],
        "working": [_f(working.get(k)) for k in keys],
    }


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def _indicator_prefetch(qs: QuerySet[Indicator]) -> QuerySet[Indicator]:
    return qs.select_related("responsible_organization", "responsible_person").prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("year", "period")),
        Prefetch(
            "actuals",
            queryset=Actual.objects.exclude(status=Actual.Status.REJECTED).order_by("year", "period"),
        ),
        Prefetch(
            "ratings",
            queryset=IndicatorRating.objects.filter(is_latest=True).order_by("-is_official"),
            to_attr="latest_ratings",
        ),
    )


def _attach_latest(indicators: list[Indicator]) -> None:
    for ind in indicators:
        # latest_ratings: prefetched with to_attr by _indicator_prefetch(); django-stubs types such attributes
        # on the queryset's rows only, not on an Indicator handed to a helper
        official = [r for r in ind.latest_ratings if r.is_official]  # type: ignore[attr-defined]
        working = [r for r in ind.latest_ratings if not r.is_official]  # type: ignore[attr-defined]
        ind.official = official[0] if official else None
        ind.working = working[0] if working else None
        ind.official_label = ind.label(ind.official.year, ind.official.period) if ind.official else ""


def _distribution(
    rows: list[tuple[int | None, str, int, Decimal | None]],
) -> dict[int | None, dict[str, Any]]:
    by_direction: dict[int | None, dict[str, Any]] = defaultdict(
        lambda: {"green": 0, "amber": 0, "red": 0, "none": 0, "n": 0, "sum": Decimal(0), "rated": 0}
    )
    for direction_id, rag, n, avg in rows:
        entry = by_direction[direction_id]
        entry[rag] = entry.get(rag, 0) + n
        entry["n"] += n
        if avg is not None:
            entry["sum"] += Decimal(avg) * n
            entry["rated"] += n
    for entry in by_direction.values():
        entry["achievement"] = (entry["sum"] / entry["rated"]) if entry["rated"] else None
    return by_direction


def city_dashboard(user: User) -> dict[str, Any]:
    """Strategic and program indicators with trends, and the RAG distribution by direction (6 queries)."""
    policy = RagPolicy.current()
    dist = _distribution(city_aggregate_orm(policy.achievement_cap, hidden_confidential_projects(user)))
    directions = list(Direction.objects.order_by("number"))
    rows = []
    totals = {"green": 0, "amber": 0, "red": 0, "n": 0}
    for d in directions:
        entry = dist.get(d.pk, {"green": 0, "amber": 0, "red": 0, "n": 0, "achievement": None})
        rows.append({"direction": d, **entry})
        for rag in totals:
            totals[rag] += entry.get(rag, 0)
    key = list(
        _indicator_prefetch(
            indicators_visible_to(user).filter(
                level__in=[Indicator.Level.STRATEGIC, Indicator.Level.PROGRAM], retired_at__isnull=True
            )
        ).order_by("level", "code")[:60]
    )
    _attach_latest(key)
    charts: list[dict[str, Any]] = []
    for ind in key:
        if ind.level == Indicator.Level.STRATEGIC or len(charts) < 6:
            charts.append({"id": f"chart-{ind.pk}", "title": str(ind), "unit": ind.unit, **_series(ind)})
    distribution = {
        "labels": [str(d.number) for d in directions],
        "titles": [d.name for d in directions],
        "green": [r["green"] for r in rows],
        "amber": [r["amber"] for r in rows],
        "red": [r["red"] for r in rows],
    }
    return {
        "policy": policy,
        "rows": rows,
        "totals": totals,
        "key_indicators": key,
        "charts": charts,
        "distribution": distribution,
    }


def direction_dashboard(user: User, direction: Direction, page: int | str = 1) -> dict[str, Any]:
    from django.core.paginator import Paginator

    from monitoring.permissions import projects_for

    indicators = list(
        _indicator_prefetch(
            indicators_visible_to(user).filter(
                direction=direction, project__isnull=True, retired_at__isnull=True
            )
        ).order_by("level", "code")[:100]
    )
    _attach_latest(indicators)
    project_ids = IndicatorRating.objects.filter(
        direction_id_cached=direction.pk, is_latest=True, is_official=True, project_id_cached__isnull=False
    )
    projects = (
        projects_for(user)
        .filter(direction=direction, pk__in=project_ids.values("project_id_cached"))
        .order_by("code")
    )
    pager = Paginator(projects.only("pk", "code", "title_ru", "title_kk", "title_en", "manager_id"), 25)
    page_obj = pager.get_page(page)
    ids = [p.pk for p in page_obj]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"green": 0, "amber": 0, "red": 0, "none": 0})
    for pid, rag, n in (
        IndicatorRating.objects.filter(project_id_cached__in=ids, is_official=True, is_latest=True)
        .values("project_id_cached", "rag")
        .annotate(n=Count("id"))
        .values_list("project_id_cached", "rag", "n")
    ):
        if pid is not None:  # always: filtered on the page's projects
            counts[pid][rag] = n
    for p in page_obj:
        mine = counts[p.pk]
        # the page's figures ride on the projects app's rows for the template; that model does not declare them
        p.counts = mine  # type: ignore[attr-defined]
        p.worst = (  # type: ignore[attr-defined]
            Rag.RED
            if mine["red"]
            else Rag.AMBER
            if mine["amber"]
            else Rag.GREEN
            if mine["green"]
            else Rag.NONE
        )
    return {"indicators": indicators, "page": page_obj}


def project_monitoring(user: User, project: Project) -> dict[str, Any]:
    indicators = list(_indicator_prefetch(Indicator.objects.filter(project=project)).order_by("code"))
    _attach_latest(indicators)
    charts = [{"id": f"chart-{i.pk}", "title": str(i), "unit": i.unit, **_series(i)} for i in indicators[:6]]
    alerts = list(
        Alert.objects.filter(project=project, closed_at__isnull=True).select_related("responsible")[:50]
    )
    return {
        "indicators": indicators,
        "charts": charts,
        "alerts": alerts,
        "budget": budget_curve([project.pk]),
    }


def indicator_timeline(indicator: Indicator) -> list[dict[str, Any]]:
    """One row per period: plan, actual (any state), the official and working ratings."""
    plans = {(t.year, t.period): t for t in indicator.targets.all()}
    # all_actuals / all_ratings: prefetched with to_attr by indicator_for_detail(), which the stubs cannot see
    actuals = {(a.year, a.period): a for a in indicator.all_actuals}  # type: ignore[attr-defined]
    ratings: dict[tuple[int, int], dict[bool, IndicatorRating]] = defaultdict(dict)
    for r in indicator.all_ratings:  # type: ignore[attr-defined]
        ratings[(r.year, r.period)][r.is_official] = r
    rows = []
    for key in sorted(set(plans) | set(actuals)):
        rows.append(
            {
                "label": period_label(indicator.frequency, *key),
                "year": key[0],
                "period": key[1],
                "target": plans.get(key),
                "actual": actuals.get(key),
                "official": ratings[key].get(True),
                "working": ratings[key].get(False),
            }
        )
    return rows


def indicator_for_detail(indicator: Indicator) -> Indicator:
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        [indicator],
        Prefetch("targets", queryset=Target.objects.order_by("year", "period")),
        Prefetch(
            "actuals",
            queryset=Actual.objects.select_related("entered_by", "verified_by").order_by("year", "period"),
            to_attr="all_actuals",
        ),
        Prefetch(
            "ratings", queryset=IndicatorRating.objects.order_by("year", "period"), to_attr="all_ratings"
        ),
        Prefetch(
            "actuals",
            queryset=Actual.objects.exclude(status=Actual.Status.REJECTED).order_by("year", "period"),
        ),
    )
    return indicator


INDICATOR_SORTS = {
    "code": "code",
    "-code": "-code",
    "name": "name_ru",
    "-name": "-name_ru",
    "level": "level",
    "-level": "-level",
    "frequency": "frequency",
    "-frequency": "-frequency",
}


def indicator_list(user: User, params: Mapping[str, str]) -> QuerySet[Indicator]:
    qs = indicators_visible_to(user).select_related("direction", "project", "responsible_organization")
    if level := params.get("level"):
        qs = qs.filter(level=level)
    if direction := params.get("direction"):
        qs = qs.filter(Q(direction_id=parse_int(direction)) | Q(project__direction_id=parse_int(direction)))
    if frequency := params.get("frequency"):
        qs = qs.filter(frequency=frequency)
    if params.get("national"):
        qs = qs.exclude(national_project_code="")
    if q := (params.get("q") or "").strip():
        qs = qs.filter(
            Q(code__icontains=q)
            | Q(name_ru__icontains=q)
            | Q(name_kk__icontains=q)
            | Q(name_en__icontains=q)
            | Q(national_project_code__icontains=q)
        )
    if rag := params.get("rag"):
        qs = qs.filter(ratings__is_official=True, ratings__is_latest=True, ratings__rag=rag)
    return qs.order_by(INDICATOR_SORTS.get(params.get("sort", ""), "code"), "pk")


def latest_official(indicators: list[Indicator]) -> None:
    """Attach `official` (latest official rating) to a page of indicators with one query."""
    ratings = {
        r.indicator_id: r
        for r in IndicatorRating.objects.filter(
            indicator_id__in=[i.pk for i in indicators], is_official=True, is_latest=True
        )
    }
    for ind in indicators:
        ind.official = ratings.get(ind.pk)
        ind.official_label = ind.label(ind.official.year, ind.official.period) if ind.official else ""


ALERT_SORTS = {
    "opened": "opened_at",
    "-opened": "-opened_at",
    "since": "lagging_since",
    "-since": "-lagging_since",
    "severity": "severity",
    "-severity": "-severity",
}


def alert_list(user: User, params: Mapping[str, str]) -> QuerySet[Alert]:
    qs = (
        alerts_visible_to(user)
        .select_related("direction", "project", "responsible", "indicator")
        .prefetch_related("recommendations")
    )
    state = params.get("state", "open")
    if state == "open":
        qs = qs.filter(closed_at__isnull=True)
    elif state == "closed":
        qs = qs.filter(closed_at__isnull=False)
    if severity := params.get("severity"):
        qs = qs.filter(severity=severity)
    if object_type := params.get("type"):
        qs = qs.filter(object_type=object_type)
    if direction := params.get("direction"):
        direction_id = parse_int(direction)
        qs = qs.filter(direction_id=direction_id) if direction_id is not None else qs.none()
    if params.get("mine"):
        qs = qs.filter(responsible=user)
    if q := (params.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(detail__icontains=q))
    return qs.order_by(ALERT_SORTS.get(params.get("sort", ""), "-opened_at"), "-pk")


def situation(user: User) -> dict[str, Any]:
    """SAC situational view: open lags by direction and kind, the longest-running first."""
    base = alerts_visible_to(user).filter(closed_at__isnull=True)
    by_direction: defaultdict[int | None, dict[str, int]] = defaultdict(lambda: {"amber": 0, "red": 0})
    for direction_id, severity, n in (
        base.values("direction_id", "severity")
        .annotate(n=Count("id"))
        .values_list("direction_id", "severity", "n")
    ):
        by_direction[direction_id][severity] = n
    directions = [
        (d, by_direction.get(d.pk, {"amber": 0, "red": 0})) for d in Direction.objects.order_by("number")
    ]
    labels = dict(Alert.ObjectType.choices)
    by_type = {
        str(labels.get(k, k)): n
        for k, n in base.values("object_type").annotate(n=Count("id")).values_list("object_type", "n")
    }
    oldest = list(
        base.select_related("direction", "project", "responsible", "indicator")
        .prefetch_related("recommendations")
        .order_by("lagging_since", "-severity", "pk")[:30]
    )
    return {"directions": directions, "by_type": by_type, "oldest": oldest, "total": sum(by_type.values())}


def completeness(period: ReportingPeriod, user: User) -> dict[str, list[dict[str, Any]]]:
    """Expected vs submitted vs verified values for the period, per department and per direction, counting only
    the indicators the reader may see (a confidential project's values never show in another reader's totals).

    Retired indicators take no new values, so neither their targets nor their values count."""
    scope = period_scope_q(period) & Q(indicator__retired_at__isnull=True)
    if not sees_all_projects(user):
        scope &= Q(indicator__in=indicators_visible_to(user))
    expected = Target.objects.filter(scope)
    done = Actual.objects.filter(scope)

    def group(field_expected: str, field_actual: str) -> dict[Any, dict[str, int]]:
        out: dict[Any, dict[str, int]] = defaultdict(lambda: {"expected": 0, "submitted": 0, "verified": 0})
        for key, n in (
            expected.values(field_expected).annotate(n=Count("id")).values_list(field_expected, "n")
        ):
            out[key]["expected"] += n
        for key, status, n in (
            done.exclude(status__in=[Actual.Status.DRAFT, Actual.Status.REJECTED])
            .values(field_actual, "status")
            .annotate(n=Count("id"))
            .values_list(field_actual, "status", "n")
        ):
            out[key]["submitted"] += n
            if status == Actual.Status.VERIFIED:
                out[key]["verified"] += n
        return out

    from pmis.accounts.models import Organization

    dept = group("indicator__responsible_organization", "indicator__responsible_organization")
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=[k for k in dept if k])}
    direction_expr = "indicator__direction"
    dirs = group(direction_expr, direction_expr)
    proj_dirs = group("indicator__project__direction", "indicator__project__direction")
    for key, value in proj_dirs.items():
        if key is None:
            continue
        for field in ("expected", "submitted", "verified"):
            dirs[key][field] += value[field]
    dirs.pop(None, None)
    directions = {d.pk: d for d in Direction.objects.filter(pk__in=list(dirs))}

    def rows(groups: dict[Any, dict[str, int]], names: dict[Any, Any]) -> list[dict[str, Any]]:
        out = []
        for key, value in groups.items():
            exp = value["expected"]
            out.append(
                {
                    "name": names.get(key, "—") if key else "—",
                    **value,
                    "pct": (value["submitted"] * 100 // exp) if exp else 0,
                    "verified_pct": (value["verified"] * 100 // exp) if exp else 0,
                }
            )
        return sorted(out, key=lambda r: (r["pct"], str(r["name"])))

    return {"departments": rows(dept, orgs), "directions": rows(dirs, directions)}


def budget_curve(project_ids: Iterable[int] | None, year: int | None = None) -> dict[str, Any]:
    """Monthly cash plan vs payments, cumulative, for the given projects (all when None)."""
    year = year or timezone.localdate().year
    cash = CashPlan.objects.filter(year=year)
    paid = Disbursement.objects.filter(year=year)
    if project_ids is not None:
        cash = cash.filter(budget_line__project_id__in=project_ids)
        paid = paid.filter(budget_line__project_id__in=project_ids)
    # order_by(): the models' default ordering would otherwise join budget lines and projects into the aggregate
    plan_m = dict(cash.order_by().values("month").annotate(s=Sum("amount")).values_list("month", "s"))
    paid_m = dict(paid.order_by().values("month").annotate(s=Sum("amount")).values_list("month", "s"))
    plan_cum, paid_cum, p, d = [], [], Decimal(0), Decimal(0)
    today = timezone.localdate()
    for m in range(1, 13):
        p += plan_m.get(m, Decimal(0))
        d += paid_m.get(m, Decimal(0))
        plan_cum.append(float(p))
        paid_cum.append(float(d) if (year < today.year or m <= today.month) else None)
    return {
        "labels": [month_label(year, m, with_year=False) for m in range(1, 13)],
        "plan": plan_cum,
        "paid": paid_cum,
        "year": year,
        "plan_total": p,
        "paid_total": d,
    }


def _lines_with_paid(lines: QuerySet[BudgetLine], year: int) -> QuerySet[BudgetLine]:
    """Each line's disbursed amount in the year: its monthly disbursements where recorded, else the line's total.

    One correlated subquery per line on the (budget_line, year, month) unique index, so a whole city's lines are
    summed in a single statement (at bench scale the per-group anti-join queries it replaces took ~2 s a page)."""
    recorded = (
        Disbursement.objects.filter(budget_line=OuterRef("pk"), year=year)
        .order_by()
        .values("budget_line")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    money = DecimalField(max_digits=18, decimal_places=2)
    return lines.annotate(
        paid_in_year=Coalesce(Subquery(recorded, output_field=money), F("disbursed"), output_field=money)
    )


def budget_execution_groups(user: User, year: int) -> dict[str, Any]:
    """Execution (disbursed / plan of the year) by direction and by funding source over visible projects (2 queries).

    Confidential projects the user may not see are left out of the totals too (DESIGN.md §4)."""
    from monitoring.permissions import projects_for

    lines = BudgetLine.objects.filter(year=year)
    if not sees_all_projects(user):
        lines = lines.filter(project__in=projects_for(user))
    cells = (
        _lines_with_paid(lines, year)
        .order_by()
        .values("project__direction_id", "source")
        .annotate(plan=Sum("plan"), paid=Sum("paid_in_year"))
        .values_list("project__direction_id", "source", "plan", "paid")
    )
    by_direction: dict[Any, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    by_source: dict[Any, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for direction_id, source, plan, paid in cells:
        for bucket in (by_direction[direction_id], by_source[source]):
            bucket[0] += plan or 0
            bucket[1] += paid or 0
    directions = (
        {d.pk: d for d in Direction.objects.filter(pk__in=[k for k in by_direction if k is not None])}
        if by_direction
        else {}
    )
    labels = dict(BudgetLine.Source.choices)
    ordered_dirs = sorted(
        by_direction, key=lambda k: (k is None, directions[k].number if k in directions else 0, k or 0)
    )
    return {
        "directions": [
            {
                "name": directions.get(d),
                "plan": by_direction[d][0],
                "paid": by_direction[d][1],
                "pct": _pct(by_direction[d][1], by_direction[d][0]),
            }
            for d in ordered_dirs
        ],
        "sources": [
            {
                "name": labels.get(src, src),
                "plan": by_source[src][0],
                "paid": by_source[src][1],
                "pct": _pct(by_source[src][1], by_source[src][0]),
            }
            for src in sorted(by_source)
        ],
    }


def budget_execution_projects(user: User, year: int) -> QuerySet[Any]:
    """Visible projects with budget lines in the year, by code (plan and paid: budget_paid_for_page).

    An EXISTS filter rather than a join + GROUP BY, so a page is an index walk on the code instead of an aggregate
    over every project's lines (~0.2 s at bench scale before the first row)."""
    from monitoring.permissions import projects_for

    in_year = BudgetLine.objects.filter(project=OuterRef("pk"), year=year)
    return projects_for(user).filter(Exists(in_year)).select_related("direction").order_by("code")


def budget_paid_for_page(projects: list[Any], year: int) -> None:
    """Attach `plan`, `paid` and `pct` of the year to a page of projects (one query whatever the page size)."""
    if not projects:
        return
    lines = BudgetLine.objects.filter(year=year, project_id__in=[p.pk for p in projects])
    sums = {
        pk: (plan, paid)
        for pk, plan, paid in _lines_with_paid(lines, year)
        .order_by()
        .values("project_id")
        .annotate(plan=Sum("plan"), paid=Sum("paid_in_year"))
        .values_list("project_id", "plan", "paid")
    }
    for p in projects:
        plan, paid = sums.get(p.pk, (None, None))
        p.plan = plan or Decimal(0)
        p.paid = paid or Decimal(0)
        p.pct = _pct(p.paid, p.plan)


def _pct(done: Any, plan: Any) -> Decimal | None:
    """Execution as a ratio (disbursed / plan), None without a plan."""
    if not plan:
        return None
    return Decimal(done or 0) / Decimal(plan)


def today() -> datetime.date:
    return timezone.localdate()


def budget_visible_project_ids(user: User, year: int) -> QuerySet[Any] | None:
    """The projects whose budget the user may see in aggregates; None when that is every project (no filter)."""
    from monitoring.permissions import projects_for

    if sees_all_projects(user):
        return None
    return projects_for(user).filter(budget_lines__year=year).values_list("pk", flat=True).distinct()


def chart_labels() -> dict[str, str]:
    """Legend texts for the browser charts, translated on the server."""
    from django.utils.translation import gettext as _

    return {
        "plan": _("Plan"),
        "actual": _("Actual (verified)"),
        "working": _("Actual (not verified)"),
        "green": _("Green"),
        "amber": _("Amber"),
        "red": _("Red"),
        "cash_plan": _("Cash plan, cumulative"),
        "paid": _("Payments, cumulative"),
    }
