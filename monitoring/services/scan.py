"""The lag scan: indicators, milestones, budget execution (and assignments, once portfolio plugs in).

A lag is an item whose RAG is Amber or Red for the current reporting period. The scan keeps at most one open
alert per (object, period, severity) — the database enforces it with a conditional unique constraint —, closes
alerts whose cause is gone, notifies the responsible people once per scan (the daily digest mails them), and
escalates an item that is Red for two consecutive periods.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.alert_text import render_detail
from monitoring.escalation import escalate_many, escalated_lags
from monitoring.models import (
    Actual,
    Alert,
    CashPlan,
    Disbursement,
    Frequency,
    Indicator,
    IndicatorRating,
    Target,
    period_label,
)
from monitoring.services.bulk import history_insert_select, is_postgres
from monitoring.services.ratings import compute_ratings, previous_period
from pmis.core.texts import nmsg
from projects import rag as ragmod
from projects.models import BudgetLine, Milestone, Project
from projects.models.choices import Rag
from projects.models.policy import RagPolicy


@dataclass
class Lag:
    object_type: str
    object_id: int
    year: int
    period: int
    period_label: str
    severity: str
    kind: str
    title: str
    detail: str = ""
    detail_args: dict[str, str] = field(default_factory=dict)
    # the day the current uninterrupted lag began, when the source knows it (else the first scan that saw it)
    since: datetime.date | None = None
    project_id: int | None = None
    indicator_id: int | None = None
    direction_id: int | None = None
    responsible_id: int | None = None
    red_previous_period: bool = False

    @property
    def key(self) -> tuple[str, int, int, int, str]:
        return (self.object_type, self.object_id, self.year, self.period, self.severity)


LagSource = Callable[[datetime.date, Any], Iterable[Lag]]
_sources: dict[str, LagSource] = {}


def register_lag_source(name: str, func: LagSource) -> LagSource:
    """Let another app add lags (portfolio: overdue assignments) as `func(today, policy) -> [Lag]`."""
    _sources[name] = func
    return func


_ACTIVE_STAGES = (Project.Stage.APPROVED, Project.Stage.PLANNING, Project.Stage.EXECUTION)


def _active_projects() -> Any:
    return Project.objects.filter(stage__in=_ACTIVE_STAGES)


def _previous_red_official() -> tuple[Exists, Case, Case]:
    """Whether the indicator's official rating of the period before the row's period was Red (one subquery)."""
    from monitoring.models import PERIODS_PER_YEAR

    last_of_year = Case(
        *[When(indicator__frequency=freq, then=Value(n)) for freq, n in PERIODS_PER_YEAR.items()],
        default=Value(1),
        output_field=IntegerField(),
    )
    prev_year = Case(When(period__gt=1, then=F("year")), default=F("year") - 1, output_field=IntegerField())
    prev_period = Case(
        When(period__gt=1, then=F("period") - 1), default=last_of_year, output_field=IntegerField()
    )
    return (
        Exists(
            IndicatorRating.objects.filter(
                indicator_id=OuterRef("indicator_id"),
                is_official=True,
                rag=Rag.RED,
                year=OuterRef("prev_year"),
                period=OuterRef("prev_period"),
            )
        ),
        prev_year,
        prev_period,
    )


def indicator_lags(today: datetime.date, policy: RagPolicy) -> list[Lag]:
    """Amber and Red latest official ratings, with "Red the period before" decided in the same query.

    A plain fetch, not a server-side cursor: PostgreSQL plans cursors for the first rows (nested loops), which made
    this 8,000-row read take ~15 s at bench scale instead of ~0.3 s."""
    red_before, prev_year, prev_period = _previous_red_official()
    rows = list(
        IndicatorRating.objects.filter(is_official=True, is_latest=True, rag__in=[Rag.AMBER, Rag.RED])
        .annotate(prev_year=prev_year, prev_period=prev_period)
        .annotate(red_before=red_before)
        .order_by()
        .values_list(
            "indicator_id",
            "year",
            "period",
            "rag",
            "achievement",
            "plan",
            "actual",
            "indicator__code",
            "indicator__name_ru",
            "indicator__frequency",
            "project_id_cached",
            "direction_id_cached",
            "indicator__responsible_person_id",
            "indicator__project__manager_id",
            "red_before",
        )
    )
    first = _lag_start_periods(rows)
    return [
        Lag(
            object_type=Alert.ObjectType.INDICATOR,
            object_id=ind,
            year=year,
            period=period,
            period_label=period_label(freq, year, period),
            severity=rag,
            kind="indicator_lag",
            title=f"{code} {name}"[:500],
            **_detail(
                "indicator_lag", plan=_num(plan), actual=_num(actual), a="" if ach is None else str(ach)
            ),
            since=period_start(freq, *first.get(ind, (year, period))),
            project_id=project_id,
            indicator_id=ind,
            direction_id=direction_id,
            responsible_id=person or manager,
            red_previous_period=bool(red_before and rag == Rag.RED),
        )
        for (
            ind,
            year,
            period,
            rag,
            ach,
            plan,
            actual,
            code,
            name,
            freq,
            project_id,
            direction_id,
            person,
            manager,
            red_before,
        ) in rows
    ]


def period_start(frequency: str, year: int, period: int) -> datetime.date:
    """The first day of an indicator period (month, quarter or year)."""
    if frequency == Frequency.MONTHLY:
        return datetime.date(year, period, 1)
    if frequency == Frequency.QUARTERLY:
        return datetime.date(year, 3 * (period - 1) + 1, 1)
    return datetime.date(year, 1, 1)


def _lag_start_periods(rows: list[tuple[Any, ...]]) -> dict[int, tuple[int, int]]:
    """indicator → the first period of its current uninterrupted run of Amber/Red official ratings.

    One query: the Amber/Red official ratings of the lagging indicators; the run is walked back in memory."""
    if not rows:
        return {}
    lagging = IndicatorRating.objects.filter(is_official=True, is_latest=True, rag__in=[Rag.AMBER, Rag.RED])
    bad = set(
        IndicatorRating.objects.filter(
            is_official=True, rag__in=[Rag.AMBER, Rag.RED], indicator_id__in=lagging.values("indicator_id")
        )
        .order_by()
        .values_list("indicator_id", "year", "period")
    )
    first: dict[int, tuple[int, int]] = {}
    for row in rows:
        ind, year, period, freq = row[0], row[1], row[2], row[9]
        while (ind, *previous_period(freq, year, period)) in bad:
            year, period = previous_period(freq, year, period)
        first[ind] = (year, period)
    return first


def _detail(kind: str, **args: str) -> dict[str, Any]:
    """A lag's detail: the values (formatted at display time for each reader) and their text in today's language."""
    return {"detail_args": args, "detail": render_detail(kind, args) or ""}


def milestone_lags(today: datetime.date, policy: RagPolicy) -> list[Lag]:
    lags = []
    rows = Milestone.objects.filter(project__in=_active_projects(), actual_date__isnull=True).values_list(
        "pk",
        "title",
        "planned_date",
        "forecast_date",
        "actual_date",
        "is_critical",
        "owner_id",
        "project_id",
        "project__code",
        "project__direction_id",
        "project__manager_id",
        "project__forecast_finish",
        "project__planned_finish",
    )
    for (
        pk,
        title,
        planned,
        forecast,
        actual,
        critical,
        owner,
        project_id,
        code,
        direction_id,
        manager,
        ff,
        pf,
    ) in rows.iterator(chunk_size=20000):
        ms = _MilestoneValues(planned, forecast, actual, critical)
        rag = ragmod.milestone_rating(ms, today=today, project_finish=ff or pf, policy=policy)
        if rag not in (Rag.AMBER, Rag.RED):
            continue
        slip = ragmod.milestone_slip_days(ms, today)
        lags.append(
            Lag(
                object_type=Alert.ObjectType.MILESTONE,
                object_id=pk,
                year=today.year,
                period=today.month,
                period_label=period_label(Frequency.MONTHLY, today.year, today.month),
                severity=rag,
                kind="milestone_slip",
                title=f"{code}: {title}"[:500],
                **_detail("milestone_slip", date=planned.isoformat(), days=str(slip)),
                # an overdue milestone lags since the day after its planned date; a forecast slip since it was seen
                since=planned + datetime.timedelta(days=1) if planned < today else None,
                project_id=project_id,
                direction_id=direction_id,
                responsible_id=owner or manager,
            )
        )
    _mark_previous_month_red(lags, Alert.ObjectType.MILESTONE, today)
    return lags


@dataclass
class _MilestoneValues:
    planned_date: datetime.date
    forecast_date: datetime.date | None
    actual_date: datetime.date | None
    is_critical: bool


def budget_execution(
    project_ids: Iterable[int] | None, today: datetime.date
) -> dict[int, tuple[Decimal, Decimal]]:
    """project id → (disbursed to date, planned to date) for the current year.

    Planned to date is the cash plan up to this month where the line has one, else the year's plan pro rata;
    disbursed is the sum of monthly disbursements where recorded, else the line's disbursed total."""
    lines = BudgetLine.objects.filter(year=today.year)
    if project_ids is not None:
        lines = lines.filter(project_id__in=list(project_ids))
    line_rows = list(lines.values_list("pk", "project_id", "plan", "disbursed"))
    if not line_rows:
        return {}
    line_ids = [r[0] for r in line_rows]
    cash = (
        dict(
            CashPlan.objects.filter(budget_line_id__in=line_ids, year=today.year, month__lte=today.month)
            .values("budget_line_id")
            .annotate(s=Sum("amount"))
            .values_list("budget_line_id", "s")
        )
        if len(line_ids) < 20000
        else _sum_by_line(CashPlan, today)
    )
    paid = (
        dict(
            Disbursement.objects.filter(budget_line_id__in=line_ids, year=today.year, month__lte=today.month)
            .values("budget_line_id")
            .annotate(s=Sum("amount"))
            .values_list("budget_line_id", "s")
        )
        if len(line_ids) < 20000
        else _sum_by_line(Disbursement, today)
    )
    result: dict[int, tuple[Decimal, Decimal]] = {}
    for pk, project_id, plan, disbursed in line_rows:
        planned = cash.get(pk)
        if planned is None:
            planned = plan * Decimal(today.month) / Decimal(12)
        done = paid.get(pk, disbursed)
        d, p = result.get(project_id, (Decimal(0), Decimal(0)))
        result[project_id] = (d + done, p + planned)
    return result


