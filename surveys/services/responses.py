"""Writing an answer: one response, all-or-nothing, with nothing about the respondent (no user, IP or time of
day). Everything a visitor can send is checked here again, whatever the form already checked: the service is
the last line before the database."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from surveys.models import (
    Answer,
    Invitation,
    Question,
    Response,
    Survey,
    SurveyVersion,
    TextReview,
    Wave,
)

LANGUAGES = ("kk", "ru", "en")
TEXT_MAX = 2000
SCALE_RANGE: dict[str, tuple[int, int]] = {Question.Kind.SCALE5: (1, 5), Question.Kind.NPS: (0, 10)}
# control characters other than tab and newline (a NUL would even break PostgreSQL's text type)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def questions_of(version: SurveyVersion) -> list[Question]:
    """The version's questions in order, with their sections, conditions and choices (three queries)."""
    return list(version.questions.select_related("section", "condition_question").prefetch_related("choices"))


def quarter_start(on: datetime.date) -> datetime.date:
    return datetime.date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)


def plain_text(value: str) -> str:
    """Free text as plain text: tags stripped, control characters dropped, line ends normalised."""
    text = strip_tags(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def answer_tokens(question: Question, value: Any) -> list[str]:
    """The answer as the strings a display condition compares against (`condition_values`)."""
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value]
    return [str(value)]


def is_shown(question: Question, given: dict[str, Any]) -> bool:
    """A conditional question is shown when its earlier question's answer is one of `condition_values`."""
    condition = question.condition_question
    if condition is None:
        return True
    wanted = {str(v) for v in question.condition_values or []}
    return bool(wanted.intersection(answer_tokens(condition, given.get(condition.key))))


def _clean_value(question: Question, value: Any) -> Any:
    """The value in its stored shape, or a ValidationError naming what is wrong. None: no answer."""
    if value is None or value == "" or value == []:
        return None
    kind = question.kind
    if kind in SCALE_RANGE:
        low, high = SCALE_RANGE[kind]
        try:
            number = int(str(value))
        except (TypeError, ValueError):
            raise ValidationError(_("Choose a value on the scale."), code="invalid") from None
        if not low <= number <= high:
            raise ValidationError(
                _("Choose a value from %(low)s to %(high)s.") % {"low": low, "high": high}, code="range"
            )
        return number
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        allowed = {c.value for c in question.choices.all()}
        values = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
        if kind == Question.Kind.SINGLE and len(values) != 1:
            raise ValidationError(_("Choose one answer."), code="invalid")
        if any(v not in allowed for v in values):
            raise ValidationError(_("Choose one of the answers offered."), code="invalid_choice")
        unique = list(dict.fromkeys(values))
        return unique[0] if kind == Question.Kind.SINGLE else unique
    if kind == Question.Kind.NUMBER:
        try:
            amount = Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise ValidationError(_("Enter a number."), code="invalid") from None
        if not amount.is_finite() or abs(amount) >= Decimal("1e12"):
            raise ValidationError(_("Enter a number."), code="invalid")
        if question.min_value is not None and amount < question.min_value:
            raise ValidationError(
                _("Enter a number of at least %(min)s.") % {"min": question.min_value}, code="range"
            )
        if question.max_value is not None and amount > question.max_value:
            raise ValidationError(
                _("Enter a number of at most %(max)s.") % {"max": question.max_value}, code="range"
            )
        return amount.quantize(Decimal("0.01"))
    text = plain_text(value)
    if len(text) > TEXT_MAX:
        raise ValidationError(
            _("Keep the answer within %(max)s characters.") % {"max": TEXT_MAX}, code="max_length"
        )
    return text or None


