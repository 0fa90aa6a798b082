"""surveys.services.responses.submit: all-or-nothing, the breakdown copied, the version frozen, free text
neutralised and queued for moderation, nothing about the respondent kept."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from surveys.models import Answer, Invitation, Response, Survey, TextReview
from surveys.services.responses import quarter_start, submit
from tests.factories import DirectionFactory, DistrictFactory, OrganizationFactory, UserFactory
from tests.surveys.factories import current_version, make_survey
from tests.surveys.factories_respond import make_citizen_survey, make_invitation

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Response.objects.count(), Answer.objects.count(), TextReview.objects.count()


def _public(survey: Survey, answers: dict[str, Any], **kw: Any) -> Response:
    return submit(version=current_version(survey), answers=answers, channel="public", language="kk", **kw)


def test_citizen_answer_is_stored_with_profile_and_quarter_and_freezes_the_version() -> None:
    district = DistrictFactory(code="almaly")
    survey = make_citizen_survey()
    version = current_version(survey)
    assert version.frozen_at is None
    response = _public(
        survey,
        {
            "satisfied": 2,
            "why": "<b>Roads</b> are <script>alert(1)</script>bad",
            "recommend": 3,
            "topics": ["roads", "parks", "roads"],
            "visits": "4.5",
            "district": "almaly",
            "age_band": "30-44",
            "sex": "female",
        },
        on=datetime.date(2026, 11, 17),
    )
    version.refresh_from_db()
    assert version.frozen_at is not None
    assert response.period_start == datetime.date(2026, 10, 1)
    assert response.submitted_on == datetime.date(2026, 11, 17)
    assert (response.district, response.age_band, response.sex) == (district, "30-44", "female")
    assert response.language == "kk"
    assert response.channel == "public"
    rows = {
        (a.question_key, a.value_int, a.choice_value, a.value_number, a.text) for a in response.answers.all()
    }
    assert ("satisfied", 2, "", None, "") in rows
    assert ("topics", None, "roads", None, "") in rows
    assert ("topics", None, "parks", None, "") in rows
    assert ("visits", None, "", Decimal("4.50"), "") in rows
    assert response.answers.filter(question_key="topics").count() == 2
    text = response.answers.get(question_key="why")
    assert text.text == "Roads are alert(1)bad"
    assert text.review.status == TextReview.Status.PENDING
    assert text.review.history.count() == 1
    # nothing about the respondent: the response has no user, address or time field at all
    names = {f.name for f in Response._meta.get_fields()}
    assert not names & {"user", "ip", "ip_address", "user_agent", "created_at", "submitted_at"}


def test_customer_invitation_answer_copies_the_breakdown_and_uses_the_invitation() -> None:
    direction = DirectionFactory()
    department = OrganizationFactory(code="respond-dept")
    invitation, _raw = make_invitation(
        UserFactory(), direction=direction, review_case_ref=42, department=department
    )
    survey = invitation.wave.campaign.survey
    response = submit(
        version=invitation.wave.version,
        answers={
            "overall": 2,
            "timeliness": 4,
            "methodology": 5,
            "recommend": 9,
            "improve": "Faster <i>replies</i>",
        },
        channel="invitation",
        language="en",
        invitation=invitation,
    )
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert response.wave == invitation.wave
    assert response.survey == survey
    assert response.period_start == datetime.date(2026, 10, 1)
    assert (response.direction, response.department, response.review_case_ref) == (direction, department, 42)
    assert response.answers.get(question_key="improve").review.status == TextReview.Status.PUBLISHED
    with pytest.raises(ValidationError) as used:
        submit(
            version=invitation.wave.version,
            answers={"overall": 5, "timeliness": 4, "methodology": 5, "recommend": 9},
            channel="invitation",
            language="en",
            invitation=invitation,
        )
    assert used.value.code == "used"
    assert Response.objects.count() == 1


def test_expired_invitation_is_refused_and_nothing_is_written() -> None:
    invitation, _raw = make_invitation(UserFactory())
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    invitation.refresh_from_db()
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        submit(
            version=invitation.wave.version,
            answers={"overall": 5, "timeliness": 4, "methodology": 5, "recommend": 9},
            channel="invitation",
            language="ru",
            invitation=invitation,
        )
    assert exc.value.code == "expired"
    assert _counts() == before
    invitation.refresh_from_db()
    assert invitation.used_at is None


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_a_survey_not_open_is_refused(status: str) -> None:
    survey = make_citizen_survey(status=status)
    with pytest.raises(ValidationError) as exc:
        _public(survey, {"satisfied": 5})
    assert exc.value.code == "closed"
    assert _counts() == (0, 0, 0)
    assert current_version(survey).frozen_at is None


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({"satisfied": 6}, "satisfied"),
        ({"satisfied": 0}, "satisfied"),
        ({"satisfied": "x"}, "satisfied"),
        ({"satisfied": 5, "recommend": 11}, "recommend"),
        ({"satisfied": 5, "topics": ["roads", "nope"]}, "topics"),
        ({"satisfied": 5, "district": "mars"}, "district"),
        ({"satisfied": 5, "visits": "101"}, "visits"),
        ({"satisfied": 5, "visits": "NaN"}, "visits"),
        ({"satisfied": 5, "visits": "abc"}, "visits"),
        ({}, "satisfied"),
        ({"satisfied": 1}, "why"),
        ({"satisfied": 1, "why": "x" * 2001}, "why"),
        ({"satisfied": 5, "bogus": 1}, "__all__"),
    ],
)
def test_bad_answers_are_refused_whole(answers: dict[str, Any], key: str) -> None:
    survey = make_citizen_survey()
    with pytest.raises(ValidationError) as exc:
        _public(survey, answers)
    assert key in exc.value.error_dict
    assert _counts() == (0, 0, 0)
    assert current_version(survey).frozen_at is None


def test_a_question_hidden_by_its_condition_is_not_required_and_its_answer_is_dropped() -> None:
    survey = make_citizen_survey()
    response = _public(survey, {"satisfied": 5, "why": "should be dropped"})
    assert list(response.answers.values_list("question_key", flat=True)) == ["satisfied"]
    assert TextReview.objects.count() == 0


def test_quarter_start() -> None:
    assert quarter_start(datetime.date(2026, 3, 31)) == datetime.date(2026, 1, 1)
    assert quarter_start(datetime.date(2026, 12, 1)) == datetime.date(2026, 10, 1)


def test_customer_template_answer_through_make_survey() -> None:
    survey = make_survey(status=Survey.Status.OPEN)
    response = submit(
        version=current_version(survey),
        answers={"overall": 4, "timeliness": 4, "methodology": 3, "recommend": 10, "contact": ["training"]},
        channel="invitation",
        language="ru",
    )
    assert response.answers.count() == 5