def _sum_by_line(model: Any, today: datetime.date) -> dict[int, Decimal]:
    return dict(
        model.objects.filter(year=today.year, month__lte=today.month)
        .values("budget_line_id")
        .annotate(s=Sum("amount"))
        .values_list("budget_line_id", "s")
    )


def budget_lags(today: datetime.date, policy: RagPolicy) -> list[Lag]:
    projects = {
        pk: (code, direction_id, manager)
        for pk, code, direction_id, manager in _active_projects().values_list(
            "pk", "code", "direction_id", "manager_id"
        )
    }
    lags = []
    for project_id, (disbursed, planned) in budget_execution(None, today).items():
        if project_id not in projects:
            continue
        rag = ragmod.finance_rating(disbursed, planned, policy)
        if rag not in (Rag.AMBER, Rag.RED):
            continue
        code, direction_id, manager = projects[project_id]
        execution = (disbursed / planned * 100) if planned else Decimal(0)
        lags.append(
            Lag(
                object_type=Alert.ObjectType.BUDGET,
                object_id=project_id,
                year=today.year,
                period=today.month,
                period_label=period_label(Frequency.MONTHLY, today.year, today.month),
                severity=rag,
                kind="budget_execution",
                title=_("%(code)s: budget execution") % {"code": code},
                **_detail(
                    "budget_execution", done=_num(disbursed), plan=_num(planned), pct=f"{execution:.1f}"
                ),
                project_id=project_id,
                direction_id=direction_id,
                responsible_id=manager,
            )
        )
    _mark_previous_month_red(lags, Alert.ObjectType.BUDGET, today)
    return lags


