"""Menus offer only what their reader may open: every persona follows every menu link and gets 200.

A menu link is any link inside a `<nav>` element (the main navigation, each app's section menu, breadcrumbs).
Starting from the home page, every page reached through a menu link is read for its own menus in turn.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from tests.conftest import PERSONAS, login

_NAV = re.compile(r"<nav\b.*?</nav>", re.DOTALL)
_HREF = re.compile(r'href="([^"#]+)"')


def _menu_links(body: str) -> set[str]:
    return {
        html.unescape(href)
        for block in _NAV.findall(body)
        for href in _HREF.findall(block)
        if href.startswith("/")
    }


def _walk(client: Any) -> dict[str, int]:
    """Every page reachable from the home page through menu links, with its status."""
    seen: dict[str, int] = {}
    todo = ["/"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            todo.extend(sorted(_menu_links(response.content.decode()) - set(seen)))
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_every_menu_link_opens(persona: str, request: pytest.FixtureRequest, client: Any) -> None:
    for other in ("direction", "other_direction"):
        request.getfixturevalue(other)
    login(client, request.getfixturevalue(persona))
    seen = _walk(client)
    assert len(seen) > 5
    assert {url: status for url, status in seen.items() if status != 200} == {}
