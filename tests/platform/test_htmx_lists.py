"""Lists that htmx filters, sorts and pages in place (and pushes to the address bar) answer a history restore
(HX-History-Restore-Request: htmx's cache missed on Back) with the whole page, an htmx swap with the fragment its
target names, and always send `Vary: HX-Request`, so neither the browser nor a proxy serves one for the other."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# (URL name, needs a project, persona, the fragment the list's swaps target)
LISTS = [
    ("projects:list", False, "pmo", "register-results"),
    ("projects:risks", True, "pmo", "risk-list"),
    ("projects:risks", True, "pmo", "issue-list"),
    ("projects:changes", True, "pmo", "baseline-diff"),
    ("portfolio:submissions", False, "pmo", "submission-table"),
    ("portfolio:meetings", False, "pmo", "meeting-table"),
    ("portfolio:assignments", False, "pmo", "assignment-table"),
    ("expertise:case-list", False, "expertise_head", "case-table"),
    ("expertise:opinion-list", False, "expertise_head", "opinion-table"),
    ("expertise:tariff-list", False, "expertise_head", "tariff-table"),
    ("expertise:tariff-ref-list", "carriers", "expertise_head", "reference-table"),
    ("monitoring:indicators", False, "sac", "indicator-table"),
    ("monitoring:alerts", False, "sac", "alert-table"),
]
# the card's tabs push their URL too (the tab links); a swap gets the tab without the site's layout
TABS = ["projects:detail", "projects:plan", "projects:budget", "projects:reports", "projects:history"]


def _url(name: str, arg: Any, request: pytest.FixtureRequest) -> str:
    if arg is True:
        project = ProjectFactory(
            direction=request.getfixturevalue("direction"), department=request.getfixturevalue("department_a")
        )
        return reverse(name, args=[project.pk])
    return reverse(name, args=[arg] if arg else [])


def _vary(response: Any) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def _whole_page(response: Any) -> bool:
    html = response.content.decode()
    return html.lstrip().lower().startswith("<!doctype html") and 'id="main-nav"' in html


@pytest.mark.parametrize(
    ("name", "arg", "persona", "fragment"), LISTS, ids=[f"{n}#{f}" for n, _a, _p, f in LISTS]
)
def test_list_answers_history_restore_with_the_page_and_varies_on_htmx(
    client: Any, request: pytest.FixtureRequest, name: str, arg: Any, persona: str, fragment: str
) -> None:
    login(client, request.getfixturevalue(persona))
    url = _url(name, arg, request)

    swap = client.get(url, headers={"HX-Request": "true", "HX-Target": fragment, "HX-Current-URL": url})
    assert swap.status_code == 200
    assert not _whole_page(swap)
    assert f'id="{fragment}"' in swap.content.decode()
    assert "hx-request" in _vary(swap)

    restore = client.get(
        url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true", "HX-Current-URL": url}
    )
    assert restore.status_code == 200
    assert _whole_page(restore)
    assert {"hx-request", "hx-history-restore-request"} <= _vary(restore)

    plain = client.get(url)
    assert plain.status_code == 200
    assert _whole_page(plain)
    assert "hx-request" in _vary(plain)


@pytest.mark.parametrize("name", TABS)
def test_card_tab_answers_history_restore_with_the_page(
    client: Any, request: pytest.FixtureRequest, pmo: Any, name: str
) -> None:
    login(client, pmo)
    url = _url(name, True, request)
    swap = client.get(url, headers={"HX-Request": "true", "HX-Target": "project-card"})
    assert swap.status_code == 200
    assert not _whole_page(swap)
    assert 'id="project-card"' in swap.content.decode()
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert _whole_page(restore)
    assert "hx-request" in _vary(restore)
    assert "hx-request" in _vary(swap)
