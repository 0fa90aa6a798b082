"""Reads behind the results pages: SQL aggregates only (GROUP BY value / cell), so a page costs the same
number of queries, and no Python loop over answers, whether a survey holds ten answers or a hundred thousand.
The measures themselves are computed from these counts in `surveys.results` with `surveys.stats`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from surveys.models import (
    Answer,
    Campaign,
    Choice,
    Invitation,
    PopulationReference,
    PopulationShare,
    Question,
    Response,
    Survey,
    SurveyVersion,
)

# a breakdown's field on the response → the field naming its category
BREAKDOWNS: dict[str, str] = {
    "direction": "response__direction_id",
    "department": "response__department_id",
    "district": "response__district_id",
}
# a weighting dimension → the response's field holding its category (district: the reference code)
DIMENSION_FIELDS = {
    "district": "response__district__code",
    "sex": "response__sex",
    "age_band": "response__age_band",
}


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the results to; every field optional."""

    period_from: datetime.date | None = None
    period_to: datetime.date | None = None
    version: int | None = None  # a version number of the survey
    channel: str = ""
    campaign_id: int | None = None
    # chosen population reference versions (dimension → version number); the latest valid one otherwise
    references: dict[str, int] = field(default_factory=dict)

    def as_params(self) -> dict[str, Any]:
        """JSON-safe form (a PDF job's params)."""
        return {
            "period_from": self.period_from.isoformat() if self.period_from else None,
            "period_to": self.period_to.isoformat() if self.period_to else None,
            "version": self.version,
            "channel": self.channel,
            "campaign_id": self.campaign_id,
            "references": dict(self.references),
        }

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Filters:
        def day(value: Any) -> datetime.date | None:
            try:
                return datetime.date.fromisoformat(str(value)) if value else None
            except ValueError:
                return None

        def number(value: Any) -> int | None:
            try:
                return int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                return None

        refs = params.get("references") or {}
        return cls(
            period_from=day(params.get("period_from")),
            period_to=day(params.get("period_to")),
            version=number(params.get("version")),
            channel=str(params.get("channel") or ""),
            campaign_id=number(params.get("campaign_id")),
            references={
                str(k): n for k, v in (refs.items() if isinstance(refs, dict) else []) if (n := number(v))
            },
        )


def survey_ids(surveys: Survey | QuerySet[Survey] | Iterable[Any]) -> list[int]:
    if isinstance(surveys, Survey):
        return [surveys.pk]
    if isinstance(surveys, QuerySet):
        return list(surveys.values_list("pk", flat=True))
    return [int(s.pk if isinstance(s, Survey) else s) for s in surveys]


def responses(ids: Sequence[int], filters: Filters) -> QuerySet[Response]:
    qs = Response.objects.filter(survey_id__in=list(ids))
    if filters.period_from:
        qs = qs.filter(period_start__gte=filters.period_from)
    if filters.period_to:
        qs = qs.filter(period_start__lte=filters.period_to)
    if filters.version:
        qs = qs.filter(version__number=filters.version)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.campaign_id:
        qs = qs.filter(wave__campaign_id=filters.campaign_id)
    return qs


def answers(
    ids: Sequence[int], filters: Filters, *, question_ids: Sequence[int] | None = None
) -> QuerySet[Answer]:
    """The answers of the filtered responses. With `question_ids` (the surveys' questions, of the filtered
    version) the answers are found by question, with no join to the responses unless a response filter
    (period, channel, campaign) needs one."""
    if question_ids is not None:
        qs = Answer.objects.filter(question_id__in=list(question_ids))
        filters = Filters(**{**filters.__dict__, "version": None})
    else:
        qs = Answer.objects.filter(response__survey_id__in=list(ids))
    if filters.period_from:
        qs = qs.filter(response__period_start__gte=filters.period_from)
    if filters.period_to:
        qs = qs.filter(response__period_start__lte=filters.period_to)
    if filters.version:
        qs = qs.filter(response__version__number=filters.version)
    if filters.channel:
        qs = qs.filter(response__channel=filters.channel)
    if filters.campaign_id:
        qs = qs.filter(response__wave__campaign_id=filters.campaign_id)
    return qs


def response_count(ids: Sequence[int], filters: Filters) -> int:
    return responses(ids, filters).count()


def versions(survey: Survey) -> list[SurveyVersion]:
    return list(SurveyVersion.objects.filter(survey=survey).order_by("number"))


def questions(survey: Survey) -> list[Question]:
    """Every question of every version of the survey, with the version and the choices (2 queries)."""
    return list(
        Question.objects.filter(version__survey=survey)
        .select_related("version", "section")
        .prefetch_related(
            # Choice ordering is (question, order, pk)
            _choices_prefetch()
        )
        .order_by("-version__number", "section__order", "order", "pk")
    )


def _choices_prefetch() -> Any:
    from django.db.models import Prefetch

    return Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))


