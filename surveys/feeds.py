"""Where the city-wide survey's result goes: its weighted satisfaction share for a year becomes the actual value
of the strategic indicator it feeds (`Survey.feeds_indicator_code`, "S-02"), submitted for the SAC's verification.

The share is that of 4 and 5 on the headline question, weighted to the population shares of the survey's
weighting dimensions (post-stratification on one dimension, raking on several) with the latest population
references valid in that year. The answers are grouped in SQL (one row per cell of categories); an answer whose
profile misses one of the dimensions cannot be weighted and is left out (the confirmation says how many).
surveys does not import monitoring (same floor): the value goes through `pmis.core.portal.submit_indicator_actual`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from pmis.core import portal
from surveys import stats
from surveys.models import Answer, PopulationReference, Survey

PCT = Decimal("0.1")
# the column of Response each weighting dimension is read from
DIMENSION_FIELDS = {
    "district": "response__district__code",
    "sex": "response__sex",
    "age_band": "response__age_band",
}


@dataclass(frozen=True)
class ReferenceUsed:
    dimension: str
    label: str
    version: int
    valid_from: datetime.date
    source: str


@dataclass(frozen=True)
class FeedFigure:
    """What would be (or was) submitted: the weighted share and how it was obtained."""

    code: str
    year: int
    value: Decimal  # percent, one decimal
    share: stats.Share
    unweighted: float
    n: int  # answers weighted
    excluded: int  # answers on the headline left out (a weighting dimension not answered)
    n_eff: float
    references: list[ReferenceUsed] = field(default_factory=list)

    @property
    def low(self) -> float:
        return self.share.interval.low * 100

    @property
    def high(self) -> float:
        return self.share.interval.high * 100

    def comment(self) -> str:
        """The actual's comment: figures and reference versions only (language-neutral)."""
        refs = ", ".join(f"{r.dimension} v{r.version}" for r in self.references)
        return f"n = {self.n}; n_eff = {self.n_eff:.1f}; 95% CI {self.low:.1f}–{self.high:.1f}; {refs}"


def feed_years(survey: Survey) -> list[int]:
    """Years with answers to the survey's headline question, latest first."""
    if not survey.headline_key:
        return []
    years = Answer.objects.filter(response__survey=survey, question_key=survey.headline_key).dates(
        "response__period_start", "year", order="DESC"
    )
    return [d.year for d in years]


def _references(survey: Survey, year: int) -> list[PopulationReference]:
    """The latest version of each weighting dimension valid in that year (one query)."""
    latest: dict[str, PopulationReference] = {}
    for ref in (
        PopulationReference.objects.filter(
            dimension__in=survey.weighting, valid_from__lte=datetime.date(year, 12, 31)
        )
        .prefetch_related("shares")
        .order_by("dimension", "-version")
    ):
        latest.setdefault(ref.dimension, ref)
    missing = [d for d in survey.weighting if d not in latest]
    if missing:
        raise ValidationError(
            _("There are no population shares for %(dimensions)s valid in %(year)s: enter them first.")
            % {"dimensions": ", ".join(missing), "year": year}
        )
    return [latest[d] for d in survey.weighting]


def feed_figure(survey: Survey, year: int) -> FeedFigure:
    """The weighted share the survey would submit for that year; ValidationError saying why it cannot."""
    if not survey.feeds_indicator_code:
        raise ValidationError(_("This survey does not feed an indicator."))
    if not survey.headline_key:
        raise ValidationError(_("This survey has no headline question."))
    if not survey.weighting:
        raise ValidationError(
            _(
                "The survey's results are not weighted: choose its weighting dimensions before it feeds an indicator."
            )
        )
    headline = Answer.objects.filter(
        response__survey=survey,
        question_key=survey.headline_key,
        response__period_start__year=year,
        value_int__isnull=False,
    )
    columns = [DIMENSION_FIELDS[d] for d in survey.weighting]
    rows = list(
        headline.values(*columns)
        .annotate(n=Count("pk"), k=Count("pk", filter=Q(value_int__gte=4)))
        .order_by()
    )
    if not rows:
        raise ValidationError(_("The survey has no answers in %(year)s.") % {"year": year})
    references = _references(survey, year)
    cells: dict[tuple[str, ...], tuple[float, float]] = {}
    excluded = 0
    for row in rows:
        cell = tuple(row[c] or "" for c in columns)
        if "" in cell:
            excluded += row["n"]
            continue
        n, k = cells.get(cell, (0.0, 0.0))
        cells[cell] = (n + row["n"], k + row["k"])
    if not cells:
        raise ValidationError(
            _("No answer of %(year)s has every weighting dimension answered.") % {"year": year}
        )
    margins = []
    for ref in references:
        shares = {s.category: float(s.share) for s in ref.shares.all()}
        total = sum(shares.values())
        if total <= 0:
            raise ValidationError(
                _("The population shares of %(dimension)s are empty.")
                % {"dimension": ref.get_dimension_display()}
            )
        margins.append({c: v / total for c, v in shares.items()})
    try:
        if len(margins) == 1:
            by_category = {cell[0]: nk[0] for cell, nk in cells.items()}
            single = stats.poststratify(by_category, margins[0])
            weights = {cell: single[cell[0]] for cell in cells}
        else:
            raked = stats.rake({cell: nk[0] for cell, nk in cells.items()}, margins)
            if not raked.converged:
                raise ValueError("raking did not converge")
            weights = raked.weights
    except ValueError as exc:
        raise ValidationError(
            _("The answers cannot be weighted to the population shares: %(reason)s.") % {"reason": exc}
        ) from exc
    result = stats.weighted_share(cells, weights)
    if result is None:  # pragma: no cover - cells are non-empty here
        raise ValidationError(_("The survey has no answers in %(year)s.") % {"year": year})
    share, n_eff = result
    n = int(sum(nk[0] for nk in cells.values()))
    k = sum(nk[1] for nk in cells.values())
    return FeedFigure(
        code=survey.feeds_indicator_code,
        year=year,
        value=(Decimal(str(share.value)) * 100).quantize(PCT, rounding=ROUND_HALF_UP),
        share=share,
        unweighted=k / n,
        n=n,
        excluded=excluded,
        n_eff=n_eff,
        references=[
            ReferenceUsed(
                dimension=ref.dimension,
                label=str(ref.get_dimension_display()),
                version=ref.version,
                valid_from=ref.valid_from,
                source=ref.source,
            )
            for ref in references
        ],
    )


@transaction.atomic
def feed_indicator(survey: Survey, year: int, actor: Any) -> tuple[FeedFigure, Any]:
    """Compute the year's weighted share and submit it as the indicator's actual (awaiting the SAC's
    verification); returns the figure and the stored actual. ValidationError when it cannot."""
    figure = feed_figure(survey, year)
    try:
        actual = portal.submit_indicator_actual(
            figure.code,
            year,
            1,
            figure.value,
            actor=actor,
            source=survey.title_ru[:255],
            comment=figure.comment(),
        )
    except LookupError as exc:
        raise ValidationError(_("Indicators are not kept in this installation.")) from exc
    return figure, actual
