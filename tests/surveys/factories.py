"""Shared factories of the survey tests. Each area adds its own `factories_<area>.py` for what only it needs."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth.models import Group

from pmis.accounts import roles
from surveys import library
from surveys.models import Answer, Question, Response, Survey, SurveyVersion
from tests.factories import OrganizationFactory, UserFactory


class SurveyManagerFactory(UserFactory):
    """A Project Office user (builds surveys, runs campaigns)."""

    username = factory.Sequence(lambda n: f"pmo-surveys{n}")
    organization = factory.SubFactory(OrganizationFactory, code="adc")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create:
            self.save()
            names = extracted if extracted is not None else [roles.PMO_STAFF]
            self.groups.set([Group.objects.get_or_create(name=name)[0] for name in names])


def make_survey(owner: Any = None, key: str = "customer_project_office", **fields: Any) -> Survey:
    """A draft survey from a library template (version 1)."""
    return library.instantiate(key, actor=owner or SurveyManagerFactory(), **fields)


def current_version(survey: Survey) -> SurveyVersion:
    version = survey.versions.order_by("-number").first()
    assert version is not None
    return version


def make_response(
    survey: Survey,
    answers: dict[str, Any],
    *,
    version: SurveyVersion | None = None,
    period_start: datetime.date = datetime.date(2026, 10, 1),
    channel: str = Response.Channel.INVITATION,
    language: str = "ru",
    **fields: Any,
) -> Response:
    """A stored response with `answers` (question key → int for scales, str for a choice, list for multiple,
    Decimal for a number, str for text), written directly (the respondent services have their own tests)."""
    version = version or current_version(survey)
    questions = {q.key: q for q in version.questions.all()}
    response = Response.objects.create(
        survey=survey,
        version=version,
        channel=channel,
        language=language,
        submitted_on=fields.pop("submitted_on", period_start),
        period_start=period_start,
        **fields,
    )
    rows = []
    for key, value in answers.items():
        q = questions[key]
        base = {"response": response, "question": q, "question_key": key}
        if q.kind in (Question.Kind.SCALE5, Question.Kind.NPS):
            rows.append(Answer(**base, value_int=int(value)))
        elif q.kind == Question.Kind.SINGLE:
            rows.append(Answer(**base, choice_value=str(value)))
        elif q.kind == Question.Kind.MULTIPLE:
            rows.extend(Answer(**base, choice_value=str(v)) for v in value)
        elif q.kind == Question.Kind.NUMBER:
            rows.append(Answer(**base, value_number=value))
        else:
            rows.append(Answer(**base, text=str(value)))
    Answer.objects.bulk_create(rows)
    if version.frozen_at is None:
        SurveyVersion.objects.filter(pk=version.pk).update(frozen_at=datetime.datetime.now(datetime.UTC))
    return response