def _mark_previous_month_red(lags: list[Lag], object_type: str, today: datetime.date) -> None:
    reds = {lag.object_id: lag for lag in lags if lag.severity == Rag.RED}
    if not reds:
        return
    year, month = previous_period(Frequency.MONTHLY, today.year, today.month)
    prior = Alert.objects.filter(
        object_type=object_type,
        year=year,
        period=month,
        severity=Alert.Severity.RED,
        object_id__in=list(reds),
    ).values_list("object_id", flat=True)
    for object_id in prior:
        reds[object_id].red_previous_period = True


def _num(value: Any) -> str:
    value = Decimal(value)
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"


def stale_rating_indicators(policy: RagPolicy) -> list[int] | None:
    """Indicators whose stored ratings do not match their data any more; None means recompute every indicator.

    Every write path (entering, verifying or importing actuals, editing targets, retiring) recomputes its
    indicators' ratings when it commits; the scan is the safety net. Recomputing all 200,000 ratings took ~13 s of
    the scan at bench scale, so on PostgreSQL it compares instead, set-based, what each rating row was computed
    from with what is stored now: a rating without its (non-rejected) actual and target, or with another plan,
    actual, official state, level, direction or project; an (actual, target) pair without its rating; an indicator
    edited or retired after its ratings were computed. A RAG policy change recomputes all. The same statement runs
    on SQLite (the quick start and the demo), so both databases rate the same indicators.
    Comparing values rather than timestamps also catches rows changed behind the services' back."""
    if IndicatorRating.objects.exclude(policy_version=policy.version).exists():
        return None
    from django.db import connection

    r, a, t = IndicatorRating._meta.db_table, Actual._meta.db_table, Target._meta.db_table
    i, p = Indicator._meta.db_table, Project._meta.db_table
    # the null-safe "differs": SQLite spells it IS NOT (IS DISTINCT FROM only from SQLite 3.39)
    distinct = "IS DISTINCT FROM" if is_postgres() else "IS NOT"
    sql = f"""
        SELECT r.indicator_id FROM {r} r
          JOIN {i} i ON i.id = r.indicator_id
          LEFT JOIN {p} p ON p.id = i.project_id
          LEFT JOIN {a} a ON a.indicator_id = r.indicator_id AND a.year = r.year AND a.period = r.period
          LEFT JOIN {t} t ON t.indicator_id = r.indicator_id AND t.year = r.year AND t.period = r.period
         WHERE a.id IS NULL OR t.id IS NULL OR a.status = %(rejected)s
            OR (a.status = %(verified)s) <> r.is_official OR a.value <> r.actual OR t.value <> r.plan
            OR i.level <> r.level OR i.project_id {distinct} r.project_id_cached
            OR COALESCE(i.direction_id, p.direction_id) {distinct} r.direction_id_cached
            OR i.updated_at > r.computed_at OR (r.is_latest AND i.retired_at IS NOT NULL)
        UNION
        SELECT a.indicator_id FROM {a} a
          JOIN {t} t ON t.indicator_id = a.indicator_id AND t.year = a.year AND t.period = a.period
         WHERE a.status <> %(rejected)s AND NOT EXISTS (
               SELECT 1 FROM {r} r WHERE r.indicator_id = a.indicator_id AND r.year = a.year AND r.period = a.period
                  AND r.is_official = (a.status = %(verified)s))
    """  # noqa: S608 - table names come from the models
    with connection.cursor() as cursor:
        cursor.execute(sql, {"rejected": Actual.Status.REJECTED, "verified": Actual.Status.VERIFIED})
        return sorted(row[0] for row in cursor.fetchall())


