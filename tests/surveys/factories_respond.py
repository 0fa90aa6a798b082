"""Factories of the respond tests: an open citizen survey with every question type, a conditional question and
the profile questions, and a customer invitation with its raw token."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from surveys import library, tokens
from surveys.models import Campaign, Invitation, Question, Survey, SurveyVersion, Wave
from tests.surveys.factories import SurveyManagerFactory, current_version, make_survey


def _t(ru: str, kk: str, en: str) -> dict[str, str]:
    return {"ru": ru, "kk": kk, "en": en}


CITIZEN_SECTIONS: list[dict[str, Any]] = [
    {
        "title": _t("Оценка", "Баға", "Rating"),
        "questions": [
            {
                "key": "satisfied",
                "kind": Question.Kind.SCALE5,
                "text": _t(
                    "Насколько вы удовлетворены работой акимата?",
                    "Әкімдіктің жұмысына қаншалықты көңіліңіз толады?",
                    "How satisfied are you with the akimat's work?",
                ),
                "help": library.SCALE5_HELP,
            },
            {
                "key": "why",
                "kind": Question.Kind.TEXT,
                "required": True,
                "when": ("satisfied", ["1", "2"]),
                "text": _t("Что не так?", "Не дұрыс емес?", "What is wrong?"),
            },
            {
                "key": "recommend",
                "kind": Question.Kind.NPS,
                "required": False,
                "text": _t("Порекомендуете ли вы?", "Ұсынасыз ба?", "Would you recommend it?"),
                "help": library.NPS_HELP,
            },
            {
                "key": "topics",
                "kind": Question.Kind.MULTIPLE,
                "required": False,
                "text": _t("Какие темы важны?", "Қандай тақырыптар маңызды?", "Which topics matter?"),
                "choices": [
                    ("roads", _t("Дороги", "Жолдар", "Roads")),
                    ("parks", _t("Парки", "Саябақтар", "Parks")),
                    ("transport", _t("Транспорт", "Көлік", "Transport")),
                ],
            },
            {
                "key": "visits",
                "kind": Question.Kind.NUMBER,
                "required": False,
                "min": 0,
                "max": 100,
                "text": _t(
                    "Сколько раз вы обращались?", "Неше рет жүгіндіңіз?", "How many times did you apply?"
                ),
            },
        ],
    },
    {
        "title": _t("О вас", "Сіз туралы", "About you"),
        "questions": [
            {
                "key": "district",
                "kind": Question.Kind.SINGLE,
                "required": False,
                "profile": Question.Profile.DISTRICT,
                "text": _t("Ваш район", "Сіздің ауданыңыз", "Your district"),
                "choices": [
                    ("almaly", _t("Алмалинский", "Алмалы", "Almaly")),
                    ("bostandyk", _t("Бостандыкский", "Бостандық", "Bostandyk")),
                ],
            },
            {
                "key": "age_band",
                "kind": Question.Kind.SINGLE,
                "required": False,
                "profile": Question.Profile.AGE_BAND,
                "text": _t("Ваш возраст", "Жасыңыз", "Your age"),
                "choices": [
                    ("18-29", _t("18–29", "18–29", "18–29")),
                    ("30-44", _t("30–44", "30–44", "30–44")),
                ],
            },
            {
                "key": "sex",
                "kind": Question.Kind.SINGLE,
                "required": False,
                "profile": Question.Profile.SEX,
                "text": _t("Ваш пол", "Жынысыңыз", "Your sex"),
                "choices": [
                    ("female", _t("Женский", "Әйел", "Female")),
                    ("male", _t("Мужской", "Ер", "Male")),
                ],
            },
        ],
    },
]


def make_citizen_survey(owner: Any = None, *, slug: str = "respond-city", status: str = "open") -> Survey:
    """An open citizen survey (public link `slug`) with every question type and the profile questions."""
    owner = owner or SurveyManagerFactory()
    survey = Survey(
        audience=Survey.Audience.CITIZEN,
        subject=Survey.Subject.CITY,
        title_ru="Удовлетворённость работой акимата",
        title_kk="Әкімдіктің жұмысына қанағаттану",
        title_en="Satisfaction with the akimat",
        owner=owner,
        status=status,
        public_slug=slug,
        salt=tokens.new_salt(),
        headline_key="satisfied",
    )
    survey._history_user = owner
    survey.save()
    version = SurveyVersion(survey=survey, number=1, created_by=owner)
    version._history_user = owner
    version.save()
    library.build_questions(version, CITIZEN_SECTIONS, actor=owner)
    return survey


def make_invitation(
    recipient: Any,
    *,
    survey: Survey | None = None,
    expires_in: datetime.timedelta = datetime.timedelta(days=7),
    **fields: Any,
) -> tuple[Invitation, str]:
    """An open customer survey's invitation for `recipient`, and its raw token."""
    survey = survey or make_survey(status=Survey.Status.OPEN)
    if survey.status != Survey.Status.OPEN:
        survey.status = Survey.Status.OPEN
        survey.save(update_fields=["status"])
    now = timezone.now()
    campaign = Campaign.objects.create(
        survey=survey, name="Respond campaign", audience_kind=Campaign.AudienceKind.USERS, owner=survey.owner
    )
    wave = Wave.objects.create(
        campaign=campaign,
        version=current_version(survey),
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 12, 31),
        opened_at=now,
        closes_at=now + datetime.timedelta(days=14),
        **{k: fields.pop(k) for k in ("direction", "project", "review_case_ref") if k in fields},
    )
    raw, hashed = tokens.new_token()
    invitation = Invitation.objects.create(
        wave=wave, recipient=recipient, token_hash=hashed, sent_at=now, expires_at=now + expires_in, **fields
    )
    return invitation, raw
