"""A citizen answers an open citizen survey on a phone (375 px wide) in Kazakh, in a real browser: no
horizontal scroll, every input labelled, the conditional question appears after a low score, the thank-you
page shows and the answer is stored."""

from __future__ import annotations

from typing import Any

import pytest

from surveys.models import Answer, Response
from tests.surveys.factories_respond import make_citizen_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNLABELLED = """() => Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select'))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map(el => el.name)"""

WIDE = """() => Array.from(document.querySelectorAll('body *'))
  .filter(el => el.getBoundingClientRect().right > 375)
  .map(el => el.tagName + '.' + el.className + '#' + el.id + ' ' + Math.round(el.getBoundingClientRect().right))
  .slice(0, 12)"""


def test_citizen_answers_on_a_phone_in_kazakh(browser_page: Any, live_server: Any, screenshot: Any) -> None:
    make_citizen_survey(slug="phone-city")
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/surveys/s/phone-city/?lang=kk")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("legend", has_text="Әкімдіктің жұмысына қаншалықты көңіліңіз толады?").count() == 1
    wide = page.evaluate(WIDE)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375, wide
    assert page.evaluate(UNLABELLED) == []
    why = page.locator("#row-q_why")
    assert why.is_hidden()  # the conditional question waits for a low score
    page.click("label[for=id_q_satisfied_1]")  # the second option: 2
    assert why.is_visible()
    page.fill("#id_q_why", "Жолдар нашар")
    page.click("label[for=id_q_recommend_3]")
    page.check("#id_q_topics_0")
    page.check("#id_q_district_1")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    screenshot(page, "form")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/surveys/thanks/" in page.url
    assert page.locator("[data-testid=answer-done]").is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    screenshot(page, "thanks")
    response = Response.objects.get()
    assert response.language == "kk"
    assert response.channel == "public"
    assert Answer.objects.get(response=response, question_key="satisfied").value_int == 2
    assert Answer.objects.get(response=response, question_key="why").text == "Жолдар нашар"
    # the same phone cannot answer twice
    page.goto(f"{live_server.url}/surveys/s/phone-city/?lang=kk")
    assert page.locator("[data-testid=respond-message]").is_visible()
