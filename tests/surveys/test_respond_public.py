"""The public link: a citizen answers with no account; one answer per device, a rate limit per address, a
honeypot; bad input refused with messages beside the questions, nothing half-saved, never a 500."""

from __future__ import annotations

import random
import string
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from surveys import abuse
from surveys.models import Answer, DeviceMark, RateBucket, Response, TextReview
from tests.surveys.factories_respond import make_citizen_survey

pytestmark = pytest.mark.django_db

URL = reverse("surveys:public-answer", args=["respond-city"])
GOOD = {"q_satisfied": "4", "q_recommend": "9", "q_topics": ["roads", "parks"], "q_district": "almaly"}


@pytest.fixture
def survey() -> Any:
    return make_citizen_survey()


def _counts() -> tuple[int, int, int]:
    return Response.objects.count(), Answer.objects.count(), TextReview.objects.count()


def test_the_form_shows_every_question_in_the_chosen_language_with_fieldsets_and_sets_a_device_cookie(
    client: Client, survey: Any
) -> None:
    response = client.get(URL + "?lang=kk")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="kk"' in html
    assert "Әкімдіктің жұмысына қаншалықты көңіліңіз толады?" in html
    assert (
        html.count("<fieldset") == 6
    )  # scales, multiple and single choices; the number and text use a label
    assert "<legend" in html
    assert 'for="id_q_visits"' in html
    assert 'for="id_q_why"' in html
    assert 'data-condition-field="q_satisfied"' in html
    assert 'name="website"' in html  # the honeypot
    cookie = response.cookies[abuse.DEVICE_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert "Насколько вы удовлетворены работой акимата?<span" in client.get(URL + "?lang=ru").content.decode()


def test_an_answer_is_stored_then_the_same_device_is_refused(client: Client, survey: Any) -> None:
    client.get(URL)
    response = client.post(URL + "?lang=kk", GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:answer-done") + "?lang=kk"
    assert Response.objects.count() == 1
    stored = Response.objects.get()
    assert stored.language == "kk"
    assert stored.channel == "public"
    assert DeviceMark.objects.count() == 1
    assert client.get(response["Location"]).status_code == 200
    again = client.post(URL + "?lang=en", GOOD)
    assert again.status_code == 409
    assert b"already been sent from this device" in again.content
    assert Response.objects.count() == 1
    assert client.get(URL + "?lang=en").status_code == 409
    # the device mark is not linked to the answer; a new device may answer
    fresh = Client()
    assert fresh.post(URL, GOOD).status_code == 302
    assert Response.objects.count() == 2


def test_a_post_without_a_cookie_still_counts_the_device(client: Client, survey: Any) -> None:
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    value = response.cookies[abuse.DEVICE_COOKIE].value
    client.cookies[abuse.DEVICE_COOKIE] = value
    assert client.post(URL, GOOD).status_code == 409


def test_honeypot_thanks_and_stores_nothing(client: Client, survey: Any) -> None:
    response = client.post(URL, {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert "thanks" in response["Location"]
    assert _counts() == (0, 0, 0)
    assert DeviceMark.objects.count() == 0


def test_rate_limit_per_address(client: Client, survey: Any, settings: Any) -> None:
    settings.SURVEYS_PUBLIC_RATE_LIMIT = 3
    for _ in range(3):
        assert Client().post(URL, {"q_satisfied": "9"}, REMOTE_ADDR="192.0.2.7").status_code == 200
    over = Client(HTTP_ACCEPT_LANGUAGE="en").post(URL, GOOD, REMOTE_ADDR="192.0.2.7")
    assert over.status_code == 429
    assert b"Too many answers" in over.content
    assert Response.objects.count() == 0
    assert Client().post(URL, GOOD, REMOTE_ADDR="192.0.2.8").status_code == 302
    bucket_hashes = set(RateBucket.objects.values_list("ip_hash", flat=True))
    assert len(bucket_hashes) == 2
    assert not any("192.0.2" in h for h in bucket_hashes)
    assert abuse.forget_survey(survey) == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"q_satisfied": "7"}, "q_satisfied", "Choose a value from 1 to 5."),
        ({"q_satisfied": "-1"}, "q_satisfied", "Choose a value from 1 to 5."),
        ({}, "q_satisfied", "This question needs an answer."),
        ({"q_satisfied": "2"}, "q_why", "This question needs an answer."),
        ({"q_satisfied": "1", "q_why": "x" * 2001}, "q_why", "Keep the answer within 2000 characters."),
        (
            {"q_satisfied": "5", "q_topics": ["roads", "mars"]},
            "q_topics",
            "Choose one of the answers offered.",
        ),
        ({"q_satisfied": "5", "q_district": "mars"}, "q_district", "Choose one of the answers offered."),
        ({"q_satisfied": "5", "q_visits": "1e9"}, "q_visits", "100"),
        ({"q_satisfied": "5", "q_recommend": "11"}, "q_recommend", "Choose a value from 0 to 10."),
    ],
)
def test_bad_input_is_refused_beside_the_question_and_nothing_is_saved(
    client: Client, survey: Any, data: dict[str, Any], field: str, message: str
) -> None:
    response = client.post(URL + "?lang=en", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}-error"' in html
    assert f"id_{field}-error" in html.split(f'id="row-{field}"')[1].split("</fieldset>")[0] or (
        f'aria-describedby="id_{field}-error"' in html or f'aria-describedby=" id_{field}-error"' in html
    )
    assert _counts() == (0, 0, 0)
    assert DeviceMark.objects.count() == 0


