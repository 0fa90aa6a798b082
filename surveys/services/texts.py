"""Free-text answers: their moderation records (`TextReview`), moderation (publish / hide with an optional
reason), tagging with the survey's themes, and the themes themselves.

A citizen survey's free text arrives PENDING and is shown to nobody but the owners until published; a customer
survey's arrives PUBLISHED (the owners may still hide it). Every change is a history row with the acting user
(the reason of a hide or publish is the history row's change reason)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from surveys.models import Answer, Question, Response, Survey, TextReview, Theme

REASON_MAX = 100  # simple-history's change-reason column
BULK_MAX = 500
ACTIONS = ("publish", "hide")


def initial_status(survey: Survey) -> str:
    """Where a new free-text answer starts: citizen text waits for moderation, customer text is published."""
    if survey.audience == Survey.Audience.CITIZEN:
        return TextReview.Status.PENDING
    return TextReview.Status.PUBLISHED


def _unreviewed(answers: Any) -> Any:
    return answers.filter(question__kind=Question.Kind.TEXT, review__isnull=True).exclude(text="")


def create_reviews(response: Response) -> int:
    """The moderation records of a new response's free-text answers (the respondent service calls this in its
    transaction). Idempotent: answers that already have one are skipped. Returns how many were created."""
    answers = list(_unreviewed(Answer.objects.filter(response=response)).only("pk"))
    if not answers:
        return 0
    status = initial_status(response.survey)
    reviews = [TextReview(answer=a, status=status) for a in answers]
    bulk_create_with_history(reviews, TextReview, batch_size=500)
    return len(reviews)


def ensure_reviews(survey: Survey) -> int:
    """Create the missing moderation records of a survey's free-text answers (answers stored without one, e.g.
    by an import); one query when nothing is missing."""
    ids = list(_unreviewed(Answer.objects.filter(response__survey=survey)).values_list("pk", flat=True))
    if not ids:
        return 0
    status = initial_status(survey)
    with transaction.atomic():
        bulk_create_with_history(
            [TextReview(answer_id=pk, status=status) for pk in ids],
            TextReview,
            batch_size=500,
            ignore_conflicts=True,
        )
    return len(ids)


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Keep the reason under %(n)s characters.") % {"n": REASON_MAX}})
    return reason


def _clean_themes(survey: Survey, themes: Iterable[Theme] | None) -> list[Theme] | None:
    if themes is None:
        return None
    chosen = list(themes)
    if any(t.survey_id != survey.pk for t in chosen):
        raise ValidationError({"themes": _("Choose themes of this survey.")})
    return chosen


@transaction.atomic
def review_update(
    *,
    review: TextReview,
    actor: Any,
    action: str = "",
    reason: str = "",
    themes: Iterable[Theme] | None = None,
) -> TextReview:
    """Publish or hide one answer (`action`), and/or set its themes (`themes`, None = leave them)."""
    survey = review.answer.response.survey
    if action and action not in ACTIONS:
        raise ValidationError({"action": _("Choose to publish or to hide the answer.")})
    reason = _clean_reason(reason)
    chosen = _clean_themes(survey, themes)
    review = TextReview.objects.select_for_update().get(pk=review.pk)
    if action:
        review.status = TextReview.Status.PUBLISHED if action == "publish" else TextReview.Status.HIDDEN
        review.reviewed_by = actor
        review.reviewed_at = timezone.now()
    review._history_user = actor
    if action or reason:  # a tagging alone is recorded by the m2m change below, not by an empty save
        if reason:
            review._change_reason = reason
        review.save()
    if chosen is not None:
        current = set(review.themes.values_list("pk", flat=True))
        wanted = {t.pk for t in chosen}
        if current != wanted:
            # the m2m change writes the history row of the tagging (simple-history's m2m_fields)
            review._history_user = actor
            review.themes.set(chosen)
    return review


@transaction.atomic
def reviews_bulk(
    *, survey: Survey, actor: Any, review_ids: Iterable[int], action: str, reason: str = ""
) -> int:
    """Publish or hide the selected answers of one survey, all or nothing. Returns how many changed."""
    if action not in ACTIONS:
        raise ValidationError({"action": _("Choose to publish or to hide the answers.")})
    ids = sorted({int(i) for i in review_ids})
    if not ids:
        raise ValidationError({"selected": _("Select at least one answer.")})
    if len(ids) > BULK_MAX:
        raise ValidationError({"selected": _("Select at most %(n)s answers at a time.") % {"n": BULK_MAX}})
    reason = _clean_reason(reason)
    reviews = list(TextReview.objects.select_for_update().filter(pk__in=ids, answer__response__survey=survey))
    if len(reviews) != len(ids):
        raise ValidationError({"selected": _("Some selected answers are not answers of this survey.")})
    status = TextReview.Status.PUBLISHED if action == "publish" else TextReview.Status.HIDDEN
    now = timezone.now()
    changed = 0
    for review in reviews:
        if review.status == status:
            continue
        review.status = status
        review.reviewed_by = actor
        review.reviewed_at = now
        review._history_user = actor
        if reason:
            review._change_reason = reason
        review.save()
        changed += 1
    return changed


def _clean_name(survey: Survey, name: str, *, exclude: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the theme a name.")})
    if len(name) > 120:
        raise ValidationError({"name": _("Keep the name under 120 characters.")})
    clash = Theme.objects.filter(survey=survey, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": _("This survey already has a theme with this name.")})
    return name


def theme_create(*, survey: Survey, actor: Any, name: str) -> Theme:
    name = _clean_name(survey, name)
    theme = Theme(survey=survey, name=name)
    theme._history_user = actor
    try:
        with transaction.atomic():
            theme.save()
    except IntegrityError as exc:  # a concurrent add of the same name
        raise ValidationError({"name": _("This survey already has a theme with this name.")}) from exc
    return theme


def theme_rename(*, theme: Theme, actor: Any, name: str) -> Theme:
    name = _clean_name(theme.survey, name, exclude=theme.pk)
    theme.name = name
    theme._history_user = actor
    try:
        with transaction.atomic():
            theme.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("This survey already has a theme with this name.")}) from exc
    return theme


def theme_usage(theme: Theme) -> int:
    return theme.reviews.count()


@transaction.atomic
def theme_delete(*, theme: Theme, actor: Any, untag: bool = False) -> int:
    """Delete a theme. Refused while answers carry it, unless `untag`: then it is first removed from those
    answers (each untagging is a history row of the answer's review). Returns how many answers were untagged."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    reviews = list(theme.reviews.all())
    if reviews and not untag:
        raise ValidationError(
            _(
                "%(n)s answers carry this theme: untag them first, or confirm that the theme is removed "
                "from them."
            )
            % {"n": len(reviews)}
        )
    for review in reviews:
        review._history_user = actor
        review.themes.remove(theme)
    theme._history_user = actor
    theme.delete()
    return len(reviews)
