"""Surveys — free-text answers, themes and the raw-answer exports: the survey's owners only (the Project Office
user who owns the survey). Other Project Office staff and the SAC read results but never the free text (403);
everyone else is outside the surveys function (403); anonymous users go to the sign-in page."""

from __future__ import annotations

from typing import Any

from tests.authz import LOGIN, Entry

OWNER = {"anonymous": LOGIN, "pmo": 200, "*": 403}
OWNER_POST = {"anonymous": LOGIN, "pmo": 302, "*": 403}


def setup(world: Any) -> None:
    from surveys.models import Survey
    from surveys.services.texts import create_reviews, review_update, theme_create
    from tests.surveys.factories import make_response, make_survey

    owner = world.users["pmo"]
    survey = make_survey(owner, audience=Survey.Audience.CITIZEN)
    response = make_response(survey, {"overall": 4, "improve": "More benches in the park"})
    create_reviews(response)
    world.sv_texts_survey = survey
    world.sv_texts_review = response.answers.get(question_key="improve").review
    world.sv_texts_theme = theme_create(survey=survey, actor=owner, name="Parks")
    world.sv_texts_theme_used = theme_create(survey=survey, actor=owner, name="Benches")
    review_update(review=world.sv_texts_review, actor=owner, themes=[world.sv_texts_theme_used])


def _survey(w: Any) -> list[Any]:
    return [w.sv_texts_survey.pk]


def _answer(w: Any) -> list[Any]:
    return [w.sv_texts_survey.pk, w.sv_texts_review.answer_id]


def _theme(w: Any) -> list[Any]:
    return [w.sv_texts_survey.pk, w.sv_texts_theme.pk]


def _used_theme(w: Any) -> list[Any]:
    return [w.sv_texts_survey.pk, w.sv_texts_theme_used.pk]


ENTRIES = [
    Entry("surveys:texts", args=_survey, expect=OWNER),
    Entry(
        "surveys:text-review",
        args=_answer,
        expect=OWNER,
        note="GET: the answer, its decision form and history",
    ),
    Entry(
        "surveys:text-review",
        args=_answer,
        method="POST",
        data=lambda w: {"action": "publish"},
        expect=OWNER_POST,
    ),
    Entry(
        "surveys:texts-bulk",
        args=_survey,
        method="POST",
        data=lambda w: {"action": "hide", "selected": [w.sv_texts_review.pk]},
        expect=OWNER_POST,
    ),
    Entry("surveys:themes", args=_survey, expect=OWNER),
    Entry(
        "surveys:themes", args=_survey, method="POST", data=lambda w: {"name": "Lighting"}, expect=OWNER_POST
    ),
    Entry("surveys:theme-edit", args=_theme, expect=OWNER),
    Entry(
        "surveys:theme-edit",
        args=_theme,
        method="POST",
        data=lambda w: {"name": "Parks, squares"},
        expect=OWNER_POST,
    ),
    Entry("surveys:theme-delete", args=_theme, method="POST", expect=OWNER_POST),
    Entry(
        "surveys:theme-delete",
        args=_used_theme,
        method="POST",
        expect=OWNER_POST,
        note="refused while answers carry it: back to the theme with a message (302)",
    ),
    Entry("surveys:answers-export", args=_survey, expect=OWNER),
    Entry("surveys:texts-export", args=_survey, expect=OWNER),
]