def run_scan(
    *, today: datetime.date | None = None, progress: Callable[[int, str], None] | None = None
) -> dict[str, int]:
    """Recompute ratings, reconcile alerts with the current lags, notify and escalate. Idempotent."""
    today = today or timezone.localdate()
    step = progress or (lambda pct, msg: None)
    policy = RagPolicy.current()
    step(5, _("Computing indicator ratings"))
    stale = stale_rating_indicators(policy)
    rated = (
        compute_ratings(policy=policy)
        if stale is None
        else (compute_ratings(indicator_ids=stale, policy=policy) if stale else 0)
    )
    step(40, _("Looking for lags"))
    lags: list[Lag] = []
    lags += indicator_lags(today, policy)
    step(55, _("Milestones"))
    lags += milestone_lags(today, policy)
    step(65, _("Budget execution"))
    lags += budget_lags(today, policy)
    for func in _sources.values():
        lags += list(func(today, policy))
    step(75, _("Updating alerts"))
    stats = reconcile(lags, today=today)
    stats["ratings"] = rated
    step(95, _("Done"))
    return stats


@transaction.atomic
def reconcile(lags: list[Lag], *, today: datetime.date | None = None) -> dict[str, int]:
    """Open alerts for new lags, close alerts whose lag is gone; at most one open alert per key.

    Set-based on PostgreSQL: the new alerts go in with one COPY and one INSERT … ON CONFLICT DO NOTHING (a
    concurrent scan that opened the same alert first simply wins), closures are one UPDATE per 5,000 alerts, and
    their history rows are written with INSERT … SELECT. At bench scale (29,000 new alerts) this replaced ~45 s of
    bulk_create_with_history."""
    now = timezone.now()
    wanted = {lag.key: lag for lag in lags}
    open_alerts: dict[tuple[str, int, int, int, str], int] = {}
    since: dict[tuple[str, int], datetime.date] = {}
    for pk, object_type, object_id, year, period, severity, lagging_since in (
        Alert.objects.select_for_update()
        .filter(closed_at__isnull=True)
        .order_by()
        .values_list("pk", "object_type", "object_id", "year", "period", "severity", "lagging_since")
    ):
        open_alerts[(object_type, object_id, year, period, severity)] = pk
        obj = (object_type, object_id)
        since[obj] = min(since.get(obj, lagging_since), lagging_since)
    to_close = [pk for key, pk in open_alerts.items() if key not in wanted]
    closed = 0
    for start in range(0, len(to_close), 5000):
        closed += Alert.objects.filter(pk__in=to_close[start : start + 5000]).update(
            closed_at=now, updated_at=now
        )
    if closed:
        history_insert_select(Alert, "closed_at = %s", [now], history_type="~", when=now, reason="scan")
    new = [lag for key, lag in wanted.items() if key not in open_alerts]
    today = today or timezone.localdate()  # the scan's day: a lag first seen today began today at the latest
    began = {
        lag.key: min(since.get((lag.object_type, lag.object_id), today), lag.since or today) for lag in new
    }
    # an item still lagging since it was escalated (the month's or period's new alert of the same lag) is not
    # escalated again: its alert keeps the time of the lag's escalation
    escalated = escalated_lags(
        (lag.object_type, lag.object_id, began[lag.key])
        for lag in new
        if lag.severity == Rag.RED and lag.red_previous_period
    )
    objs = [
        Alert(
            object_type=lag.object_type,
            object_id=lag.object_id,
            year=lag.year,
            period=lag.period,
            period_label=lag.period_label,
            severity=lag.severity,
            kind=lag.kind,
            title=lag.title[:500],
            detail=lag.detail[:500],
            detail_args=lag.detail_args,
            project_id=lag.project_id,
            indicator_id=lag.indicator_id,
            direction_id=lag.direction_id,
            responsible_id=lag.responsible_id,
            opened_at=now,
            lagging_since=began[lag.key],
            escalated_at=(
                escalated.get((lag.object_type, lag.object_id, began[lag.key]), now)
                if lag.severity == Rag.RED and lag.red_previous_period
                else None
            ),
            created_at=now,
            updated_at=now,
        )
        for lag in new
    ]
    created = _insert_alerts(objs, new, now)
    _notify(created)
    to_escalate = [(alert, lag) for alert, lag in created if alert.escalated_at == now]
    # the escalation handlers read alert.project: one query for all of them instead of one per alert
    projects = (
        Project.objects.select_related("direction").in_bulk(
            {alert.project_id for alert, _lag in to_escalate if alert.project_id}
        )
        if to_escalate
        else {}
    )
    for alert, _lag in to_escalate:
        if alert.project_id in projects:
            alert.project = projects[alert.project_id]
    escalated_count = escalate_many(
        [
            (
                alert,
                _("Red for two consecutive periods (up to %(period)s): %(subject)s")
                % {"period": lag.period_label, "subject": alert.title},
            )
            for alert, lag in to_escalate
        ]
    )
    return {"lags": len(lags), "opened": len(created), "closed": closed, "escalated": escalated_count}


