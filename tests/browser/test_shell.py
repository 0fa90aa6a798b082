"""The portal shell in a real browser: every persona signs in through the form, sees the home page,
switches the language to Kazakh and back to English, and can reach "Skip to main content" first by keyboard.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import translation
from django_otp.oath import totp

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# persona fixture (tests/conftest.py); the administrator must enrol a second factor on first sign-in, from a link
# e-mailed to the address on file
PERSONAS = [
    "officer",
    "manager",
    "coordinator",
    "direction_head",
    "pmo",
    "sac",
    "committee",
    "expert",
    "expertise_head",
    "auditor",
    "admin",
]


def _translated(msgid: str, language: str) -> str:
    with translation.override(language):
        return str(translation.gettext(msgid))


def _enrol_totp(page: Any, live_server: Any) -> None:
    """The set-up page first sends a one-time link by e-mail (the password alone enrols nothing); open it as the
    administrator would, then read the key shown and compute the current code as an app would."""
    assert "/accounts/2fa/setup/" in page.url
    assert page.get_by_test_id("otp-secret").count() == 0
    with page.expect_navigation():
        page.get_by_test_id("otp-send-link").click()
    [message] = mail.outbox
    match = re.search(r"https?://[^/\s]+(/accounts/2fa/enrol/\S+/)", message.body)
    assert match, message.body
    page.goto(f"{live_server.url}{match.group(1)}")
    assert "/accounts/2fa/setup/" in page.url
    secret = page.get_by_test_id("otp-secret").inner_text().strip()
    key = secret.replace(" ", "")
    code = str(totp(base64.b32decode(key + "=" * (-len(key) % 8)))).zfill(6)
    page.fill("input[name=token]", code)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _switch_language(page: Any, language: str) -> None:
    with page.expect_navigation():
        page.select_option("#language-select", language)
    page.wait_for_selector(f"html[lang={language}]")


def _shell_texts(page: Any) -> tuple[str, str]:
    """The "Home" navigation link and the (dropdown) "Sign out" button, as rendered."""
    home = page.locator("#main-nav a.nav-link[href='/']").first.inner_text().strip()
    sign_out = page.locator("form[action='/accounts/logout/'] button").text_content().strip()
    return home, sign_out


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_signs_in_and_switches_language(
    persona: str, request: pytest.FixtureRequest, live_server: Any, browser_page: Any, screenshot: Any
) -> None:
    user = request.getfixturevalue(persona)
    page = browser_page

    sign_in(page, live_server, user.username, PASSWORD)
    if persona == "admin":
        screenshot(page, "2fa-setup")
        _enrol_totp(page, live_server)

    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("main h1").is_visible()
    assert page.locator("[data-panel]").count() >= 1
    screenshot(page, "home-ru")

    # keyboard users: the first Tab from the top of the page reaches the skip link, which is then visible
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator("a[href='#main']").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    _switch_language(page, "kk")
    home_kk, sign_out_kk = _shell_texts(page)
    assert (home_kk, sign_out_kk) == (_translated("Home", "kk"), _translated("Sign out", "kk"))
    screenshot(page, "home-kk")

    _switch_language(page, "en")
    assert _shell_texts(page) == ("Home", "Sign out")
    assert home_kk != "Home"
    assert sign_out_kk != "Sign out"
    screenshot(page, "home-en")


def test_citizens_land_on_the_public_home_page(live_server: Any, browser_page: Any, screenshot: Any) -> None:
    """Anonymous visitors are sent to the public home page in their browser's language (ru here), the skip link
    comes first, and staff find the sign-in link in the footer."""
    page = browser_page
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/ru/"
    assert page.locator("html").get_attribute("lang") == "ru"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert page.locator("footer a[href='/accounts/login/']").is_visible()
    screenshot(page, "landing")


def test_wrong_password_shows_an_error_next_to_the_form(
    officer: Any, live_server: Any, browser_page: Any, screenshot: Any
) -> None:
    page = browser_page
    sign_in(page, live_server, officer.username, "not-the-password")
    assert "/accounts/login/" in page.url
    assert page.locator("main .invalid-feedback, main .alert-danger, main .text-danger").count() >= 1
    screenshot(page, "error")


def test_phone_width_collapses_the_navigation(
    officer: Any, live_server: Any, browser_page: Any, screenshot: Any
) -> None:
    """On a phone the menu folds behind the toggler and opens with it; nothing overflows sideways."""
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, officer.username, PASSWORD)
    assert not page.locator("#main-nav").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone")
    page.click("button.navbar-toggler")
    page.wait_for_selector("#main-nav.show")
    assert page.locator("#language-select").is_visible()
    screenshot(page, "phone-menu")
