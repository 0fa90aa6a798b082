"""A citizen on a 375 px phone in Kazakh writes to a published project with the keyboard only (Tab, Space,
typing, Enter), gets a reference number, and the tracking page shows the status. axe-core (vendored, injected
into a context that bypasses the page's CSP so the script may run) finds no serious or critical violation on the
form, on the form with errors, and on the tracking pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from surveys.models import Feedback
from tests.surveys.factories_feedback import published_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '));
}"""


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, locale="kk-KZ", bypass_csp=True, has_touch=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _axe(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(RUN_AXE))


def _focused(page: Any) -> str:
    return str(
        page.evaluate("document.activeElement && (document.activeElement.id || document.activeElement.name)")
    )


def _tab_to(page: Any, element_id: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused(page) == element_id:
            return
    raise AssertionError(f"#{element_id} is not reachable with Tab (stuck at {_focused(page)!r})")


def test_citizen_writes_with_the_keyboard_on_a_phone_in_kazakh(
    phone: Any, live_server: Any, screenshot: Any
) -> None:
    project = published_project()
    page = phone
    page.goto(f"{live_server.url}/kk/projects/{project.code}/feedback/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    assert page.locator("[data-testid=feedback-rules]").is_visible()
    assert _axe(page) == []
    screenshot(page, "form")

    # sending the empty form: errors next to the fields, still accessible, nothing stored
    _tab_to(page, "id_kind_0")
    _tab_to(page, "id_consent")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"  # the honeypot is skipped
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".invalid-feedback").count() >= 3
    assert Feedback.objects.count() == 0
    assert _axe(page) == []

    _tab_to(page, "id_kind_0")
    page.keyboard.press("ArrowRight")  # radio group: the arrow keys choose
    assert page.evaluate("document.activeElement.checked") is True
    _tab_to(page, "id_text")
    page.keyboard.type("Жұмыстар қашан аяқталады? Мектепке баратын жол жабық.")
    _tab_to(page, "id_email")
    page.keyboard.type("azamat@example.kz")
    _tab_to(page, "id_consent")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    feedback = Feedback.objects.get()
    assert feedback.language == "kk"
    assert feedback.kind == "suggestion"
    assert feedback.email == "azamat@example.kz"
    assert f"/kk/feedback/{feedback.reference}/" in page.url
    assert page.locator("[data-testid=feedback-reference]").inner_text() == feedback.reference
    assert page.locator("[data-testid=feedback-status]").is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    assert _axe(page) == []
    screenshot(page, "sent")

    # later: the tracking page, found by the reference number typed with the keyboard
    page.goto(f"{live_server.url}/kk/feedback/")
    assert _axe(page) == []
    _tab_to(page, "id_reference")
    page.keyboard.type(feedback.reference)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/kk/feedback/{feedback.reference}/")
    assert page.locator("[data-testid=feedback-status]").inner_text().strip()
    assert _axe(page) == []
    screenshot(page, "tracking")
