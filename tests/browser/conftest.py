"""Browser-test fixtures: Debian's Chromium driven by Playwright (sync API) against Django's live server.

Chromium comes from the system (`/usr/bin/chromium`, or $PMIS_BROWSER); Playwright's own browser
download is not used. Without a browser the tests skip, except under CI=true, where they fail.
Screenshots land in artifacts/screenshots/<test>-<step>.png (git-ignored).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


def chromium_path() -> str | None:
    """The Chromium executable to drive, or None when the machine has none."""
    candidate = os.environ.get("PMIS_BROWSER") or "/usr/bin/chromium"
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which(candidate)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options, pointed at the system Chromium."""
    executable = chromium_path()
    if executable is None:
        message = "Chromium not found (set PMIS_BROWSER or install the Debian package `chromium`)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A laptop-sized window; Russian first, as the city's users have it."""
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}, "locale": "ru-RU"}


@pytest.fixture
def browser_page(page: Any) -> Any:
    """pytest-playwright's page with short timeouts, so a broken page fails fast instead of hanging."""
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return page


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Any, str], Path]:
    """`screenshot(page, "home")` saves artifacts/screenshots/<test>-home.png and returns its path."""
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")

    def _take(page: Any, step: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{test_name}-{step}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return _take


def sign_in(page: Any, live_server: Any, username: str, password: str) -> None:
    """Fill and submit the real sign-in form (fields found by input name: labels are translated)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form button[type=submit]")
