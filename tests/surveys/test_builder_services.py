"""Builder services: versioning (an answered version is never changed), validation, open / close."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from surveys.models import Answer, Question, RateBucket, Section, Survey, SurveyVersion
from surveys.services import builder as svc
from tests.factories import DirectionFactory, DistrictFactory
from tests.surveys.factories import SurveyManagerFactory, current_version, make_response, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner() -> Any:
    return SurveyManagerFactory()


@pytest.fixture
def survey(owner: Any) -> Survey:
    return make_survey(owner)


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def _field_errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- versioning ---------------------------------------------------------------------------------------------


def test_editable_version_is_the_latest_while_it_is_not_frozen(survey: Survey, owner: Any) -> None:
    v1 = current_version(survey)
    assert svc.editable_version(survey, owner) == v1
    assert survey.versions.count() == 1


def test_editable_version_of_a_frozen_version_is_a_full_copy(survey: Survey, owner: Any) -> None:
    v1 = current_version(survey)
    make_response(survey, {"overall": 2, "contact": ["passport", "training"]})
    v1.refresh_from_db()
    assert v1.is_frozen

    v2 = svc.editable_version(survey, owner)

    assert v2.number == 2
    assert v2.frozen_at is None
    assert v2.created_by == owner
    old = {q.key: q for q in v1.questions.all()}
    new = {q.key: q for q in v2.questions.all()}
    assert set(new) == set(old)  # the SAME keys
    assert not {q.pk for q in new.values()} & {q.pk for q in old.values()}
    for key, q in new.items():
        assert q.section.version_id == v2.pk
        assert (q.kind, q.text_ru, q.text_kk, q.text_en, q.required, q.order) == (
            old[key].kind,
            old[key].text_ru,
            old[key].text_kk,
            old[key].text_en,
            old[key].required,
            old[key].order,
        )
    assert [(c.value, c.label_kk, c.label_en) for c in new["contact"].choices.order_by("order")] == [
        (c.value, c.label_kk, c.label_en) for c in old["contact"].choices.order_by("order")
    ]
    # the display condition points to the copy, not to the answered version's question
    assert new["improve"].condition_question == new["overall"]
    assert new["improve"].condition_values == ["1", "2", "3"]
    assert old["improve"].condition_question == old["overall"]
    assert v2.sections.count() == v1.sections.count()
    # a second call edits the same (unfrozen) copy
    assert svc.editable_version(survey, owner) == v2


def test_an_edit_after_answers_makes_a_new_version_and_leaves_the_old_one_untouched(
    survey: Survey, owner: Any
) -> None:
    v1 = current_version(survey)
    response = make_response(survey, {"overall": 4, "timeliness": 5})
    q1 = v1.questions.get(key="timeliness")
    before = (q1.text_ru, q1.updated_at)

    edited = svc.question_update(
        survey=survey,
        question=q1,
        actor=owner,
        kind=Question.Kind.SCALE5,
        text_ru="Новый текст",
        text_kk="Жаңа мәтін",
        text_en="New text",
        required=True,
    )

    assert edited.version.number == 2
    assert edited.key == "timeliness"
    q1.refresh_from_db()
    assert (q1.text_ru, q1.updated_at) == before
    assert Answer.objects.filter(response=response, question__version=v1).count() == 2
    assert set(Answer.objects.filter(response=response).values_list("question_id", flat=True)) <= set(
        v1.questions.values_list("pk", flat=True)
    )
    assert edited.text_en == "New text"
    # every edit kind respects the freeze: a new section on a frozen v2 lands in v3
    make_response(survey, {"overall": 5}, version=edited.version)
    section = svc.section_create(survey=survey, actor=owner, title_ru="Ещё", title_kk="Тағы", title_en="More")
    assert section.version.number == 3
    assert not Section.objects.filter(version=edited.version, title_ru="Ещё").exists()


def test_deleting_in_a_frozen_version_deletes_in_the_copy(survey: Survey, owner: Any) -> None:
    v1 = current_version(survey)
    make_response(survey, {"overall": 3})
    svc.question_delete(survey=survey, question=v1.questions.get(key="methodology"), actor=owner)
    assert v1.questions.filter(key="methodology").exists()
    assert not current_version(survey).questions.filter(key="methodology").exists()


def test_version_new_copies_explicitly_with_its_note(survey: Survey, owner: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        svc.version_new(survey=survey, actor=owner, note="x")
    assert "no answers yet" in _messages(exc)
    make_response(survey, {"overall": 3})
    version = svc.version_new(survey=survey, actor=owner, note="New wording for Q2")
    assert version.number == 2
    assert version.note == "New wording for Q2"
    assert version.questions.count() == 6


# --- validation ---------------------------------------------------------------------------------------------


def _q(**fields: Any) -> dict[str, Any]:
    return {"kind": Question.Kind.SCALE5, "text_ru": "Вопрос", "required": True, **fields}


def test_condition_must_point_to_an_earlier_question(survey: Survey, owner: Any) -> None:
    version = current_version(survey)
    overall = version.questions.get(key="overall")
    improve = version.questions.get(key="improve")
    with pytest.raises(ValidationError) as exc:
        svc.question_update(
            survey=survey,
            question=overall,
            actor=owner,
            condition_question=improve,
            condition_values=["1"],
            **_q(),
        )
    assert "earlier question" in _field_errors(exc).get("condition_question", [str(exc.value)])[0]
    with pytest.raises(ValidationError) as exc:
        svc.question_update(
            survey=survey,
            question=overall,
            actor=owner,
            condition_question=overall,
            condition_values=["1"],
            **_q(),
        )
    assert "itself" in _field_errors(exc)["condition_question"][0]


def test_condition_values_must_exist(survey: Survey, owner: Any) -> None:
    version = current_version(survey)
    section = version.sections.order_by("order").last()
    assert section is not None
    with pytest.raises(ValidationError) as exc:
        svc.question_create(
            survey=survey,
            section=section,
            actor=owner,
            condition_question=version.questions.get(key="overall"),
            condition_values=["4", "9"],
            **_q(kind=Question.Kind.TEXT),
        )
    assert "Not an answer of question overall: 9" in _field_errors(exc)["condition_values"][0]
    assert not version.questions.filter(
        kind=Question.Kind.TEXT, text_ru="Вопрос"
    ).exists()  # nothing half-written
    with pytest.raises(ValidationError) as exc:
        svc.question_create(
            survey=survey,
            section=section,
            actor=owner,
            condition_question=version.questions.get(key="contact"),
            condition_values=["passport", "other"],
            **_q(kind=Question.Kind.TEXT),
        )
    assert "other" in _field_errors(exc)["condition_values"][0]
    ok = svc.question_create(
        survey=survey,
        section=section,
        actor=owner,
        condition_question=version.questions.get(key="contact"),
        condition_values=["passport"],
        **_q(kind=Question.Kind.TEXT),
    )
    assert ok.condition_question.key == "contact"
    assert ok.key == "q7"


def test_condition_on_a_text_question_is_refused(survey: Survey, owner: Any) -> None:
    version = current_version(survey)
    section = version.sections.order_by("order").last()
    assert section is not None
    with pytest.raises(ValidationError) as exc:
        svc.question_create(
            survey=survey,
            section=section,
            actor=owner,
            condition_question=version.questions.get(key="improve"),
            condition_values=["x"],
            **_q(),
        )
    assert "scale or a choice" in _field_errors(exc)["condition_question"][0]


def test_a_question_others_depend_on_cannot_be_deleted(survey: Survey, owner: Any) -> None:
    overall = current_version(survey).questions.get(key="overall")
    with pytest.raises(ValidationError) as exc:
        svc.question_delete(survey=survey, question=overall, actor=owner)
    assert "improve" in _messages(exc)
    assert Question.objects.filter(pk=overall.pk).exists()


def test_number_min_must_not_exceed_max(survey: Survey, owner: Any) -> None:
    section = current_version(survey).sections.first()
    assert section is not None
    with pytest.raises(ValidationError) as exc:
        svc.question_create(
            survey=survey,
            section=section,
            actor=owner,
            **_q(kind=Question.Kind.NUMBER, min_value=Decimal(10), max_value=Decimal(2)),
        )
    assert "largest number" in _field_errors(exc)["max_value"][0]
    q = svc.question_create(
        survey=survey, section=section, actor=owner, **_q(kind=Question.Kind.NUMBER, min_value=1, max_value=1)
    )
    assert q.min_value == q.max_value == 1


def test_choice_questions_need_two_choices_with_unique_values(survey: Survey, owner: Any) -> None:
    section = current_version(survey).sections.first()
    assert section is not None
    with pytest.raises(ValidationError) as exc:
        svc.question_create(
            survey=survey,
            section=section,
            actor=owner,
            choices=[{"value": "a", "label_ru": "А"}],
            **_q(kind="single"),
        )
    assert "at least two" in _field_errors(exc)["choices"][0]
    with pytest.raises(ValidationError) as exc:
        svc.question_create(
            survey=survey,
            section=section,
            actor=owner,
            choices=[{"value": "a", "label_ru": "А"}, {"value": "a", "label_ru": "Б"}],
            **_q(kind="single"),
        )
    assert "value a" in _field_errors(exc)["choices"][0]


def test_profile_questions_get_generated_choices(survey: Survey, owner: Any) -> None:
    DistrictFactory(code="almaly", name_ru="Алмалинский", name_kk="Алмалы", name_en="Almaly")
    section = current_version(survey).sections.first()
    assert section is not None
    district = svc.question_create(
        survey=survey,
        section=section,
        actor=owner,
        profile="district",
        choices=[{"value": "x", "label_ru": "ignored"}, {"value": "y", "label_ru": "ignored"}],
        **_q(kind=Question.Kind.TEXT),
    )
    assert district.kind == Question.Kind.SINGLE
    assert [(c.value, c.label_kk, c.label_en) for c in district.choices.all()] == [
        ("almaly", "Алмалы", "Almaly")
    ]
    age = svc.question_create(survey=survey, section=section, actor=owner, profile="age_band", **_q())
    assert [c.value for c in age.choices.order_by("order")] == ["18-29", "30-44", "45-59", "60+"]
    sex = svc.question_create(survey=survey, section=section, actor=owner, profile="sex", **_q())
    assert {c.value: (c.label_ru, c.label_en) for c in sex.choices.all()}["female"][1] == "Female"
    with pytest.raises(ValidationError) as exc:
        svc.question_create(survey=survey, section=section, actor=owner, profile="sex", **_q())
    assert "profile" in _field_errors(exc)


def test_move_keeps_conditions_pointing_backwards(survey: Survey, owner: Any) -> None:
    version = current_version(survey)
    improve = version.questions.get(key="improve")
    svc.question_move(survey=survey, question=improve, actor=owner, direction="up")
    keys = [q.key for q in svc.ordered_questions(version)]
    assert keys.index("improve") < keys.index("contact")
    with pytest.raises(ValidationError):
        svc.question_move(survey=survey, question=improve, actor=owner, direction="up")  # edge of its section
    overall = version.questions.get(key="overall")
    timeliness = version.questions.get(key="timeliness")
    svc.question_update(
        survey=survey,
        question=timeliness,
        actor=owner,
        condition_question=overall,
        condition_values=["5"],
        **_q(),
    )
    with pytest.raises(ValidationError) as exc:
        svc.question_move(survey=survey, question=timeliness, actor=owner, direction="up")
    assert "must stay after" in _messages(exc)


def test_subject_needs_its_target(owner: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        svc.survey_create(actor=owner, audience="citizen", subject="district", title_ru="Опрос")
    assert "district" in _field_errors(exc)
    district = DistrictFactory()
    direction = DirectionFactory()
    survey = svc.survey_create(
        actor=owner,
        audience="citizen",
        subject="district",
        title_ru="Опрос",
        district=district,
        direction=direction,
    )
    assert survey.district == district
    assert survey.direction is None
    assert survey.versions.get().number == 1


def test_blank_survey_needs_its_russian_title(owner: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        svc.survey_create(actor=owner, audience="customer", subject="project_office")
    assert "title_ru" in _field_errors(exc)
    assert not Survey.objects.exists()


def test_create_from_template_with_co_owners(owner: Any) -> None:
    co = SurveyManagerFactory()
    survey = svc.survey_create(actor=owner, template_key="customer_project_office", co_owners=[co, owner])
    assert survey.template_key == "customer_project_office"
    assert survey.owner == owner
    assert list(survey.co_owners.all()) == [co]
    assert current_version(survey).questions.count() == 6


def test_audience_is_fixed_once_opened(survey: Survey, owner: Any) -> None:
    svc.survey_open(survey=survey, actor=owner)
    survey.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        svc.survey_update(survey=survey, actor=owner, audience="citizen")
    assert "audience" in _field_errors(exc)


# --- open / close -------------------------------------------------------------------------------------------


def test_open_requires_a_question(owner: Any) -> None:
    survey = svc.survey_create(
        actor=owner, audience="customer", subject="project_office", title_ru="А", title_kk="Ә", title_en="A"
    )
    with pytest.raises(ValidationError) as exc:
        svc.survey_open(survey=survey, actor=owner)
    assert "at least one question" in _messages(exc)


def test_open_requires_every_text_in_three_languages(survey: Survey, owner: Any) -> None:
    version = current_version(survey)
    Question.objects.filter(version=version, key="timeliness").update(text_kk="", help_en="")
    version.questions.get(key="contact").choices.filter(value="training").update(label_en="")
    Survey.objects.filter(pk=survey.pk).update(title_en="")
    survey.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        svc.survey_open(survey=survey, actor=owner)
    text = exc.value.messages
    assert "Survey title: missing in English" in text
    assert "Question timeliness: missing in Kazakh" in text
    assert "Question timeliness, hint: missing in English" in text
    assert "Question contact, choice training: missing in English" in text
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_open_a_citizen_survey_makes_its_link_and_salt_once(owner: Any) -> None:
    survey = make_survey(owner, audience=Survey.Audience.CITIZEN)
    svc.survey_open(survey=survey, actor=owner)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert survey.public_slug
    assert survey.salt
    slug, salt = survey.public_slug, survey.salt
    svc.survey_close(survey=survey, actor=owner)
    svc.survey_open(survey=survey, actor=owner)
    survey.refresh_from_db()
    assert (survey.public_slug, survey.salt) == (slug, salt)


def test_customer_survey_has_no_public_link(survey: Survey, owner: Any) -> None:
    svc.survey_open(survey=survey, actor=owner)
    survey.refresh_from_db()
    assert survey.public_slug is None
    assert survey.opens_at is not None


def test_close_deletes_the_rate_limit_hashes(owner: Any) -> None:
    survey = make_survey(owner, audience=Survey.Audience.CITIZEN)
    other = make_survey(owner, audience=Survey.Audience.CITIZEN)
    svc.survey_open(survey=survey, actor=owner)
    now = timezone.now()
    RateBucket.objects.create(survey=survey, ip_hash="a" * 64, window_start=now, count=3)
    RateBucket.objects.create(survey=other, ip_hash="b" * 64, window_start=now, count=1)
    with pytest.raises(ValidationError):
        svc.survey_close(survey=other, actor=owner)  # a draft is not closed
    svc.survey_close(survey=survey, actor=owner)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    assert survey.closes_at is not None
    assert not RateBucket.objects.filter(survey=survey).exists()
    assert RateBucket.objects.filter(survey=other).count() == 1


def test_history_records_the_acting_user(survey: Survey, owner: Any) -> None:
    make_response(survey, {"overall": 3}, period_start=datetime.date(2026, 7, 1))
    svc.section_create(survey=survey, actor=owner, title_ru="Ещё")
    version = SurveyVersion.objects.get(survey=survey, number=2)
    assert version.history.first().history_user == owner
    assert {r.history_user for r in Question.history.filter(version_id=version.pk)} == {owner}


def test_a_choice_a_condition_uses_cannot_be_removed(survey: Survey, owner: Any) -> None:
    version = current_version(survey)
    contact = version.questions.get(key="contact")
    section = contact.section
    svc.question_create(
        survey=survey,
        section=section,
        actor=owner,
        condition_question=contact,
        condition_values=["training"],
        **_q(kind=Question.Kind.TEXT),
    )
    rows = [{"value": "passport", "label_ru": "Паспорт"}, {"value": "committee", "label_ru": "Комитет"}]
    with pytest.raises(ValidationError) as exc:
        svc.question_update(
            survey=survey, question=contact, actor=owner, choices=rows, **_q(kind=Question.Kind.MULTIPLE)
        )
    assert "training" in _field_errors(exc)["choices"][0]
    assert contact.choices.filter(value="training").exists()  # nothing half-written
    with pytest.raises(ValidationError) as exc:
        svc.question_update(survey=survey, question=contact, actor=owner, **_q(kind=Question.Kind.TEXT))
    assert "kind" in _field_errors(exc)


def test_section_delete_refused_while_a_later_section_depends_on_it(survey: Survey, owner: Any) -> None:
    first = current_version(survey).sections.order_by("order").first()
    assert first is not None
    with pytest.raises(ValidationError) as exc:
        svc.section_delete(survey=survey, section=first, actor=owner)
    assert "improve" in _messages(exc)
    assert Section.objects.filter(pk=first.pk).exists()
