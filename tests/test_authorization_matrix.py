"""Every URL pattern × every persona against the documented matrix (tests/authz/matrix_*.py).

A URL pattern without an entry fails `test_every_url_pattern_is_in_the_matrix`; Django admin URLs
are covered by one rule: nobody but a verified administrator gets past the admin's sign-in.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.authz
from tests.authz import Entry
from tests.conftest import PERSONAS, login


def _modules() -> list[Any]:
    return [
        importlib.import_module(f"tests.authz.{info.name}")
        for info in pkgutil.iter_modules(tests.authz.__path__)
        if info.name.startswith("matrix_")
    ]


def _entries() -> list[Entry]:
    return [entry for module in _modules() for entry in module.ENTRIES]


def _url_names(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, str]]:
    """(name, route) of every pattern, with namespaces; unnamed patterns get name ''."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found.extend(_url_names(pattern, ns))
        elif isinstance(pattern, URLPattern):
            found.append((f"{prefix}{pattern.name or ''}", str(pattern.pattern)))
    return found


def test_every_url_pattern_is_in_the_matrix() -> None:
    covered = {entry.name for entry in _entries()}
    missing = sorted(
        f"{name or '<unnamed>'} ({route})"
        for name, route in _url_names()
        if not name.startswith("admin:") and name not in covered
    )
    assert missing == [], "URL patterns missing from the authorization matrix:\n" + "\n".join(missing)


def test_matrix_has_no_stale_entries() -> None:
    names = {name for name, _ in _url_names()}
    stale = sorted(entry.name for entry in _entries() if entry.name not in names)
    assert stale == []


@pytest.fixture
def world(request: pytest.FixtureRequest, db: None) -> SimpleNamespace:
    users = {p: request.getfixturevalue(p) for p in PERSONAS}
    world = SimpleNamespace(users=users)
    for module in _modules():
        if hasattr(module, "setup"):
            module.setup(world)
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("entry", _entries(), ids=lambda e: f"{e.method}-{e.name}")
def test_matrix(entry: Entry, world: SimpleNamespace, client: Any) -> None:
    failures = []
    for persona in PERSONAS:
        client.logout()
        login(client, world.users[persona])
        url = reverse(entry.name, args=entry.args(world)) + (f"?{entry.query}" if entry.query else "")
        response = getattr(client, entry.method.lower())(url, data=entry.data(world))
        expected = entry.status_for(persona)
        if response.status_code != expected:
            failures.append(f"{persona}: expected {expected}, got {response.status_code}")
        if persona == "anonymous" and expected == 302 and response.status_code == 302 and entry.method == "GET":
            location = response.headers.get("Location", "")
            if entry.expect.get("anonymous") is not None and "login" not in location and entry.name != "accounts:login":
                failures.append(f"anonymous: redirected to {location}, not to sign-in")
    assert failures == [], f"{entry.method} {entry.name}:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_admin_urls_require_a_verified_administrator(world: SimpleNamespace, client: Any) -> None:
    """Every admin pattern: anonymous and non-admin personas are sent to the admin sign-in; admin is let in."""
    admin_names = [(name, route) for name, route in _url_names() if name.startswith("admin:")]
    assert len(admin_names) > 10
    checked = 0
    for name, route in admin_names:
        args = ["1"] * route.count("<") if "<" in route else []
        try:
            url = reverse(name, args=args)
        except Exception:
            continue
        for persona in ("anonymous", "officer", "pmo", "auditor"):
            client.logout()
            login(client, world.users[persona])
            response = client.get(url)
            allowed = (200, 302) if name in ("admin:login", "admin:logout") else (302, 404)
            assert response.status_code in allowed, f"{persona} {name}: {response.status_code}"
        client.logout()
        login(client, world.users["admin"])
        response = client.get(url)
        assert response.status_code < 500, f"admin {name}: {response.status_code}"
        checked += 1
    assert checked > 10
