"""The results of a survey (or a campaign, or several surveys): the measures of SURVEYS.md computed from the SQL
aggregates of `surveys.selectors_results` with `surveys.stats`.

For other areas: `headline(surveys, period_from=…, period_to=…, weighted=True, group_by=None)` gives the
headline CSAT (share of 4–5 with its Wilson interval, n) and, for weighted citizen surveys, the weighted share
with the Kish n_eff; `survey_results(survey, filters)` gives everything the results page shows.

Versions: answers are compared on the question keys the versions share (the answer keeps its question's key);
a key present in only some versions is labelled with the versions it covers; a filter picks one version.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from surveys import selectors_results as sel
from surveys import stats
from surveys.models import Campaign, PopulationReference, Question, Survey
from surveys.selectors_results import Filters

__all__ = ["Filters", "Headline", "Results", "Weighting", "headline", "survey_results"]


# --- weighting ---------------------------------------------------------------------------------------------


@dataclass
class Weighting:
    """The weighted headline share, or why it could not be weighted (`reason`, in the reader's language)."""

    dimensions: list[str]
    method: str = ""  # "poststratification" | "raking"
    references: list[PopulationReference] = field(default_factory=list)
    share: stats.Share | None = None
    n_eff: float | None = None
    weights: dict[tuple[Any, ...], float] = field(default_factory=dict)
    excluded: int = 0  # answers without a category of every dimension (left out of the weighted share)
    iterations: int = 0
    reason: str = ""

    @property
    def applied(self) -> bool:
        return self.share is not None


def _on_date(filters: Filters) -> datetime.date:
    return filters.period_to or timezone.localdate()


def pick_references(
    dimensions: Sequence[str], filters: Filters, available: Sequence[PopulationReference]
) -> tuple[dict[str, PopulationReference], list[str]]:
    """Per dimension: the chosen version, else the latest version valid on the period's end (today without
    one). Returns the picks and the dimensions without one."""
    on = _on_date(filters)
    picked: dict[str, PopulationReference] = {}
    missing: list[str] = []
    for dim in dimensions:
        versions = [r for r in available if r.dimension == dim]  # newest first
        chosen = filters.references.get(dim)
        ref = next((r for r in versions if r.version == chosen), None) if chosen else None
        if ref is None:
            ref = next((r for r in versions if r.valid_from <= on), None)
        if ref is None:
            missing.append(dim)
        else:
            picked[dim] = ref
    return picked, missing


def _dimension_label(dim: str) -> str:
    return str(dict(PopulationReference.Dimension.choices).get(dim, dim))


def weigh(
    cells_rows: Iterable[dict[str, Any]],
    dimensions: Sequence[str],
    picked: dict[str, PopulationReference],
    shares: dict[int, dict[str, float]],
) -> Weighting:
    """Post-stratification on one dimension, raking on two or more, from the headline's cell counts."""
    dims = list(dimensions)
    result = Weighting(dimensions=dims, references=[picked[d] for d in dims if d in picked])
    result.method = "poststratification" if len(dims) == 1 else "raking"
    fields = [sel.DIMENSION_FIELDS[d] for d in dims]
    cells: dict[tuple[Any, ...], tuple[float, float]] = {}
    for row in cells_rows:
        key = tuple(row[f] or "" for f in fields)
        if any(v == "" for v in key):
            result.excluded += row["n"]
            continue
        cells[key] = (row["n"], row["k"])
    if not cells:
        result.reason = _("Not weighted: no answer gives a category of every weighting dimension.")
        return result
    margins: list[dict[str, float]] = []
    for d, dim in enumerate(dims):
        margin = dict(shares[picked[dim].pk].items())
        margins.append(margin)
        sampled = {cell[d] for cell in cells}
        if no_share := sorted(sampled - set(margin)):
            result.reason = _(
                "Not weighted: the population shares of %(dimension)s (version %(version)s) have no share for "
                "%(categories)s."
            ) % {
                "dimension": _dimension_label(dim),
                "version": picked[dim].version,
                "categories": ", ".join(map(str, no_share)),
            }
            return result
        if empty := sorted(c for c, s in margin.items() if s > 0 and c not in sampled):
            result.reason = _(
                "Not weighted: no answers in %(categories)s (%(dimension)s), which the population shares "
                "require."
            ) % {"dimension": _dimension_label(dim), "categories": ", ".join(map(str, empty))}
            return result
    sample = {cell: n for cell, (n, _k) in cells.items()}
    try:
        if len(dims) == 1:
            weights = stats.poststratify({c[0]: n for c, n in sample.items()}, margins[0])
            result.weights = {(c,): w for c, w in weights.items()}
            result.iterations = 1
        else:
            raked = stats.rake(sample, margins)
            if not raked.converged:
                result.reason = _("Not weighted: the raking did not converge (%(n)s iterations).") % {
                    "n": raked.iterations
                }
                return result
            result.weights = raked.weights
            result.iterations = raked.iterations
    except ValueError:
        result.reason = _("Not weighted: the sample cannot be matched to the population shares.")
        return result
    weighted = stats.weighted_share(cells, result.weights)
    if weighted is None:
        result.reason = _("Not weighted: no answers.")
        return result
    result.share, result.n_eff = weighted
    return result


def weighting_for(
    ids: Sequence[int],
    filters: Filters,
    dimensions: Sequence[str],
    hq: Any,
    cells: list[dict[str, Any]] | None = None,
) -> tuple[Weighting, list[PopulationReference]]:
    """The weighted headline share; `cells` (the rows of `sel.headline_cells`) when the caller has them."""
    available = sel.references(dimensions)
    picked, missing = pick_references(dimensions, filters, available)
    if missing:
        result = Weighting(dimensions=list(dimensions), references=list(picked.values()))
        result.method = "poststratification" if len(dimensions) == 1 else "raking"
        result.reason = _("Not weighted: no population shares of %(dimensions)s valid on %(date)s.") % {
            "dimensions": ", ".join(_dimension_label(d) for d in missing),
            "date": _on_date(filters).isoformat(),
        }
        return result, available
    shares = sel.shares_of(list(picked.values()))
    if cells is None:
        cells = sel.headline_cells(hq, dimensions)
    return weigh(cells, dimensions, picked, shares), available


# --- the headline API ----------------------------------------------------------------------------------------


@dataclass
class Headline:
    csat: stats.Csat | None
    weighting: Weighting | None = None

    @property
    def n(self) -> int:
        return self.csat.n if self.csat else 0

    @property
    def share(self) -> stats.Share | None:
        return self.csat.share if self.csat else None

    @property
    def weighted_share(self) -> stats.Share | None:
        return self.weighting.share if self.weighting else None

    @property
    def n_eff(self) -> float | None:
        return self.weighting.n_eff if self.weighting else None


def _weighting_dimensions(ids: Sequence[int]) -> list[str]:
    """The weighting dimensions shared by these (citizen) surveys; none when they differ or are customers'."""
    rows = list(Survey.objects.filter(pk__in=list(ids)).values_list("audience", "weighting"))
    dims: list[str] | None = None
    for audience, weighting in rows:
        if audience != Survey.Audience.CITIZEN or not weighting:
            return []
        w = [d for d in weighting if d in sel.DIMENSION_FIELDS]
        if dims is not None and w != dims:
            return []
        dims = w
    return dims or []


def headline(
    surveys: Survey | Any,
    *,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    weighted: bool = True,
    group_by: str | None = None,
    filters: Filters | None = None,
) -> Headline | dict[Any, Headline]:
    """The headline CSAT of one survey, a queryset or a list of survey ids, over the answers' periods.

    group_by None → one Headline (with `weighting` for citizen surveys weighted on profile dimensions when
    `weighted`); group_by "direction" / "department" / "district" (ids) or "period" (period start dates) →
    {category: Headline} unweighted, every category included (suppress cells under `stats.SMALL_CELL`
    yourself before showing them). A fixed number of queries whatever the number of answers."""
    ids = sel.survey_ids(surveys)
    if filters is None:
        filters = Filters(period_from=period_from, period_to=period_to)
    hq = sel.headline_answers(ids, filters)
    if group_by is not None:
        group_field = "response__period_start" if group_by == "period" else sel.BREAKDOWNS[group_by]
        grouped: dict[Any, dict[int, int]] = defaultdict(dict)
        for row in sel.headline_counts(hq, group_field):
            grouped[row[group_field]][row["value_int"]] = row["n"]
        return {cat: Headline(csat=stats.csat(counts)) for cat, counts in grouped.items()}
    counts = {row["value_int"]: row["n"] for row in sel.headline_counts(hq)}
    result = Headline(csat=stats.csat(counts))
    if weighted and (dims := _weighting_dimensions(ids)):
        result.weighting, _available = weighting_for(ids, filters, dims, hq)
    return result


# --- the whole page --------------------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    key: str
    kind: str
    text: str
    versions: list[int]  # the versions holding this key
    all_versions: bool
    n: int = 0
    distribution: list[tuple[str, int, float]] = field(default_factory=list)  # (label, count, share of n)
    mean: float | None = None
    sd: float | None = None
    csat: stats.Csat | None = None
    nps: stats.Nps | None = None
    respondents: int = 0  # multiple choice: the shares are of the answers; respondents are counted apart

    @property
    def chart(self) -> dict[str, Any]:
        return {"labels": [d[0] for d in self.distribution], "values": [d[1] for d in self.distribution]}


@dataclass
class TrendPoint:
    period: datetime.date
    label: str
    csat: stats.Csat
    change: str = ""  # "up" / "down" when the interval does not overlap the previous period's


@dataclass
class BreakdownRow:
    label: str
    n: int
    csat: stats.Csat | None  # None when suppressed (fewer than stats.SMALL_CELL answers)

    @property
    def suppressed(self) -> bool:
        return self.csat is None


@dataclass
class Results:
    survey: Survey
    filters: Filters
    responses: int
    headline_key: str
    headline: stats.Csat | None
    nps: stats.Nps | None
    questions: list[QuestionResult]
    trend: list[TrendPoint]
    breakdowns: dict[str, list[BreakdownRow]]
    weighting: Weighting | None
    references_available: list[PopulationReference]
    invitations: int | None = None
    invited_answers: int | None = None
    response_rate: stats.Share | None = None
    versions: list[int] = field(default_factory=list)

    @property
    def charts(self) -> dict[str, Any]:
        return {
            "trend": {
                "labels": [p.label for p in self.trend],
                "share": [round(100 * p.csat.share.value, 1) for p in self.trend],
                "low": [round(100 * p.csat.share.interval.low, 1) for p in self.trend],
                "high": [round(100 * p.csat.share.interval.high, 1) for p in self.trend],
            },
            "questions": {q.key: q.chart for q in self.questions if q.distribution},
        }


def period_label(day: datetime.date) -> str:
    if day.day == 1 and day.month in (1, 4, 7, 10):
        from pmis.core.charts import quarter_label

        return quarter_label(day.year, (day.month - 1) // 3 + 1)
    return day.isoformat()


def _catalogue(
    survey: Survey, filters: Filters
) -> tuple[list[QuestionResult], dict[str, Question], list[int], dict[str, list[int]]]:
    """One entry per question key (the newest version's text), with the versions holding the key, and the
    question ids per key within the filtered version(s) (the answers are read by question id, without a join
    to the responses unless a filter needs one)."""
    rows = sel.questions(survey)
    ids_by_key: dict[str, list[int]] = defaultdict(list)
    all_versions = sorted({q.version.number for q in rows})
    by_key: dict[str, Question] = {}
    holders: dict[str, set[int]] = defaultdict(set)
    for q in rows:  # newest version first
        holders[q.key].add(q.version.number)
        if filters.version and q.version.number != filters.version:
            continue
        by_key.setdefault(q.key, q)
        ids_by_key[q.key].append(q.pk)
    ordered = sorted(by_key.values(), key=lambda q: (-q.version.number, q.section.order, q.order, q.pk))
    out = [
        QuestionResult(
            key=q.key,
            kind=q.kind,
            text=q.text,
            versions=sorted(holders[q.key]),
            all_versions=set(holders[q.key]) == set(all_versions),
        )
        for q in ordered
    ]
    return out, by_key, all_versions, ids_by_key


def _fill_question(
    result: QuestionResult, question: Question, counts: dict[Any, int], numbers: dict[str, Any] | None
) -> None:
    kind = question.kind
    if kind == Question.Kind.SCALE5 or kind == Question.Kind.NPS:
        scale = range(1, 6) if kind == Question.Kind.SCALE5 else range(0, 11)
        ints = {int(v): c for v, c in counts.items() if isinstance(v, int) and v in scale}
        result.n = sum(ints.values())
        result.distribution = [
            (str(v), ints.get(v, 0), ints.get(v, 0) / result.n if result.n else 0.0) for v in scale
        ]
        if result.n:
            result.mean, result.sd, _n = stats.mean_sd(ints)
            if kind == Question.Kind.SCALE5:
                result.csat = stats.csat(ints)
            else:
                result.nps = stats.nps(ints)
    elif question.has_choices:
        labels = {c.value: c.label for c in question.choices.all()}
        total = sum(c for v, c in counts.items() if isinstance(v, str) and v)
        result.n = total
        seen = list(labels) + sorted(v for v in counts if isinstance(v, str) and v and v not in labels)
        result.distribution = [
            (labels.get(v, v), counts.get(v, 0), counts.get(v, 0) / total if total else 0.0) for v in seen
        ]
    elif kind == Question.Kind.NUMBER:
        if numbers and numbers["n"]:
            n = int(numbers["n"])
            s = float(numbers["s"] or 0)
            ss = float(numbers["ss"] or 0)
            result.n = n
            result.mean = s / n
            result.sd = math.sqrt(max(0.0, (ss - s * s / n) / (n - 1))) if n > 1 else None
    else:  # free text: the count only (the texts are read on their own page, by the owners)
        result.n = sum(counts.values())


def survey_results(
    survey: Survey, filters: Filters | None = None, *, campaign: Campaign | None = None
) -> Results:
    """Everything the results page (and its PDF) shows, in a fixed number of queries."""
    filters = filters or Filters()
    if campaign is not None:
        filters = Filters(**{**filters.__dict__, "campaign_id": campaign.pk})
    ids = [survey.pk]
    catalogue, by_key, all_versions, ids_by_key = _catalogue(survey, filters)
    aq = sel.answers(ids, filters, question_ids=[pk for pks in ids_by_key.values() for pk in pks])
    counts: dict[str, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    for row in sel.value_counts(aq):
        if row["value_int"] is not None:
            value: Any = row["value_int"]
        elif row["choice_value"]:
            value = row["choice_value"]
        else:
            value = None
        counts[row["question_key"]][value] += row["n"]
    numbers = {row["question_key"]: row for row in sel.number_sums(aq)}
    for qr in catalogue:
        _fill_question(qr, by_key[qr.key], counts.get(qr.key, {}), numbers.get(qr.key))

    keys = sel.headline_keys(ids)
    headline_key = keys.get(survey.pk, "")
    hq = sel.answers(ids, filters, question_ids=ids_by_key.get(headline_key, [])).filter(
        value_int__gte=1, value_int__lte=5
    )
    head = next((q.csat for q in catalogue if q.key == headline_key), None)
    nps = next((q.nps for q in catalogue if q.nps is not None), None)

    # one GROUP BY of the headline answers by every category the page shows (period, breakdowns, weighting
    # cells): the rows are bounded by the categories, never by the number of answers
    dims = [d for d in survey.weighting or [] if d in sel.DIMENSION_FIELDS]
    weighted = survey.audience == Survey.Audience.CITIZEN and bool(dims)
    cube_fields = ["response__period_start", *sel.BREAKDOWNS.values()]
    cube_fields += [sel.DIMENSION_FIELDS[d] for d in dims if d != "district"] if weighted else []
    cube = sel.headline_counts(hq, *cube_fields)

    # trend: the headline share per period, with the rule of overlapping intervals
    per_period: dict[datetime.date, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in cube:
        per_period[row["response__period_start"]][row["value_int"]] += row["n"]
    trend: list[TrendPoint] = []
    for day in sorted(per_period):
        c = stats.csat(per_period[day])
        if c is None:
            continue
        point = TrendPoint(period=day, label=period_label(day), csat=c)
        if trend and stats.significant_change(trend[-1].csat.share.interval, c.share.interval):
            point.change = "up" if c.share.value > trend[-1].csat.share.value else "down"
        trend.append(point)

    breakdowns: dict[str, list[BreakdownRow]] = {}
    for kind, group_field in sel.BREAKDOWNS.items():
        grouped: dict[Any, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for row in cube:
            if row[group_field] is not None:
                grouped[row[group_field]][row["value_int"]] += row["n"]
        if not grouped:
            breakdowns[kind] = []
            continue
        labels = sel.names(kind, grouped)
        rows = []
        for cat, cat_counts in grouped.items():
            n = sum(cat_counts.values())
            rows.append(
                BreakdownRow(
                    label=labels.get(cat, str(cat)),
                    n=n,
                    csat=stats.csat(cat_counts) if n >= stats.SMALL_CELL else None,
                )
            )
        breakdowns[kind] = sorted(rows, key=lambda r: r.label)

    weighting = None
    available: list[PopulationReference] = []
    if weighted:
        codes = sel.district_codes() if "district" in dims else {}
        cells: dict[tuple[Any, ...], dict[str, Any]] = {}
        for row in cube:
            cell = {
                sel.DIMENSION_FIELDS[d]: codes.get(row["response__district_id"], "")
                if d == "district"
                else row[sel.DIMENSION_FIELDS[d]]
                for d in dims
            }
            key = tuple(cell.values())
            target = cells.setdefault(key, {**cell, "n": 0, "k": 0})
            target["n"] += row["n"]
            if row["value_int"] >= 4:
                target["k"] += row["n"]
        weighting, available = weighting_for(ids, filters, dims, hq, list(cells.values()))

    invitations = None
    answered = None
    rate = None
    total = sel.response_count(ids, filters)
    if filters.campaign_id or survey.audience == Survey.Audience.CUSTOMER:
        invitations = sel.invitation_count(ids, filters)
        if invitations:
            answered = sel.response_count(ids, Filters(**{**filters.__dict__, "channel": "invitation"}))
            rate = stats.share(min(answered, invitations), invitations)
    return Results(
        survey=survey,
        filters=filters,
        responses=total,
        headline_key=headline_key,
        headline=head,
        nps=nps,
        questions=catalogue,
        trend=trend,
        breakdowns=breakdowns,
        weighting=weighting,
        references_available=available,
        invitations=invitations,
        invited_answers=min(answered, invitations) if answered is not None and invitations else None,
        response_rate=rate,
        versions=all_versions,
    )