def test_tampered_question_ids_are_refused(client: Client, survey: Any) -> None:
    response = client.post(URL, {**GOOD, "q_other_version_question": "5"})
    assert response.status_code == 200
    assert b"do not match this survey" in response.content
    assert _counts() == (0, 0, 0)


def test_a_question_hidden_by_its_condition_is_not_required(client: Client, survey: Any) -> None:
    response = client.post(URL, {"q_satisfied": "5", "q_why": "<b>dropped</b>"})
    assert response.status_code == 302
    assert list(Answer.objects.values_list("question_key", flat=True)) == ["satisfied"]


def test_a_script_in_free_text_is_stored_neutralised_and_shown_escaped(client: Client, survey: Any) -> None:
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>Bad roads'
    response = client.post(URL, {"q_satisfied": "1", "q_why": payload})
    assert response.status_code == 302
    text = Answer.objects.get(question_key="why").text
    assert "<" not in text
    assert text.endswith("Bad roads")
    # refused for another reason, the typed text comes back escaped, never as markup
    again = Client().post(URL, {"q_satisfied": "1", "q_why": payload, "q_visits": "oops"})
    html = again.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_closed_or_unknown_link_is_404(client: Client, survey: Any) -> None:
    assert client.get(reverse("surveys:public-answer", args=["nope"])).status_code == 404
    survey.status = "closed"
    survey.save(update_fields=["status"])
    assert client.get(URL).status_code == 404
    assert client.post(URL, GOOD).status_code == 404


def test_a_csrf_failure_shows_a_friendly_reload_page(survey: Any) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.get(URL)
    response = strict.post(URL + "?lang=en", GOOD)
    assert response.status_code == 403
    assert b"Please reload the page" in response.content
    assert Response.objects.count() == 0
    page = strict.get(URL + "?lang=en")
    token = page.cookies.get("csrftoken") or strict.cookies["csrftoken"]
    ok = strict.post(URL + "?lang=en", {**GOOD, "csrfmiddlewaretoken": token.value})
    assert ok.status_code == 302


def test_random_post_bodies_never_give_a_500(survey: Any) -> None:
    rng = random.Random(12)
    keys = [
        "q_satisfied",
        "q_why",
        "q_recommend",
        "q_topics",
        "q_visits",
        "q_district",
        "q_sex",
        "website",
        "x",
    ]
    junk = [
        "",
        "0",
        "5",
        "11",
        "-3",
        "1e400",
        "NaN",
        "roads",
        "\x00",
        "💥" * 50,
        "<svg onload=1>",
        "' OR 1=1",
    ]
    for _ in range(40):
        data = {k: rng.choice(junk) for k in rng.sample(keys, rng.randint(0, len(keys)))}
        if rng.random() < 0.3:
            data["".join(rng.choices(string.printable, k=8))] = rng.choice(junk)
        response = Client().post(URL + rng.choice(["", "?lang=kk", "?lang=zz", "?lang=%00"]), data)
        assert response.status_code in (200, 302, 409, 429), (data, response.status_code)
    for answer in Answer.objects.filter(question_key="why"):
        assert "<" not in answer.text
        assert "\x00" not in answer.text


def test_the_form_page_queries_stay_flat(client: Client, django_assert_max_num_queries: Any) -> None:
    make_citizen_survey()
    client.get(URL)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200
