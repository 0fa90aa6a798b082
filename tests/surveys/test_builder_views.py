"""Builder pages: the list (filters, search in three languages, export, flat queries), create, edit, detail
with versions, questions with their choices, open / close, history, and the refusals."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from surveys.models import Question, Survey
from surveys.services import builder as svc
from tests.conftest import login
from tests.factories import UserFactory
from tests.surveys.factories import SurveyManagerFactory, current_version, make_response, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner() -> Any:
    return SurveyManagerFactory()


@pytest.fixture
def survey(owner: Any) -> Survey:
    return make_survey(owner)


def _choices(rows: list[tuple[str, str, str, str]], total: int = 4) -> dict[str, Any]:
    data: dict[str, Any] = {
        "choices-TOTAL_FORMS": str(total),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for i, (value, kk, ru, en) in enumerate(rows):
        data.update(
            {
                f"choices-{i}-value": value,
                f"choices-{i}-label_kk": kk,
                f"choices-{i}-label_ru": ru,
                f"choices-{i}-label_en": en,
            }
        )
    return data


def test_list_filters_search_and_counts(client: Any, owner: Any, sac: Any) -> None:
    mine = make_survey(owner)
    make_response(mine, {"overall": 5})
    other = make_survey(SurveyManagerFactory(), audience=Survey.Audience.CITIZEN, title_kk="Қала тұрғындары")
    login(client, owner)
    url = reverse("surveys:home")
    page = client.get(url)
    assert page.status_code == 200
    rows = {s.pk: s for s in page.context["page"]}
    assert set(rows) == {mine.pk, other.pk}
    assert (rows[mine.pk].version_count, rows[mine.pk].response_count) == (1, 1)
    assert [s.pk for s in client.get(url, {"mine": "on"}).context["page"]] == [mine.pk]
    assert [s.pk for s in client.get(url, {"audience": "citizen"}).context["page"]] == [other.pk]
    assert [s.pk for s in client.get(url, {"q": "тұрғындары"}).context["page"]] == [other.pk]
    assert [s.pk for s in client.get(url, {"status": "open"}).context["page"]] == []
    assert "No surveys match the filters." in client.get(url, {"status": "open"}).content.decode()
    assert [s.pk for s in client.get(url, {"sort": "-responses"}).context["page"]][0] == mine.pk
    export = client.get(url, {"audience": "citizen", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2
    assert values[1][1] == "Қала тұрғындары"
    # the SAC reads the list; a user outside the function is refused
    login(client, sac)
    assert client.get(url).status_code == 200
    login(client, UserFactory())
    assert client.get(url).status_code == 403


def test_list_empty_state(client: Any, owner: Any) -> None:
    login(client, owner)
    assert "No survey yet." in client.get(reverse("surveys:home")).content.decode()


def test_list_queries_are_flat(client: Any, owner: Any, django_assert_max_num_queries: Any) -> None:
    survey = make_survey(owner)
    make_response(survey, {"overall": 4})
    login(client, owner)
    url = reverse("surveys:home")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(14):
        s = make_survey(SurveyManagerFactory())
        make_response(s, {"overall": 3})
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url)
    assert len(page.context["page"]) == 15


def test_create_from_template_and_blank(client: Any, owner: Any) -> None:
    login(client, owner)
    url = reverse("surveys:survey-create")
    assert client.get(url).status_code == 200
    response = client.post(url, {"template_key": "customer_project_office"})
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response.url == survey.get_absolute_url()
    assert survey.owner == owner
    assert current_version(survey).questions.count() == 6
    # blank: the Russian title is required, shown beside the field
    response = client.post(url, {"audience": "citizen", "subject": "city"})
    assert response.status_code == 200
    assert "A blank survey needs its title in Russian." in str(response.context["form"].errors["title_ru"])
    response = client.post(url, {"audience": "citizen", "subject": "district", "title_ru": "Опрос"})
    assert "This subject needs a district." in str(response.context["form"].errors["district"])
    response = client.post(
        url, {"audience": "citizen", "subject": "city", "title_ru": "Опрос", "title_kk": "Сауалнама"}
    )
    assert response.status_code == 302
    assert Survey.objects.filter(title_kk="Сауалнама", audience="citizen").exists()


def test_edit_texts_side_by_side_and_co_owners(client: Any, owner: Any, survey: Survey) -> None:
    co = SurveyManagerFactory()
    login(client, owner)
    url = reverse("surveys:survey-edit", args=[survey.pk])
    page = client.get(url).content.decode()
    assert 'lang="kk"' in page
    assert 'lang="en"' in page
    data = {
        "audience": "customer",
        "subject": "project_office",
        "title_ru": "Новый",
        "title_kk": "Жаңа",
        "title_en": "New",
        "intro_ru": "",
        "co_owners": [co.pk],
    }
    assert client.post(url, data).status_code == 302
    survey.refresh_from_db()
    assert survey.title_kk == "Жаңа"
    assert list(survey.co_owners.all()) == [co]
    # the co-owner now edits; another Project Office user reads only
    login(client, co)
    assert client.get(url).status_code == 200
    login(client, SurveyManagerFactory())
    assert client.get(url).status_code == 403
    assert client.get(survey.get_absolute_url()).status_code == 200


def test_detail_lists_versions_and_shows_a_chosen_version(client: Any, owner: Any, survey: Survey) -> None:
    make_response(survey, {"overall": 2})
    v1 = current_version(survey)
    svc.question_update(
        survey=survey,
        question=v1.questions.get(key="timeliness"),
        actor=owner,
        kind="scale5",
        text_ru="Изменённый вопрос",
        required=True,
    )
    login(client, owner)
    page = client.get(survey.get_absolute_url())
    rows = page.context["versions"]
    assert [(r.version.number, r.answers) for r in rows] == [(2, 0), (1, 1)]
    assert "Copy of version 1" in rows[0].note
    assert page.context["version"].number == 2
    assert page.context["edits_here"]
    old = client.get(survey.get_absolute_url(), {"version": 1})
    assert old.context["version"].number == 1
    assert not old.context["edits_here"]
    texts = [q.question.text_ru for s in old.context["outline"] for q in s.questions]
    assert "Изменённый вопрос" not in texts
    assert client.get(survey.get_absolute_url(), {"version": 9}).status_code == 404
    assert client.get(survey.get_absolute_url(), {"version": "x"}).status_code == 404
    # an old version's question is not edited through its URL
    old_q = v1.questions.get(key="overall")
    assert client.get(reverse("surveys:question-edit", args=[survey.pk, old_q.pk])).status_code == 404


def test_detail_in_the_readers_language(client: Any, owner: Any, survey: Survey) -> None:
    login(client, owner)
    client.cookies["django_language"] = "kk"
    with translation.override("kk"):
        page = client.get(survey.get_absolute_url()).content.decode()
    assert "Жобалық кеңсенің жұмысына қанағаттану" in page
    client.cookies["django_language"] = "en"
    assert "Satisfaction with the Project Office" in client.get(survey.get_absolute_url()).content.decode()


def test_question_with_choices_and_condition(client: Any, owner: Any, survey: Survey) -> None:
    login(client, owner)
    version = current_version(survey)
    section = version.sections.order_by("order").last()
    assert section is not None
    url = reverse("surveys:question-create", args=[survey.pk, section.pk])
    assert client.get(url).status_code == 200
    base = {
        "key": "channel",
        "kind": "single",
        "required": "on",
        "text_ru": "Как вы узнали?",
        "text_kk": "Қалай білдіңіз?",
        "text_en": "How did you learn?",
        "condition_question": version.questions.get(key="overall").pk,
        "condition_values": "1, 2",
    }
    response = client.post(url, {**base, **_choices([("web", "Сайт", "Сайт", "Website")])})
    assert response.status_code == 200
    assert "at least two choices" in response.content.decode()
    response = client.post(
        url, {**base, **_choices([("web", "Сайт", "Сайт", "Website"), ("tv", "ТД", "ТВ", "TV")])}
    )
    assert response.status_code == 302
    q = version.questions.get(key="channel")
    assert [(c.value, c.label_en) for c in q.choices.order_by("order")] == [("web", "Website"), ("tv", "TV")]
    assert q.condition_question.key == "overall"
    assert q.condition_values == ["1", "2"]
    # a bad condition value is shown beside its field
    edit = reverse("surveys:question-edit", args=[survey.pk, q.pk])
    response = client.post(
        edit, {**base, "condition_values": "7", **_choices([("web", "С", "С", "W"), ("tv", "Т", "Т", "T")])}
    )
    assert "Not an answer of question overall: 7" in str(response.context["form"].errors["condition_values"])
    # min above max next to the largest number
    response = client.post(
        url,
        {
            **base,
            "key": "n",
            "kind": "number",
            "condition_question": "",
            "condition_values": "",
            "min_value": "5",
            "max_value": "1",
            **_choices([]),
        },
    )
    assert "must not be below" in str(response.context["form"].errors["max_value"])


def test_delete_refused_while_others_depend(client: Any, owner: Any, survey: Survey) -> None:
    login(client, owner)
    overall = current_version(survey).questions.get(key="overall")
    url = reverse("surveys:question-delete", args=[survey.pk, overall.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 400
    assert "improve" in response.content.decode()
    assert Question.objects.filter(pk=overall.pk).exists()
    methodology = current_version(survey).questions.get(key="methodology")
    assert (
        client.post(reverse("surveys:question-delete", args=[survey.pk, methodology.pk])).status_code == 302
    )
    assert not Question.objects.filter(pk=methodology.pk).exists()


def test_sections_move_open_close_and_history(client: Any, owner: Any, survey: Survey) -> None:
    login(client, owner)
    response = client.post(
        reverse("surveys:section-create", args=[survey.pk]),
        {"title_ru": "Третий", "title_kk": "", "title_en": ""},
    )
    assert response.status_code == 302
    section = current_version(survey).sections.get(title_ru="Третий")
    # the missing texts are listed on the page and opening is refused
    page = client.get(survey.get_absolute_url())
    assert "Section 3 title: missing in Kazakh, English" in page.context["missing"]
    client.post(reverse("surveys:survey-open", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT
    client.post(reverse("surveys:section-delete", args=[survey.pk, section.pk]))
    timeliness = current_version(survey).questions.get(key="timeliness")
    client.post(reverse("surveys:question-move", args=[survey.pk, timeliness.pk]), {"direction": "up"})
    timeliness.refresh_from_db()
    assert timeliness.order == 1
    assert client.post(reverse("surveys:survey-open", args=[survey.pk])).status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    client.post(reverse("surveys:survey-close", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    history = client.get(reverse("surveys:survey-history", args=[survey.pk]))
    subjects = {row.subject for row in history.context["rows"]}
    assert "Survey" in subjects
    assert any("section “Третий”" in s for s in subjects)
    assert any("question timeliness" in s for s in subjects)
    assert any("choice passport" in s for s in subjects)
    assert all(row.row.who for row in history.context["rows"])


def test_others_are_refused_writes(client: Any, survey: Survey, sac: Any) -> None:
    login(client, sac)
    assert client.get(survey.get_absolute_url()).status_code == 200
    assert client.post(reverse("surveys:survey-open", args=[survey.pk])).status_code == 403
    assert client.get(reverse("surveys:survey-create")).status_code == 403
    login(client, SurveyManagerFactory())
    assert client.post(reverse("surveys:survey-open", args=[survey.pk])).status_code == 403
    assert client.get(reverse("surveys:survey-detail", args=[survey.pk + 999])).status_code == 404


def test_profile_question_choices_are_generated_not_edited(client: Any, owner: Any, survey: Survey) -> None:
    login(client, owner)
    section = current_version(survey).sections.order_by("order").first()
    assert section is not None
    url = reverse("surveys:question-create", args=[survey.pk, section.pk])
    data = {"key": "sex", "kind": "single", "profile": "sex", "required": "", "text_ru": "Ваш пол"}
    response = client.post(url, {**data, **_choices([("x", "X", "X", "X"), ("y", "Y", "Y", "Y")])})
    assert response.status_code == 302
    question = current_version(survey).questions.get(key="sex")
    assert sorted(question.choices.values_list("value", flat=True)) == ["female", "male"]
    assert not question.required
    page = client.get(reverse("surveys:question-edit", args=[survey.pk, question.pk])).content.decode()
    assert "cannot be edited" in page
