"""The template library a survey starts from (SURVEYS.md): every text in kk / ru / en.

A template is data: audience, subject, title, intro, the headline question, the weighting dimensions and its
sections with questions (key, kind, texts, required, choices, a display condition `when: (key, [values])`).
`instantiate()` makes a draft survey (version 1) from it; the survey's owner then edits it freely.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from surveys.models import Choice, Question, Section, Survey, SurveyVersion

T = dict[str, str]


def _t(ru: str, kk: str, en: str) -> T:
    return {"ru": ru, "kk": kk, "en": en}


SCALE5_HELP = _t(
    "1 — совсем не удовлетворён, 5 — полностью удовлетворён",
    "1 — мүлдем көңілім толмайды, 5 — толығымен көңілім толады",
    "1 — not at all satisfied, 5 — completely satisfied",
)
NPS_HELP = _t(
    "0 — точно не порекомендую, 10 — обязательно порекомендую",
    "0 — әрине ұсынбаймын, 10 — міндетті түрде ұсынамын",
    "0 — certainly not, 10 — certainly yes",
)

TEMPLATES: dict[str, dict[str, Any]] = {
    "customer_project_office": {
        "audience": Survey.Audience.CUSTOMER,
        "subject": Survey.Subject.PROJECT_OFFICE,
        "title": _t(
            "Удовлетворённость работой Проектного офиса",
            "Жобалық офистің жұмысына қанағаттану",
            "Satisfaction with the Project Office",
        ),
        "intro": _t(
            "Оцените, пожалуйста, работу Проектного офиса за прошедший период. Ответ анонимен: ваше имя не "
            "показывается рядом с ответом.",
            "Өткен кезеңдегі Жобалық офистің жұмысын бағалаңыз. Жауап жасырын: сіздің атыңыз жауаптың жанында "
            "көрсетілмейді.",
            "Please rate the Project Office's work over the past period. Your answer is anonymous: your name is "
            "never shown beside it.",
        ),
        "headline": "overall",
        "weighting": [],
        "sections": [
            {
                "title": _t("Общая оценка", "Жалпы баға", "Overall"),
                "questions": [
                    {
                        "key": "overall",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько вы удовлетворены работой Проектного офиса в целом?",
                            "Жобалық офистің жұмысына жалпы қаншалықты көңіліңіз толады?",
                            "How satisfied are you with the Project Office's work overall?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "timeliness",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько своевременно Проектный офис отвечает на ваши обращения?",
                            "Жобалық офис сіздің өтініштеріңізге қаншалықты уақтылы жауап береді?",
                            "How timely are the Project Office's answers to your requests?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "methodology",
                        "kind": Question.Kind.SCALE5,
                        "text": _t(
                            "Насколько полезна методическая помощь Проектного офиса?",
                            "Жобалық офистің әдістемелік көмегі қаншалықты пайдалы?",
                            "How useful is the Project Office's methodological support?",
                        ),
                        "help": SCALE5_HELP,
                    },
                    {
                        "key": "recommend",
                        "kind": Question.Kind.NPS,
                        "text": _t(
                            "Насколько вероятно, что вы порекомендуете обратиться в Проектный офис коллегам?",
                            "Әріптестеріңізге Жобалық офиске жүгінуді ұсыну ықтималдығы қандай?",
                            "How likely are you to recommend the Project Office to colleagues?",
                        ),
                        "help": NPS_HELP,
                    },
                ],
            },
            {
                "title": _t("Подробнее", "Толығырақ", "In more detail"),
                "questions": [
                    {
                        "key": "contact",
                        "kind": Question.Kind.MULTIPLE,
                        "required": False,
                        "text": _t(
                            "По каким вопросам вы обращались в этом периоде?",
                            "Осы кезеңде қандай мәселелер бойынша жүгіндіңіз?",
                            "What did you contact the Project Office about in this period?",
                        ),
                        "choices": [
                            ("passport", _t("Паспорт проекта", "Жоба паспорты", "Project passport")),
                            ("committee", _t("Проектный комитет", "Жобалық комитет", "Steering Committee")),
                            (
                                "monitoring",
                                _t(
                                    "Мониторинг показателей",
                                    "Көрсеткіштер мониторингі",
                                    "Indicator monitoring",
                                ),
                            ),
                            ("training", _t("Обучение", "Оқыту", "Training")),
                        ],
                    },
                    {
                        "key": "improve",
                        "kind": Question.Kind.TEXT,
                        "required": False,
                        "when": ("overall", ["1", "2", "3"]),
                        "text": _t(
                            "Что Проектному офису следует улучшить в первую очередь?",
                            "Жобалық офис ең алдымен нені жақсартуы керек?",
                            "What should the Project Office improve first?",
                        ),
                    },
                ],
            },
        ],
    },
}


def choices_for_new_survey() -> list[tuple[str, str]]:
    """(template key, title in the active language) for the "start from" list."""
    from django.utils.translation import get_language

    lang = (get_language() or "ru")[:2]
    return [(key, tpl["title"].get(lang) or tpl["title"]["ru"]) for key, tpl in TEMPLATES.items()]


@transaction.atomic
def instantiate(key: str, *, actor: Any, **fields: Any) -> Survey:
    """A draft survey (version 1) built from the library template `key`; `fields` override survey fields
    (project, direction, district, feeds_indicator_code, …)."""
    tpl = TEMPLATES[key]
    survey = Survey(
        audience=tpl["audience"],
        subject=tpl["subject"],
        template_key=key,
        owner=actor,
        headline_key=tpl.get("headline", ""),
        weighting=list(tpl.get("weighting", [])),
        **{f"title_{lang}": text for lang, text in tpl["title"].items()},
        **{f"intro_{lang}": text for lang, text in tpl.get("intro", {}).items()},
    )
    for name, value in fields.items():
        setattr(survey, name, value)
    survey._history_user = actor
    survey.save()
    version = SurveyVersion(survey=survey, number=1, created_by=actor)
    version._history_user = actor
    version.save()
    build_questions(version, tpl["sections"], actor=actor)
    return survey


def build_questions(version: SurveyVersion, sections: list[dict[str, Any]], *, actor: Any) -> None:
    by_key: dict[str, Question] = {}
    for s_order, sdata in enumerate(sections, start=1):
        section = Section(
            version=version, order=s_order, **{f"title_{k}": v for k, v in sdata["title"].items()}
        )
        section._history_user = actor
        section.save()
        for q_order, qdata in enumerate(sdata["questions"], start=1):
            condition = qdata.get("when")
            question = Question(
                version=version,
                section=section,
                key=qdata["key"],
                order=q_order,
                kind=qdata["kind"],
                required=qdata.get("required", True),
                profile=qdata.get("profile", ""),
                min_value=qdata.get("min"),
                max_value=qdata.get("max"),
                condition_question=by_key[condition[0]] if condition else None,
                condition_values=list(condition[1]) if condition else [],
                **{f"text_{k}": v for k, v in qdata["text"].items()},
                **{f"help_{k}": v for k, v in qdata.get("help", {}).items()},
            )
            question._history_user = actor
            question.save()
            by_key[question.key] = question
            for c_order, (value, label) in enumerate(qdata.get("choices", []), start=1):
                choice = Choice(
                    question=question,
                    value=value,
                    order=c_order,
                    **{f"label_{k}": v for k, v in label.items()},
                )
                choice._history_user = actor
                choice.save()