_ALERT_COLUMNS = (
    "created_at",
    "updated_at",
    "object_type",
    "object_id",
    "year",
    "period",
    "period_label",
    "severity",
    "kind",
    "title",
    "detail",
    "detail_args",
    "project_id",
    "indicator_id",
    "direction_id",
    "responsible_id",
    "opened_at",
    "lagging_since",
    "closed_at",
    "escalated_at",
)


def _insert_alerts(objs: list[Alert], new: list[Lag], now: Any) -> list[tuple[Alert, Lag]]:
    """Insert the new alerts (skipping any another scan opened meanwhile) with their "created" history rows."""
    if not objs:
        return []
    if not is_postgres():
        return _create_alerts(objs, new)
    from django.db import connection

    from monitoring.services.bulk import copy_rows

    table = Alert._meta.db_table
    cols = ", ".join(_ALERT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE scan_new_alert ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA"  # noqa: S608
        )
    copy_rows("scan_new_alert", _ALERT_COLUMNS, ([_copy_value(o, c) for c in _ALERT_COLUMNS] for o in objs))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM scan_new_alert "  # noqa: S608
            f"ON CONFLICT DO NOTHING RETURNING id, object_type, object_id, year, period, severity"
        )
        ids = {tuple(row[1:]): row[0] for row in cursor.fetchall()}
        cursor.execute("DROP TABLE scan_new_alert")
    if ids:
        history_insert_select(
            Alert, "created_at = %s AND opened_at = %s", [now, now], history_type="+", when=now, reason="scan"
        )
    pairs = []
    for obj, lag in zip(objs, new, strict=True):
        pk = ids.get(lag.key)
        if pk is not None:
            obj.pk = obj.id = pk
            obj._state.adding = False
            pairs.append((obj, lag))
    return pairs


