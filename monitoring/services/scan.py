"""The lag scan: indicators, milestones, budget execution (and assignments, once portfolio plugs in).

A lag is an item whose RAG is Amber or Red for the current reporting period. The scan keeps at most one open
alert per (object, period, severity) — the database enforces it with a conditional unique constraint —, closes
alerts whose cause is gone, notifies the responsible people once per scan (the daily digest mails them), and
escalates an item that is Red for two consecutive periods.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from monitoring.escalation import escalate_many
from monitoring.models import (
    Alert,
    CashPlan,
    Disbursement,
    Frequency,
    Indicator,
    IndicatorRating,
    period_label,
)
from monitoring.services.ratings import compute_ratings, previous_period
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


def indicator_lags(today: datetime.date, policy: Any) -> list[Lag]:
    lags = []
    rows = (
        IndicatorRating.objects.filter(is_official=True, is_latest=True, rag__in=[Rag.AMBER, Rag.RED])
        .values_list(
            "indicator_id", "year", "period", "rag", "achievement", "plan", "actual", "indicator__code",
            "indicator__name_ru", "indicator__frequency", "project_id_cached", "direction_id_cached",
            "indicator__responsible_person_id", "indicator__project__manager_id",
        )
        .iterator(chunk_size=20000)
    )
    lags_by_prev: dict[tuple[int, int, int], Lag] = {}
    for ind, year, period, rag, ach, plan, actual, code, name, freq, project_id, direction_id, person, manager in rows:
        lag = Lag(
            object_type=Alert.ObjectType.INDICATOR, object_id=ind, year=year, period=period,
            period_label=period_label(freq, year, period), severity=rag, kind="indicator_lag",
            title=f"{code} {name}"[:500],
            detail=_("Plan %(plan)s, actual %(actual)s, achievement %(a)s")
            % {"plan": _num(plan), "actual": _num(actual), "a": "—" if ach is None else f"{ach:.2f}"},
            project_id=project_id, indicator_id=ind, direction_id=direction_id, responsible_id=person or manager,
        )
        lags.append(lag)
        if rag == Rag.RED:
            lags_by_prev[(ind, *previous_period(freq, year, period))] = lag
    if lags_by_prev:
        ids = {k[0] for k in lags_by_prev}
        for ind, year, period in IndicatorRating.objects.filter(
            indicator_id__in=ids, is_official=True, rag=Rag.RED
        ).values_list("indicator_id", "year", "period"):
            lag = lags_by_prev.get((ind, year, period))
            if lag is not None:
                lag.red_previous_period = True
    return lags


def milestone_lags(today: datetime.date, policy: Any) -> list[Lag]:
    lags = []
    rows = Milestone.objects.filter(project__in=_active_projects(), actual_date__isnull=True).values_list(
        "pk", "title", "planned_date", "forecast_date", "actual_date", "is_critical", "owner_id", "project_id",
        "project__code", "project__direction_id", "project__manager_id", "project__forecast_finish",
        "project__planned_finish",
    )
    for pk, title, planned, forecast, actual, critical, owner, project_id, code, direction_id, manager, ff, pf in rows.iterator(
        chunk_size=20000
    ):
        ms = _MilestoneValues(planned, forecast, actual, critical)
        rag = ragmod.milestone_rating(ms, today=today, project_finish=ff or pf, policy=policy)
        if rag not in (Rag.AMBER, Rag.RED):
            continue
        slip = ragmod.milestone_slip_days(ms, today)
        lags.append(
            Lag(
                object_type=Alert.ObjectType.MILESTONE, object_id=pk, year=today.year, period=today.month,
                period_label=period_label(Frequency.MONTHLY, today.year, today.month), severity=rag,
                kind="milestone_slip", title=f"{code}: {title}"[:500],
                detail=_("Planned %(date)s, slip %(days)s days") % {"date": planned.isoformat(), "days": slip},
                project_id=project_id, direction_id=direction_id, responsible_id=owner or manager,
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


def budget_execution(project_ids: Iterable[int] | None, today: datetime.date) -> dict[int, tuple[Decimal, Decimal]]:
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
    cash = dict(
        CashPlan.objects.filter(budget_line_id__in=line_ids, year=today.year, month__lte=today.month)
        .values("budget_line_id").annotate(s=Sum("amount")).values_list("budget_line_id", "s")
    ) if len(line_ids) < 20000 else _sum_by_line(CashPlan, today)
    paid = dict(
        Disbursement.objects.filter(budget_line_id__in=line_ids, year=today.year, month__lte=today.month)
        .values("budget_line_id").annotate(s=Sum("amount")).values_list("budget_line_id", "s")
    ) if len(line_ids) < 20000 else _sum_by_line(Disbursement, today)
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
        .values("budget_line_id").annotate(s=Sum("amount")).values_list("budget_line_id", "s")
    )


def budget_lags(today: datetime.date, policy: Any) -> list[Lag]:
    projects = {
        pk: (code, direction_id, manager)
        for pk, code, direction_id, manager in _active_projects().values_list("pk", "code", "direction_id", "manager_id")
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
                object_type=Alert.ObjectType.BUDGET, object_id=project_id, year=today.year, period=today.month,
                period_label=period_label(Frequency.MONTHLY, today.year, today.month), severity=rag,
                kind="budget_execution", title=_("%(code)s: budget execution") % {"code": code},
                detail=_("Disbursed %(done)s of %(plan)s planned to date (%(pct)s%%)")
                % {"done": _num(disbursed), "plan": _num(planned), "pct": f"{execution:.1f}"},
                project_id=project_id, direction_id=direction_id, responsible_id=manager,
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
        object_type=object_type, year=year, period=month, severity=Alert.Severity.RED, object_id__in=list(reds)
    ).values_list("object_id", flat=True)
    for object_id in prior:
        reds[object_id].red_previous_period = True


def _num(value: Any) -> str:
    value = Decimal(value)
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"


def run_scan(*, today: datetime.date | None = None, progress: Callable[[int, str], None] | None = None) -> dict[str, int]:
    """Recompute ratings, reconcile alerts with the current lags, notify and escalate. Idempotent."""
    today = today or timezone.localdate()
    step = progress or (lambda pct, msg: None)
    policy = RagPolicy.current()
    step(5, _("Computing indicator ratings"))
    rated = compute_ratings(policy=policy)
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
    stats = reconcile(lags)
    stats["ratings"] = rated
    step(95, _("Done"))
    return stats


@transaction.atomic
def reconcile(lags: list[Lag]) -> dict[str, int]:
    """Open alerts for new lags, close alerts whose lag is gone; at most one open alert per key."""
    now = timezone.now()
    wanted = {lag.key: lag for lag in lags}
    open_alerts = {
        (a.object_type, a.object_id, a.year, a.period, a.severity): a
        for a in Alert.objects.select_for_update().filter(closed_at__isnull=True).only(
            "pk", "object_type", "object_id", "year", "period", "severity", "lagging_since"
        )
    }
    since: dict[tuple[str, int], datetime.date] = {}
    for key, alert in open_alerts.items():
        obj = (key[0], key[1])
        since[obj] = min(since.get(obj, alert.lagging_since), alert.lagging_since)
    to_close = [a.pk for key, a in open_alerts.items() if key not in wanted]
    closed = 0
    if to_close:
        for start in range(0, len(to_close), 5000):
            closed += Alert.objects.filter(pk__in=to_close[start:start + 5000]).update(closed_at=now, updated_at=now)
    new = [lag for key, lag in wanted.items() if key not in open_alerts]
    created = _create_alerts(new, now, since)
    _notify(created)
    to_escalate = [(alert, lag) for alert, lag in created if lag.severity == Rag.RED and lag.red_previous_period]
    if to_escalate:
        Alert.objects.filter(pk__in=[a.pk for a, _l in to_escalate]).update(escalated_at=now, updated_at=now)
        for alert, _lag in to_escalate:
            alert.escalated_at = now
    escalated = escalate_many([
        (alert, _("Red for two consecutive periods (up to %(period)s): %(subject)s")
         % {"period": lag.period_label, "subject": alert.title})
        for alert, lag in to_escalate
    ])
    return {"lags": len(lags), "opened": len(created), "closed": closed, "escalated": escalated}


def _create_alerts(new: list[Lag], now: Any, since: dict[tuple[str, int], datetime.date]) -> list[tuple[Alert, Lag]]:
    if not new:
        return []
    today = timezone.localdate()
    objs = [
        Alert(
            object_type=lag.object_type, object_id=lag.object_id, year=lag.year, period=lag.period,
            period_label=lag.period_label, severity=lag.severity, kind=lag.kind, title=lag.title, detail=lag.detail[:500],
            project_id=lag.project_id, indicator_id=lag.indicator_id, direction_id=lag.direction_id,
            responsible_id=lag.responsible_id, opened_at=now,
            lagging_since=since.get((lag.object_type, lag.object_id), today),
        )
        for lag in new
    ]
    from simple_history.utils import bulk_create_with_history

    try:
        with transaction.atomic():
            saved = bulk_create_with_history(objs, Alert, batch_size=2000)
        return list(zip(saved, new, strict=True))
    except IntegrityError:
        # a concurrent scan opened some of them first: fall back to one get_or_create per lag
        pairs = []
        for obj, lag in zip(objs, new, strict=True):
            defaults = {f.attname: getattr(obj, f.attname) for f in Alert._meta.concrete_fields if not f.primary_key}
            alert, made = Alert.objects.get_or_create(
                object_type=lag.object_type, object_id=lag.object_id, year=lag.year, period=lag.period,
                severity=lag.severity, closed_at=None, defaults=defaults,
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
            title=ngettext("%(n)d new lag alert needs your attention", "%(n)d new lag alerts need your attention", count)
            % {"n": count},
            url=url,
            kind="warning",
        )


def indicator_for_alert(alert: Alert) -> Indicator | None:
    return alert.indicator
