"""What a page shows is what its reader may see: for every HTML page of the authorization matrix
(tests/authz/matrix_*.py) and every persona let in, no confidential project the persona may not see is named
(code or title), and every link to a portfolio object opens (no link to a meeting or item that answers 404).

The world's confidential projects are those the matrix modules create (tests/authz/matrix_secret.py has one
with indicators, risks, submissions, an agenda item and an assignment). Known leaks being fixed on other
branches are marked xfail(strict=True) with the branch: remove the mark when it is merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from projects.models import Project
from projects.permissions import projects_visible_to
from tests.authz import Entry, matrix_entries
from tests.conftest import PERSONAS, login

# Pages that still show confidential projects to readers who may not see them, fixed on another branch
# (keys are the test ids below). Remove an entry when its branch is merged: strict, so a fixed leak fails here.
KNOWN_LEAKS: dict[str, str] = {}  # page name → why it still leaks (strict xfail); empty: none known

_PORTFOLIO_OBJECT = re.compile(r'href="(/portfolio/(?:meetings|items|submissions|assignments|packs)/\d+/)"')


def _pages() -> list[Entry]:
    """GET entries of the matrix, each page once (the same name, arguments and query only once)."""
    seen: set[tuple[str, str, str]] = set()
    pages = []
    for entry in matrix_entries():
        key = (entry.name, entry.query, entry.note)
        if entry.method == "GET" and key not in seen:
            seen.add(key)
            pages.append(entry)
    return pages


def _id(entry: Entry) -> str:
    return (
        entry.name + (f"?{entry.query}" if entry.query else "") + (f" [{entry.note}]" if entry.note else "")
    )


def _param(entry: Entry) -> Any:
    marks = []
    if _id(entry) in KNOWN_LEAKS:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[_id(entry)]))
    return pytest.param(entry, id=_id(entry), marks=marks)


@pytest.fixture
def world(shared_world: SimpleNamespace, db: None) -> SimpleNamespace:
    """The module's world (tests/conftest.py: built once, each test's writes rolled back)."""
    return shared_world


@pytest.fixture(autouse=True)
def _media_root(settings: Any, shared_world: SimpleNamespace) -> None:
    """The world's files stay where it stored them (instead of a fresh folder per test)."""
    settings.MEDIA_ROOT = shared_world.media_root


def _html_pages(entry: Entry, world: SimpleNamespace, client: Any) -> Iterator[tuple[str, str]]:
    """(persona, HTML) of the page for every signed-in persona the matrix lets in; while the caller handles
    one, the client stays signed in as that persona."""
    url = reverse(entry.name, args=entry.args(world)) + (f"?{entry.query}" if entry.query else "")
    for persona in PERSONAS:
        if persona == "anonymous" or entry.status_for(persona) != 200:
            continue
        client.logout()
        login(client, world.users[persona])
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            yield persona, response.content.decode()


def _markers(user: Any) -> list[str]:
    """Codes and titles of the confidential projects `user` may not see."""
    hidden = Project.objects.filter(is_confidential=True).exclude(
        pk__in=projects_visible_to(user).values("pk")
    )
    return [text for code, title in hidden.values_list("code", "title_ru") for text in (code, title)]


@pytest.mark.django_db
@pytest.mark.parametrize("entry", [_param(e) for e in _pages()])
def test_page_never_names_a_confidential_project_the_reader_may_not_see(
    entry: Entry, world: SimpleNamespace, client: Any
) -> None:
    markers = {persona: _markers(world.users[persona]) for persona in PERSONAS if persona != "anonymous"}
    assert all(markers[p] for p in ("outsider_officer", "sac", "expert", "auditor"))
    leaks = [
        f"{persona}: {text}: …{body[max(0, found.start() - 300) : found.end() + 80]}…"
        for persona, body in _html_pages(entry, world, client)
        for text in markers[persona]
        if (found := re.search(re.escape(text) + r"(?!\d)", body))
    ]
    assert leaks == []


def test_known_leaks_name_pages_of_the_matrix() -> None:
    assert set(KNOWN_LEAKS) <= {_id(entry) for entry in _pages()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "entry", [e for e in _pages() if e.name.startswith("portfolio:")], ids=lambda e: e.name
)
def test_portfolio_links_open_for_their_reader(entry: Entry, world: SimpleNamespace, client: Any) -> None:
    """A page links to a meeting, agenda item, submission, assignment or pack only when the reader may open it."""
    broken = []
    for persona, body in _html_pages(entry, world, client):
        for link in sorted(set(_PORTFOLIO_OBJECT.findall(body))):
            status = client.get(link).status_code
            if status != 200:
                broken.append(f"{persona}: {link} → {status}")
    assert broken == []