def _copy_value(alert: Alert, column: str) -> Any:
    value = getattr(alert, column)
    return json.dumps(value) if column == "detail_args" else value


def _create_alerts(objs: list[Alert], new: list[Lag]) -> list[tuple[Alert, Lag]]:
    """Other databases: bulk_create with history, one get_or_create per lag if a concurrent scan got there first."""
    from simple_history.utils import bulk_create_with_history

    try:
        with transaction.atomic():
            saved = bulk_create_with_history(objs, Alert, batch_size=2000)
        return list(zip(saved, new, strict=True))
    except IntegrityError:
        pairs = []
        for obj, lag in zip(objs, new, strict=True):
            defaults = {
                f.attname: getattr(obj, f.attname) for f in Alert._meta.concrete_fields if not f.primary_key
            }
            alert, made = Alert.objects.get_or_create(
                object_type=lag.object_type,
                object_id=lag.object_id,
                year=lag.year,
                period=lag.period,
                severity=lag.severity,
                closed_at=None,
                defaults=defaults,
            )
            if made:
                pairs.append((alert, lag))
        return pairs


def _notify(created: list[tuple[Alert, Lag]]) -> None:
    """One in-app notification per responsible person per scan (the daily digest e-mails it): no storm."""
    from django.urls import reverse

    from pmis.accounts.models import User
    from pmis.notifications.services import notify

    per_user: dict[int, int] = defaultdict(int)
    for alert, _lag in created:
        if alert.responsible_id:
            per_user[alert.responsible_id] += 1
    if not per_user:
        return
    url = reverse("monitoring:alerts") + "?mine=1"
    users = {u.pk: u for u in User.objects.filter(pk__in=list(per_user), is_active=True)}
    for user_id, count in per_user.items():
        user = users.get(user_id)
        if user is None:
            continue
        notify(
            recipients=[user],
            title=nmsg(
                "%(n)d new lag alert needs your attention", "%(n)d new lag alerts need your attention", "n", n=count
            ),
            url=url,
            kind="warning",
        )


def indicator_for_alert(alert: Alert) -> Indicator | None:
    return alert.indicator
