"""Every URL pattern × every persona against the documented matrix (tests/authz/matrix_*.py).

A URL pattern without an entry fails `test_every_url_pattern_is_in_the_matrix`; Django admin URLs
are covered by one rule: nobody but a verified administrator gets past the admin's sign-in. Every admin
pattern (unnamed ones included) is requested at a sample path; one that cannot be is listed in
ADMIN_EXCLUDED with the reason, and one that refuses even the administrator in ADMIN_REFUSED.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern

from tests.authz import Entry, matrix_entries
from tests.conftest import PERSONAS, login


def _entries() -> list[Entry]:
    return matrix_entries()


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
def world(shared_world: SimpleNamespace, db: None) -> SimpleNamespace:
    """The module's world (tests/conftest.py: built once, each test's writes rolled back)."""
    return shared_world


@pytest.fixture(autouse=True)
def _media_root(settings: Any, shared_world: SimpleNamespace) -> None:
    """The world's files stay where it stored them (instead of a fresh folder per test)."""
    settings.MEDIA_ROOT = shared_world.media_root


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
        if (
            persona == "anonymous"
            and expected == 302
            and response.status_code == 302
            and entry.method == "GET"
        ):
            location = response.headers.get("Location", "")
            # the home page sends a visitor without an account to the public side, in their language
            expected_location = "/ru/" if entry.name == "core:home" else "login"
            if (
                entry.expect.get("anonymous") is not None
                and expected_location not in location
                and entry.name != "accounts:login"
            ):
                failures.append(f"anonymous: redirected to {location}, not to {expected_location}")
    assert failures == [], f"{entry.method} {entry.name}:\n" + "\n".join(failures)


# Admin URL patterns that are not requested, each with the reason; everything else is requested below.
ADMIN_EXCLUDED: dict[str, str] = {}
# Admin URLs where even the administrator is refused (403), each with the reason.
ADMIN_REFUSED: dict[str, str] = {
    "admin:autocomplete": "autocomplete answers only with a model and field to complete; a bare request is refused",
    "admin:axes_accessattempt_add": "sign-in attempts are written by django-axes, never by hand",
    "admin:axes_accesslog_add": "the access log is written by django-axes, never by hand",
    "admin:axes_accessfailurelog_add": "the failure log is written by django-axes, never by hand",
    "admin:otp_totp_totpdevice_config": "OTP_ADMIN_HIDE_SENSITIVE_DATA: no administrator reads another's TOTP secret",
    "admin:otp_totp_totpdevice_qrcode": "OTP_ADMIN_HIDE_SENSITIVE_DATA: no administrator reads another's TOTP QR code",
}
# Admin URLs that only answer POST (Django's LogoutView); requested last, since they sign the client out.
ADMIN_POST = ("admin:logout",)

_REGEX_GROUP = re.compile(r"\((?:\?P<\w+>)?([^()]*)\)")


def _sample(pattern: Any) -> str:
    """A concrete path piece that matches `pattern`: every argument is "1", a choice of words its first word."""
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:\w+:)?\w+>", "1", str(pattern))

    def group(match: re.Match[str]) -> str:
        body = match.group(1)
        return body.split("|")[0] if re.fullmatch(r"[\w|]+", body) else "1"

    return _REGEX_GROUP.sub(group, str(pattern).lstrip("^").rstrip("$")).replace("\\", "")


def _admin_paths(
    resolver: URLResolver | None = None, prefix: str = "/", ns: str = ""
) -> list[tuple[str, str, Any]]:
    """(name, sample path, pattern) of every admin URL pattern, unnamed ones included."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            found.extend(_admin_paths(pattern, prefix + _sample(pattern.pattern), inner))
        elif (name := f"{ns}{pattern.name or ''}").startswith("admin:"):
            found.append((name, prefix + _sample(pattern.pattern), pattern))
    return found


def test_every_admin_sample_path_reaches_its_own_pattern() -> None:
    """The sample paths really exercise each pattern (no pattern is skipped by a path another pattern answers)."""
    wrong = [
        f"{name} {path}"
        for name, path, pattern in _admin_paths()
        if resolve(path).func is not pattern.callback
    ]
    assert wrong == []
    assert set(ADMIN_EXCLUDED) | set(ADMIN_REFUSED) <= {name for name, _, _ in _admin_paths()}


@pytest.mark.django_db
def test_admin_urls_require_a_verified_administrator(request: pytest.FixtureRequest) -> None:
    """Every admin pattern: anonymous and non-admin personas are sent to the admin sign-in; admin is let in."""
    clients = {}
    for persona in ("anonymous", "officer", "pmo", "auditor", "admin"):
        clients[persona] = login(Client(), request.getfixturevalue(persona))
    paths = sorted(
        ((name, path) for name, path, _ in _admin_paths() if name not in ADMIN_EXCLUDED),
        key=lambda pair: pair[0] in ADMIN_POST,
    )
    assert len(paths) > 300
    failures = []
    for name, path in paths:
        for persona, client in clients.items():
            status = (client.post if name in ADMIN_POST else client.get)(path).status_code
            if persona == "admin":
                # a refused page never answers 200 (404 where the sample object id does not exist on this database)
                allowed: tuple[int, ...] = (403, 404) if name in ADMIN_REFUSED else (200, 302, 404)
            elif name in ("admin:login", *ADMIN_POST):
                allowed = (200, 302)
            else:
                allowed = (302, 404)
            if status not in allowed:
                failures.append(f"{persona} {name} {path}: {status}")
    assert failures == [], "\n".join(failures)