def value_counts(qs: QuerySet[Answer]) -> list[dict[str, Any]]:
    """(question key, integer value, choice value) → answers: one GROUP BY over the answers."""
    rows: Any = (
        qs.values("question_key", "value_int", "choice_value")
        .annotate(n=Count("id"))
        .order_by("question_key", "value_int", "choice_value")
    )
    return list(rows)


def number_sums(qs: QuerySet[Answer]) -> list[dict[str, Any]]:
    """Per question key of number answers: count, Σx and Σx² (mean and SD computed from them)."""
    rows: Any = (
        qs.filter(value_number__isnull=False)
        .values("question_key")
        .annotate(n=Count("id"), s=Sum("value_number"), ss=Sum(F("value_number") * F("value_number")))
        .order_by("question_key")
    )
    return list(rows)


def headline_keys(ids: Sequence[int]) -> dict[int, str]:
    """survey → the key of its headline question (the survey's own, else its first 1–5 question)."""
    surveys = dict(Survey.objects.filter(pk__in=list(ids)).values_list("pk", "headline_key"))
    missing = [pk for pk, key in surveys.items() if not key]
    if missing:
        firsts = (
            Question.objects.filter(version__survey_id__in=missing, kind=Question.Kind.SCALE5)
            .order_by("version__survey_id", "-version__number", "section__order", "order", "pk")
            .values_list("version__survey_id", "key")
        )
        for pk, key in firsts:
            if not surveys.get(pk):
                surveys[pk] = key
    return {pk: key for pk, key in surveys.items() if key}


def headline_answers(
    ids: Sequence[int], filters: Filters, keys: dict[int, str] | None = None
) -> QuerySet[Answer]:
    keys = headline_keys(ids) if keys is None else keys
    if not keys:
        return Answer.objects.none()
    match = Q()
    for pk, key in keys.items():
        match |= Q(response__survey_id=pk, question_key=key)
    return answers(list(keys), filters).filter(match, value_int__gte=1, value_int__lte=5)


def headline_counts(qs: QuerySet[Answer], *group: str) -> list[dict[str, Any]]:
    """(group fields…, value) → answers of the headline question: one GROUP BY."""
    return list(qs.values(*group, "value_int").annotate(n=Count("id")).order_by(*group, "value_int"))


def headline_cells(qs: QuerySet[Answer], dimensions: Sequence[str]) -> list[dict[str, Any]]:
    """Weighting cells: (categories of the dimensions…) → answers and satisfied answers (4 or 5)."""
    fields = [DIMENSION_FIELDS[d] for d in dimensions]
    return list(
        qs.values(*fields)
        .annotate(n=Count("id"), k=Count("id", filter=Q(value_int__gte=4)))
        .order_by(*fields)
    )


def references(dimensions: Sequence[str]) -> list[PopulationReference]:
    """Every version of the population shares of these dimensions (newest first), for the choice and the pick."""
    return list(
        PopulationReference.objects.filter(dimension__in=list(dimensions)).order_by("dimension", "-version")
    )


def shares_of(refs: Sequence[PopulationReference]) -> dict[int, dict[str, float]]:
    out: dict[int, dict[str, float]] = {r.pk: {} for r in refs}
    if refs:
        for ref_id, category, value in PopulationShare.objects.filter(
            reference_id__in=[r.pk for r in refs]
        ).values_list("reference_id", "category", "share"):
            out[ref_id][category] = float(value)
    return out


def invitation_count(ids: Sequence[int], filters: Filters) -> int:
    """Invitations of the filtered campaign(s) (periods by the wave's period)."""
    qs = Invitation.objects.filter(wave__campaign__survey_id__in=list(ids))
    if filters.campaign_id:
        qs = qs.filter(wave__campaign_id=filters.campaign_id)
    if filters.period_from:
        qs = qs.filter(wave__period_start__gte=filters.period_from)
    if filters.period_to:
        qs = qs.filter(wave__period_start__lte=filters.period_to)
    if filters.version:
        qs = qs.filter(wave__version__number=filters.version)
    return qs.count()


def campaigns_of(survey: Survey) -> list[Campaign]:
    return list(Campaign.objects.filter(survey=survey).order_by("name", "pk"))


def district_codes() -> dict[int, str]:
    from pmis.reference.models import District

    return dict(District.objects.values_list("pk", "code"))


def names(kind: str, pks: Iterable[Any]) -> dict[Any, str]:
    """Display names of breakdown categories (one query per breakdown)."""
    from pmis.accounts.models import Organization
    from pmis.reference.models import Direction, District

    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return {}
    if kind == "direction":
        return {d.pk: d.name for d in Direction.objects.filter(pk__in=pks)}
    if kind == "district":
        return {d.pk: d.name for d in District.objects.filter(pk__in=pks)}
    return {o.pk: str(o) for o in Organization.objects.filter(pk__in=pks)}