def clean_answers(questions: list[Question], answers: dict[str, Any]) -> dict[str, Any]:
    """The answers that count: checked, shaped, with answers to hidden questions dropped; raises one
    ValidationError keyed by question key for everything wrong at once."""
    by_key = {q.key: q for q in questions}
    errors: dict[str, list[ValidationError]] = {}
    unknown = sorted(set(answers) - set(by_key))
    if unknown:
        errors["__all__"] = [
            ValidationError(
                _("The answers do not match this survey's questions. Reload the page and answer again."),
                code="unknown_question",
            )
        ]
    cleaned: dict[str, Any] = {}
    for question in questions:  # in order: a condition always names an earlier question
        if not is_shown(question, cleaned):
            continue
        try:
            value = _clean_value(question, answers.get(question.key))
        except ValidationError as exc:
            errors[question.key] = [exc]
            continue
        if value is None:
            if question.required:
                errors[question.key] = [ValidationError(_("This question needs an answer."), code="required")]
            continue
        cleaned[question.key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _refuse_closed(survey: Survey, now: datetime.datetime) -> None:
    status = Survey.objects.filter(pk=survey.pk).values_list("status", flat=True).first()
    if status != Survey.Status.OPEN or survey.is_template:
        raise ValidationError(_("This survey is not open for answers."), code="closed")
    if survey.opens_at and survey.opens_at > now:
        raise ValidationError(_("This survey is not open for answers yet."), code="not_open")
    if survey.closes_at and survey.closes_at <= now:
        raise ValidationError(_("This survey is closed."), code="closed")


def _use_invitation(invitation: Invitation, now: datetime.datetime) -> Invitation:
    locked = Invitation.objects.select_for_update().select_related("wave").get(pk=invitation.pk)
    if locked.used_at is not None:
        raise ValidationError(_("This invitation has already been used to answer."), code="used")
    if locked.expires_at <= now or locked.wave.closed_at is not None or locked.wave.closes_at <= now:
        raise ValidationError(_("This invitation has expired."), code="expired")
    locked.used_at = now
    locked._history_user = None
    locked.save(update_fields=["used_at", "updated_at"])
    return locked


def _freeze(version: SurveyVersion, now: datetime.datetime) -> None:
    if version.frozen_at is not None:
        return
    locked = SurveyVersion.objects.select_for_update().get(pk=version.pk)
    if locked.frozen_at is None:
        locked.frozen_at = now
        locked._history_user = None
        locked.save(update_fields=["frozen_at", "updated_at"])
    version.frozen_at = locked.frozen_at


def _profile(questions: dict[str, Question], cleaned: dict[str, Any]) -> dict[str, Any]:
    from pmis.reference.models import District

    found: dict[str, Any] = {}
    for key, value in cleaned.items():
        profile = questions[key].profile
        if profile == Question.Profile.DISTRICT:
            found["district"] = District.objects.filter(code=str(value)).first()
        elif profile in (Question.Profile.AGE_BAND, Question.Profile.SEX):
            found[profile] = str(value)[:10]
    return found


@transaction.atomic
def submit(
    *,
    version: SurveyVersion,
    answers: dict[str, Any],
    channel: str,
    language: str,
    wave: Wave | None = None,
    invitation: Invitation | None = None,
    on: datetime.date | None = None,
) -> Response:
    """Store one response with its answers, or nothing: refuses a survey that is not open, a used or expired
    invitation and any answer out of range, unknown or missing; freezes the version on its first answer."""
    now = timezone.now()
    on = on or timezone.localdate()
    survey = version.survey
    if language not in LANGUAGES:
        language = "ru"
    if channel not in Response.Channel.values:
        raise ValidationError(_("Unknown channel."), code="invalid")
    _refuse_closed(survey, now)
    if invitation is not None:
        wave = wave or invitation.wave
        if invitation.wave_id != wave.pk:
            raise ValidationError(_("This invitation belongs to another wave."), code="invalid")
    if wave is not None and wave.version_id != version.pk:
        raise ValidationError(_("The answers do not match this survey's questions."), code="version")
    questions = questions_of(version)
    cleaned = clean_answers(questions, answers)
    if invitation is not None:
        invitation = _use_invitation(invitation, now)
    _freeze(version, now)
    by_key = {q.key: q for q in questions}
    response = Response(
        survey=survey,
        version=version,
        wave=wave,
        channel=channel,
        language=language,
        submitted_on=on,
        period_start=wave.period_start if wave is not None else quarter_start(on),
        direction_id=wave.direction_id if wave is not None else survey.direction_id,
        project_id=wave.project_id if wave is not None else survey.project_id,
        review_case_ref=wave.review_case_ref if wave is not None else None,
        department_id=invitation.department_id if invitation is not None else None,
        **_profile(by_key, cleaned),
    )
    response.save()
    rows: list[Answer] = []
    for key, value in cleaned.items():
        question = by_key[key]
        base = {"response": response, "question": question, "question_key": key}
        if question.kind in SCALE_RANGE:
            rows.append(Answer(**base, value_int=value))
        elif question.kind == Question.Kind.SINGLE:
            rows.append(Answer(**base, choice_value=value))
        elif question.kind == Question.Kind.MULTIPLE:
            rows.extend(Answer(**base, choice_value=v) for v in value)
        elif question.kind == Question.Kind.NUMBER:
            rows.append(Answer(**base, value_number=value))
        else:
            rows.append(Answer(**base, text=value))
    created = Answer.objects.bulk_create(rows)
    texts = [a for a in created if by_key[a.question_key].kind == Question.Kind.TEXT]
    if texts:
        status = (
            TextReview.Status.PENDING
            if survey.audience == Survey.Audience.CITIZEN
            else TextReview.Status.PUBLISHED
        )
        bulk_create_with_history([TextReview(answer=a, status=status) for a in texts], TextReview)
    return response
