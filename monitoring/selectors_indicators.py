"""Reads of the indicator management pages and of the project card's Indicators tab (flat query counts)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import PERIODS_PER_YEAR, Actual, Indicator, IndicatorRating, Target, period_label
from pmis.core.numbers import parse_int

if TYPE_CHECKING:
    from collections.abc import Mapping

    from projects.models import Project

RAG_COLORS = {"green": "#198754", "amber": "#b35c00", "red": "#b02a37"}


def project_indicators(project: Project) -> list[Indicator]:
    """The project's indicators (active first, then retired) with targets, values in every state and their
    ratings, in four queries whatever their number. Each gets `rows` per period and `latest`, `waiting`."""
    indicators = list(
        Indicator.objects.filter(project=project)
        .select_related("responsible_organization", "responsible_person", "parent")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year", "period")),
            Prefetch("actuals", queryset=Actual.objects.order_by("year", "period"), to_attr="all_actuals"),
            Prefetch(
                "ratings", queryset=IndicatorRating.objects.order_by("year", "period"), to_attr="all_ratings"
            ),
        )
        .order_by("retired_at", "code")
    )
    for ind in indicators:
        _attach_project_view(ind)
    return sorted(indicators, key=lambda i: (i.retired_at is not None, i.code))


def _attach_project_view(ind: Indicator) -> None:
    plans = {(t.year, t.period): t.value for t in ind.targets.all()}
    # all_actuals / all_ratings: prefetched with to_attr by project_indicators(); django-stubs types such
    # attributes on the queryset's rows only, not on an Indicator handed to a helper
    actuals = {(a.year, a.period): a for a in ind.all_actuals}  # type: ignore[attr-defined]
    official = {(r.year, r.period): r for r in ind.all_ratings if r.is_official}  # type: ignore[attr-defined]
    working = {(r.year, r.period): r for r in ind.all_ratings if not r.is_official}  # type: ignore[attr-defined]
    # latest official figures: the newest period with a verified value
    verified_keys = [k for k, a in actuals.items() if a.status == Actual.Status.VERIFIED]
    latest_key = max(verified_keys) if verified_keys else None
    ind.latest = None
    if latest_key is not None:
        rating = official.get(latest_key)
        ind.latest = {
            "label": period_label(ind.frequency, *latest_key),
            "plan": plans.get(latest_key),
            "actual": actuals[latest_key],
            "rating": rating,
        }
    # values still waiting (draft, submitted or returned), newest first: shown apart from the official figures
    ind.waiting = [
        {
            "label": period_label(ind.frequency, *k),
            "actual": a,
            "plan": plans.get(k),
            "rating": working.get(k),
        }
        for k, a in sorted(actuals.items(), reverse=True)
        if a.status != Actual.Status.VERIFIED
    ][:3]
    keys = sorted(set(plans) | set(actuals))[-8:]
    ind.spark = sparkline(
        [period_label(ind.frequency, *k) for k in keys],
        [plans.get(k) for k in keys],
        [
            actuals[k].value if k in actuals and actuals[k].status == Actual.Status.VERIFIED else None
            for k in keys
        ],
        [
            actuals[k].value
            if k in actuals and actuals[k].status in (Actual.Status.SUBMITTED, Actual.Status.DRAFT)
            else None
            for k in keys
        ],
        title=str(ind.code),
    )


def sparkline(
    labels: list[str],
    plan: list[Any],
    verified: list[Any],
    working: list[Any],
    *,
    title: str = "",
    width: int = 200,
    height: int = 56,
) -> str:
    """A small inline SVG: plan (grey dashed), verified actual (blue), not yet verified (orange dots)."""
    values = [float(v) for series in (plan, verified, working) for v in series if v is not None]
    if not labels or not values:
        return ""
    low, high = min(0.0, min(values)), max(values)
    if high == low:
        high = low + 1
    pad = 4
    n = len(labels)

    def x(i: int) -> float:
        return pad + (i * (width - 2 * pad) / (n - 1) if n > 1 else (width - 2 * pad) / 2)

    def y(v: Any) -> float:
        return height - pad - (float(v) - low) / (high - low) * (height - 2 * pad)

    def line(series: list[Any], color: str, dash: str = "") -> str:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(series) if v is not None)
        if not points:
            return ""
        dots = "".join(
            f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.2" fill="{color}"/>'
            for i, v in enumerate(series)
            if v is not None
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        return (
            f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="1.6"{dash_attr}/>{dots}'
        )

    described = "; ".join(
        f"{label}: {_('plan')} {_fmt(p)}, {_('actual')} {_fmt(a if a is not None else w)}"
        for label, p, a, w in zip(labels, plan, verified, working, strict=True)
    )
    working_dots = "".join(
        f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="none" stroke="#fd7e14" stroke-width="1.6"/>'
        for i, v in enumerate(working)
        if v is not None
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}: {escape(described)}">'
        f"<title>{escape(title)}: {escape(described)}</title>"
        f"{line(plan, '#6c757d', '4,3')}{line(verified, '#0d6efd')}{working_dots}</svg>"
    )


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value).normalize():f}"


@dataclass
class ChangeRow:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    reason: str
    changes: list[tuple[str, str, str]]


def indicator_change_log(indicator: Indicator, *, limit: int = 300) -> list[ChangeRow]:
    """Every change of the indicator's targets and actual values, newest first, each with what changed from what
    (two queries; deleted targets stay in the log)."""
    rows: list[ChangeRow] = []
    actions = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    status_labels = dict(Actual.Status.choices)
    sources = (
        (Target.history.filter(indicator_id=indicator.pk), _("Target"), ("value",)),
        (
            Actual.history.filter(indicator_id=indicator.pk),
            _("Actual value"),
            ("value", "status", "source", "rejection_reason", "is_locked"),
        ),
    )
    for qs, noun, fields in sources:
        records = list(qs.select_related("history_user").order_by("history_date", "history_id")[:5000])
        previous: dict[int, Any] = {}
        for rec in records:
            before = previous.get(rec.id)
            changes = []
            for name in fields:
                new = getattr(rec, name)
                old = getattr(before, name) if before is not None else None
                if before is None and rec.history_type == "+" or (before is not None and old != new):
                    changes.append(
                        (
                            str(rec._meta.get_field(name).verbose_name),
                            _display(name, old, status_labels),
                            _display(name, new, status_labels),
                        )
                    )
            previous[rec.id] = rec
            if rec.history_type == "~" and not changes:
                continue
            rows.append(
                ChangeRow(
                    when=rec.history_date,
                    who=str(rec.history_user or _("system")),
                    subject=f"{noun} {period_label(indicator.frequency, rec.year, rec.period)}",
                    action=str(actions.get(rec.history_type, rec.history_type)),
                    reason=rec.history_change_reason or "",
                    changes=changes,
                )
            )
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows[:limit]


def _display(name: str, value: Any, status_labels: dict[str, Any]) -> str:
    if value is None or value == "":
        return "—"
    if name == "status":
        return str(status_labels.get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, Decimal):
        return _fmt(value)
    return str(value)


def grid_years(indicator: Indicator, params: Mapping[str, str]) -> list[int]:
    """Years the targets grid shows: those with targets or values, this year and the next, widened by ?from=&to=."""
    this_year = timezone.localdate().year
    years = set(Target.objects.filter(indicator=indicator).values_list("year", flat=True).distinct())
    years |= set(Actual.objects.filter(indicator=indicator).values_list("year", flat=True).distinct())
    years |= {this_year, this_year + 1}
    low, high = min(years), max(years)
    low = _year(params.get("from"), low)
    high = _year(params.get("to"), high)
    low, high = min(low, high), max(low, high)
    if high - low > 14:
        low = high - 14
    return list(range(low, high + 1))


def _year(value: Any, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def grid_initial(indicator: Indicator, years: list[int]) -> dict[str, Decimal]:
    """Current targets as the grid's initial cells, without the storage's trailing zeros (75, not 75.0000)."""
    return {
        f"t-{t.year}-{t.period}": _plain(t.value)
        for t in Target.objects.filter(indicator=indicator, year__in=years)
    }


def _plain(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def grid_actuals(indicator: Indicator, years: list[int]) -> dict[tuple[int, int], Actual]:
    return {(a.year, a.period): a for a in Actual.objects.filter(indicator=indicator, year__in=years)}


def periods_per_year(indicator: Indicator) -> int:
    return PERIODS_PER_YEAR[indicator.frequency]


def indicator_list_with_retired(qs: QuerySet[Indicator], params: Mapping[str, str]) -> QuerySet[Indicator]:
    """The list hides retired indicators unless asked (?state=retired or ?state=all)."""
    state = params.get("state")
    if state == "retired":
        return qs.filter(retired_at__isnull=False)
    if state == "all":
        return qs
    return qs.filter(retired_at__isnull=True)


def period_to_report(indicator: Indicator, params: Mapping[str, str]) -> tuple[int, int]:
    """The period the entry form proposes: the one asked for (?year=&period=), else the earliest period up to now
    that has a target but no value yet, else the current period."""
    per_year = PERIODS_PER_YEAR[indicator.frequency]
    year, period = _year(params.get("year"), 0), parse_int(params.get("period"))
    if year and period and 1 <= period <= per_year:
        return year, period
    today = timezone.localdate()
    current = (today.year, {12: today.month, 4: (today.month - 1) // 3 + 1, 1: 1}[per_year])
    reported = set(
        Actual.objects.filter(indicator=indicator)
        .exclude(status=Actual.Status.REJECTED)
        .values_list("year", "period")
    )
    for key in (
        Target.objects.filter(indicator=indicator).order_by("year", "period").values_list("year", "period")
    ):
        if key <= current and key not in reported:
            return key
    return current
