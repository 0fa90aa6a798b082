"""Reading free-text answers: the owners' moderation queue (filters, search, sorting), the themes with their
use, and the published texts other pages may show (masked)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from surveys import personal_data
from surveys.models import Question, Survey, TextReview, Theme

SORTS = {
    "newest": ("-answer__response__submitted_on", "-pk"),
    "oldest": ("answer__response__submitted_on", "pk"),
    "question": ("answer__question_key", "-pk"),
    "status": ("status", "-pk"),
}
DEFAULT_SORT = "newest"


def text_questions(survey: Survey) -> list[tuple[str, str]]:
    """The free-text questions of every version, by key (the latest version's wording)."""
    seen: dict[str, str] = {}
    for q in Question.objects.filter(version__survey=survey, kind=Question.Kind.TEXT).order_by(
        "-version__number", "section__order", "order"
    ):
        seen.setdefault(q.key, q.text)
    return list(seen.items())


def themes_of(survey: Survey) -> QuerySet[Theme]:
    return Theme.objects.filter(survey=survey).annotate(uses=Count("reviews")).order_by("name")


def reviews_of(survey: Survey) -> QuerySet[TextReview]:
    return TextReview.objects.filter(answer__response__survey=survey)


def text_queue(survey: Survey, filters: Mapping[str, Any]) -> QuerySet[TextReview]:
    """The survey's free-text answers for the moderation page, filtered and sorted (`filters` is a clean
    TextFilterForm's data: status, theme, question, period_from, period_to, q, sort)."""
    qs = reviews_of(survey)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    theme = filters.get("theme")
    if theme:
        qs = qs.filter(themes=theme)
    if filters.get("question"):
        qs = qs.filter(answer__question_key=filters["question"])
    period_from: datetime.date | None = filters.get("period_from")
    period_to: datetime.date | None = filters.get("period_to")
    if period_from:
        qs = qs.filter(answer__response__period_start__gte=period_from)
    if period_to:
        qs = qs.filter(answer__response__period_start__lte=period_to)
    if filters.get("q"):
        qs = qs.filter(answer__text__icontains=filters["q"])
    sort = SORTS.get(str(filters.get("sort") or ""), SORTS[DEFAULT_SORT])
    return (
        qs.select_related("answer__question", "answer__response", "reviewed_by")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by(*sort)
    )


@dataclass(frozen=True)
class QueueRow:
    review: TextReview
    personal: bool


def queue_rows(reviews: Any) -> list[QueueRow]:
    """A page of the queue with the "may contain personal data" flag of each answer."""
    return [QueueRow(r, personal_data.may_contain_personal_data(r.answer.text)) for r in reviews]


def status_counts(survey: Survey) -> dict[str, int]:
    counts = dict.fromkeys(TextReview.Status.values, 0)
    rows = reviews_of(survey).order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    for status, n in rows:
        counts[status] = n
    return counts


def published_texts(survey: Survey, filters: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """The published free-text answers as anyone but the moderating owners may see them: masked, with their
    themes, never with anything about the respondent beyond the response's breakdown."""
    params = dict(filters or {})
    params["status"] = TextReview.Status.PUBLISHED
    qs = text_queue(survey, params)
    for review in qs.iterator(chunk_size=2000):
        answer = review.answer
        yield {
            "question_key": answer.question_key,
            "question": answer.question.text,
            "period": answer.response.period_start,
            "channel": answer.response.get_channel_display(),
            "language": answer.response.language,
            "text": personal_data.mask(answer.text),
            "themes": [t.name for t in review.themes.all()],
        }
