"""Free-text answers: only the owners read them; moderation states, reasons and history; bulk actions; themes
and their delete rule; the queue's filters and its flat query count."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys.models import Survey, TextReview, Theme
from surveys.services import texts as services
from tests.conftest import login
from tests.surveys.factories import SurveyManagerFactory, make_response, make_survey
from tests.surveys.factories_texts import citizen_survey, text_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner() -> Any:
    return SurveyManagerFactory()


@pytest.fixture
def survey(owner: Any) -> Survey:
    return citizen_survey(owner)


# --- who reads free text ---------------------------------------------------------------------------------


def test_only_owners_read_the_free_text(client: Any, survey: Survey, owner: Any, sac: Any) -> None:
    text_answer(survey, "Please open on Saturdays")
    url = reverse("surveys:texts", args=[survey.pk])
    login(client, owner)
    response = client.get(url)
    assert response.status_code == 200
    assert "Please open on Saturdays" in response.content.decode()
    other_pmo = SurveyManagerFactory()
    login(client, other_pmo)
    assert client.get(url).status_code == 403
    login(client, sac)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_a_co_owner_reads_and_moderates(client: Any, survey: Survey) -> None:
    co_owner = SurveyManagerFactory()
    survey.co_owners.add(co_owner)
    review = text_answer(survey, "More parking")
    login(client, co_owner)
    assert client.get(reverse("surveys:texts", args=[survey.pk])).status_code == 200
    response = client.post(
        reverse("surveys:text-review", args=[survey.pk, review.answer_id]), {"action": "publish"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == TextReview.Status.PUBLISHED
    assert review.reviewed_by == co_owner


def test_answer_of_another_survey_is_404(client: Any, survey: Survey, owner: Any) -> None:
    other = citizen_survey(owner)
    review = text_answer(other, "elsewhere")
    login(client, owner)
    url = reverse("surveys:text-review", args=[survey.pk, review.answer_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "publish"}).status_code == 404


# --- moderation states and history ----------------------------------------------------------------------


def test_citizen_text_arrives_pending_customer_text_published(owner: Any) -> None:
    citizen = text_answer(citizen_survey(owner), "citizen")
    customer = text_answer(make_survey(owner), "customer")
    assert citizen.status == TextReview.Status.PENDING
    assert customer.status == TextReview.Status.PUBLISHED


def test_create_reviews_is_idempotent_and_skips_empty_text(owner: Any) -> None:
    survey = citizen_survey(owner)
    response = make_response(survey, {"overall": 3, "improve": ""})
    assert services.create_reviews(response) == 0
    review = text_answer(survey, "x")
    assert services.create_reviews(review.answer.response) == 0
    assert TextReview.objects.filter(answer__response__survey=survey).count() == 1


def test_ensure_reviews_backfills_missing_records(owner: Any) -> None:
    survey = citizen_survey(owner)
    make_response(survey, {"overall": 3, "improve": "stored without a review"})
    assert services.ensure_reviews(survey) == 1
    assert services.ensure_reviews(survey) == 0
    review = TextReview.objects.get(answer__response__survey=survey)
    assert review.status == TextReview.Status.PENDING
    assert review.history.count() == 1


def test_publish_then_hide_with_a_reason_is_in_the_history(client: Any, survey: Survey, owner: Any) -> None:
    review = text_answer(survey, "call me on +7 701 123 45 67")
    url = reverse("surveys:text-review", args=[survey.pk, review.answer_id])
    login(client, owner)
    assert client.post(url, {"action": "publish"}).status_code == 302
    assert client.post(url, {"action": "hide", "reason": "phone number"}).status_code == 302
    review.refresh_from_db()
    assert review.status == TextReview.Status.HIDDEN
    records = list(review.history.order_by("history_id"))
    assert [r.status for r in records] == ["pending", "published", "hidden"]
    assert records[-1].history_user == owner
    assert records[-1].history_change_reason == "phone number"
    page = client.get(url).content.decode()
    assert "phone number" in page  # the reason shows in the history
    assert "may contain personal data" in page


def test_reason_too_long_is_refused_beside_the_field(client: Any, survey: Survey, owner: Any) -> None:
    review = text_answer(survey, "x")
    login(client, owner)
    response = client.post(
        reverse("surveys:text-review", args=[survey.pk, review.answer_id]),
        {"action": "hide", "reason": "r" * 101},
    )
    assert response.status_code == 400
    review.refresh_from_db()
    assert review.status == TextReview.Status.PENDING


def test_bad_action_is_refused(client: Any, survey: Survey, owner: Any) -> None:
    review = text_answer(survey, "x")
    login(client, owner)
    response = client.post(
        reverse("surveys:text-review", args=[survey.pk, review.answer_id]), {"action": "delete"}
    )
    assert response.status_code == 400
    with pytest.raises(ValidationError):
        services.review_update(review=review, actor=owner, action="delete")


def test_tagging_with_themes_writes_history(client: Any, survey: Survey, owner: Any) -> None:
    review = text_answer(survey, "bus stops")
    transport = services.theme_create(survey=survey, actor=owner, name="Transport")
    roads = services.theme_create(survey=survey, actor=owner, name="Roads")
    login(client, owner)
    url = reverse("surveys:text-review", args=[survey.pk, review.answer_id])
    assert client.post(url, {"themes": [transport.pk, roads.pk]}).status_code == 302
    assert set(review.themes.values_list("name", flat=True)) == {"Transport", "Roads"}
    tagged = review.history.order_by("-history_id").first()
    assert tagged is not None
    assert tagged.history_user == owner
    assert review.history.count() == 2  # created, then tagged
    review.refresh_from_db()
    assert review.status == TextReview.Status.PENDING  # only the themes changed


def test_a_theme_of_another_survey_cannot_be_used(survey: Survey, owner: Any) -> None:
    review = text_answer(survey, "x")
    foreign = services.theme_create(survey=citizen_survey(owner), actor=owner, name="Foreign")
    with pytest.raises(ValidationError):
        services.review_update(review=review, actor=owner, themes=[foreign])
    assert review.themes.count() == 0


# --- bulk ---------------------------------------------------------------------------------------------------


def test_bulk_publish_the_selected(client: Any, survey: Survey, owner: Any) -> None:
    a, b, c = (text_answer(survey, f"text {i}") for i in range(3))
    login(client, owner)
    url = reverse("surveys:texts-bulk", args=[survey.pk])
    response = client.post(url, {"action": "publish", "selected": [a.pk, b.pk]})
    assert response.status_code == 302
    statuses = dict(TextReview.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "published", b.pk: "published", c.pk: "pending"}
    assert TextReview.history.filter(history_user=owner).count() == 2


def test_bulk_with_a_foreign_answer_changes_nothing(client: Any, survey: Survey, owner: Any) -> None:
    mine = text_answer(survey, "mine")
    foreign = text_answer(citizen_survey(SurveyManagerFactory()), "not mine")
    login(client, owner)
    client.post(
        reverse("surveys:texts-bulk", args=[survey.pk]), {"action": "hide", "selected": [mine.pk, foreign.pk]}
    )
    assert set(TextReview.objects.values_list("status", flat=True)) == {"pending"}


@pytest.mark.parametrize(
    "data", [{"action": "hide"}, {"action": "burn", "selected": ["1"]}, {"action": "hide", "selected": ["x"]}]
)
def test_bulk_bad_input_is_refused_without_a_500(client: Any, survey: Survey, owner: Any, data: Any) -> None:
    text_answer(survey, "x")
    login(client, owner)
    response = client.post(reverse("surveys:texts-bulk", args=[survey.pk]), data)
    assert response.status_code == 302
    assert set(TextReview.objects.values_list("status", flat=True)) == {"pending"}


def test_bulk_keeps_the_queue_filters_on_return(client: Any, survey: Survey, owner: Any) -> None:
    review = text_answer(survey, "x")
    login(client, owner)
    back = reverse("surveys:texts", args=[survey.pk]) + "?status=pending"
    response = client.post(
        reverse("surveys:texts-bulk", args=[survey.pk]),
        {"action": "publish", "selected": [review.pk], "next": back},
    )
    assert response["Location"] == back
    response = client.post(
        reverse("surveys:texts-bulk", args=[survey.pk]),
        {"action": "publish", "selected": [review.pk], "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("surveys:texts", args=[survey.pk])


# --- themes ---------------------------------------------------------------------------------------------


def test_themes_add_rename_and_refuse_duplicates(client: Any, survey: Survey, owner: Any) -> None:
    login(client, owner)
    url = reverse("surveys:themes", args=[survey.pk])
    assert client.post(url, {"name": "  Parks  "}).status_code == 302
    theme = Theme.objects.get(survey=survey)
    assert theme.name == "Parks"
    response = client.post(url, {"name": "parks"})
    assert response.status_code == 400
    assert "already has a theme" in response.content.decode()
    assert client.post(url, {"name": ""}).status_code == 400
    edit = reverse("surveys:theme-edit", args=[survey.pk, theme.pk])
    assert client.post(edit, {"name": "Parks and squares"}).status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Parks and squares"
    assert theme.history.count() == 2
    assert theme.history.first().history_user == owner


def test_theme_delete_is_refused_while_answers_carry_it(client: Any, survey: Survey, owner: Any) -> None:
    review = text_answer(survey, "x")
    theme = services.theme_create(survey=survey, actor=owner, name="Safety")
    services.review_update(review=review, actor=owner, themes=[theme])
    login(client, owner)
    url = reverse("surveys:theme-delete", args=[survey.pk, theme.pk])
    response = client.post(url, follow=True)
    assert "untag them first" in response.content.decode()
    assert Theme.objects.filter(pk=theme.pk).exists()
    response = client.post(url, {"untag": "on"})
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert review.themes.count() == 0
    assert Theme.history.filter(history_type="-", history_user=owner).count() == 1


def test_unused_theme_deletes_at_once(survey: Survey, owner: Any) -> None:
    theme = services.theme_create(survey=survey, actor=owner, name="Unused")
    assert services.theme_delete(theme=theme, actor=owner) == 0
    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_theme_of_another_survey_is_404(client: Any, survey: Survey, owner: Any) -> None:
    other = services.theme_create(survey=citizen_survey(owner), actor=owner, name="Other")
    login(client, owner)
    assert client.get(reverse("surveys:theme-edit", args=[survey.pk, other.pk])).status_code == 404
    assert client.post(reverse("surveys:theme-delete", args=[survey.pk, other.pk])).status_code == 404


# --- the queue --------------------------------------------------------------------------------------------


def test_queue_filters_search_and_sort(client: Any, survey: Survey, owner: Any) -> None:
    old = text_answer(survey, "Old remark about lighting", period_start=datetime.date(2026, 4, 1))
    new = text_answer(survey, "New remark about buses", period_start=datetime.date(2026, 10, 1))
    theme = services.theme_create(survey=survey, actor=owner, name="Transport")
    services.review_update(review=new, actor=owner, action="publish", themes=[theme])
    login(client, owner)
    url = reverse("surveys:texts", args=[survey.pk])

    def shown(query: dict[str, Any]) -> str:
        response = client.get(url, query)
        assert response.status_code == 200
        return response.content.decode()

    assert "lighting" in shown({"status": "pending"})
    assert "buses" not in shown({"status": "pending"})
    assert "buses" in shown({"theme": theme.pk})
    assert "lighting" not in shown({"theme": theme.pk})
    assert "lighting" in shown({"q": "LIGHT"})
    assert "buses" not in shown({"q": "LIGHT"})
    assert "lighting" not in shown({"period_from": "2026-07-01"})
    assert "lighting" in shown({"period_to": "2026-06-30"})
    assert "buses" not in shown({"period_to": "2026-06-30"})
    assert "buses" in shown({"question": "improve"})
    page = shown({"sort": "oldest"})
    assert page.index("lighting") < page.index("buses")
    page = shown({"sort": "newest"})
    assert page.index("buses") < page.index("lighting")
    assert old.pk != new.pk
    # bad filters never fail the page
    assert "lighting" in shown({"period_from": "not a date", "theme": "abc", "sort": "nonsense"})
    assert "No free-text answers match" in shown({"q": "nothing like this"})


def test_queue_flags_personal_data(client: Any, survey: Survey, owner: Any) -> None:
    text_answer(survey, "my email is a@b.kz")
    text_answer(survey, "nothing personal")
    login(client, owner)
    page = client.get(reverse("surveys:texts", args=[survey.pk])).content.decode()
    assert page.count('data-testid="personal-flag"') == 1
    assert "a@b.kz" in page  # the owners' moderation view keeps the text as typed


def test_queue_htmx_swap_returns_the_table_only(client: Any, survey: Survey, owner: Any) -> None:
    text_answer(survey, "x")
    login(client, owner)
    response = client.get(
        reverse("surveys:texts", args=[survey.pk]), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="text-table"
    )
    body = response.content.decode()
    assert 'id="text-table"' in body
    assert "<html" not in body


def test_queue_query_count_is_flat(
    client: Any, survey: Survey, owner: Any, django_assert_max_num_queries: Any
) -> None:
    theme = services.theme_create(survey=survey, actor=owner, name="T")
    first = text_answer(survey, "one")
    services.review_update(review=first, actor=owner, action="publish", themes=[theme])
    login(client, owner)
    url = reverse("surveys:texts", args=[survey.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(20):
        review = text_answer(survey, f"more {i} a@b.kz", period_start=datetime.date(2026, 1 + i % 12, 1))
        services.review_update(review=review, actor=owner, themes=[theme])
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('name="selected"') == 21


# --- home panel -------------------------------------------------------------------------------------------


def test_home_panel_counts_waiting_answers_of_owned_surveys(survey: Survey, owner: Any, sac: Any) -> None:
    from surveys.portal_texts import texts_waiting_panel

    assert texts_waiting_panel(owner) is None
    text_answer(survey, "one")
    published = text_answer(survey, "two")
    services.review_update(review=published, actor=owner, action="publish")
    panel = texts_waiting_panel(owner)
    assert panel is not None
    assert panel.count == 1
    assert panel.items[0].url.endswith(f"/{survey.pk}/texts/?status=pending")
    assert texts_waiting_panel(SurveyManagerFactory()) is None
    assert texts_waiting_panel(sac) is None
