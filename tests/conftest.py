"""Personas (one user per role of the design brief) and shared helpers.

Every persona belongs to its own organization, except `officer` and `manager`, who share `department_a`.
`outsider_officer` is an officer of `department_b` (for "department A cannot touch department B" tests).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from pmis.accounts import roles
from pmis.accounts.models import Organization, User
from tests import personas

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config: pytest.Config) -> None:
    """Without DATABASE_URL (SQLite, the README default) the test databases are built from the models, not by
    replaying every migration: replaying takes each worker over two minutes of migration-state rendering, and
    the models equal the migrations (`makemigrations --check` in `make test`). Seeds still arrive through
    `post_migrate` (pmis.core.seeding). With DATABASE_URL (`.ci/run`) the real migrations build the database,
    so they keep being applied on PostgreSQL on every run; `--migrations` forces them here too."""
    if not os.environ.get("DATABASE_URL") and "--migrations" not in config.invocation_params.args:
        config.option.nomigrations = True


PERSONAS = [
    "anonymous",
    "officer",
    "outsider_officer",
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


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def department_a(db: None) -> Organization:
    return personas.department_a()


@pytest.fixture
def department_b(db: None) -> Organization:
    return personas.department_b()


@pytest.fixture
def project_office(db: None) -> Organization:
    return personas.project_office()


@pytest.fixture
def direction(db: None, project_office: Organization) -> Any:
    return personas.direction(project_office)


@pytest.fixture
def other_direction(db: None, project_office: Organization) -> Any:
    return personas.other_direction(project_office)


@pytest.fixture
def officer(department_a: Organization) -> User:
    return personas.officer(department_a)


@pytest.fixture
def outsider_officer(department_b: Organization) -> User:
    return personas.outsider_officer(department_b)


@pytest.fixture
def manager(department_a: Organization) -> User:
    return personas.manager(department_a)


@pytest.fixture
def coordinator(direction: Any) -> User:
    return personas.coordinator(direction)


@pytest.fixture
def direction_head(direction: Any, department_a: Organization) -> User:
    return personas.direction_head(direction, department_a)


@pytest.fixture
def pmo(project_office: Organization) -> User:
    return personas.pmo(project_office)


@pytest.fixture
def sac(db: None) -> User:
    return personas.sac()


@pytest.fixture
def committee(db: None) -> User:
    return personas.committee()


@pytest.fixture
def expert(project_office: Organization) -> User:
    return personas.expert(project_office)


@pytest.fixture
def expertise_head(project_office: Organization) -> User:
    return personas.expertise_head(project_office)


@pytest.fixture
def auditor(project_office: Organization) -> User:
    return personas.auditor(project_office)


@pytest.fixture
def admin(project_office: Organization) -> User:
    return personas.admin(project_office)


@pytest.fixture
def anonymous() -> None:
    return None


def login(client: Any, user: User | None) -> Any:
    """Sign the client in as `user`; administrators also pass the second factor, as they must."""
    if user is None:
        return client
    client.force_login(user)
    if roles.is_administrator(user):
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def login_as(client: Any, request: pytest.FixtureRequest) -> Callable[[str], Any]:
    """`login_as("coordinator")` signs the test client in as that persona fixture."""

    def _login(persona: str) -> Any:
        return login(client, request.getfixturevalue(persona))

    return _login


@contextmanager
def assert_num_queries(expected: int) -> Iterator[CaptureQueriesContext]:
    """Like django_assert_num_queries, but prints every SQL statement when the count differs."""
    with CaptureQueriesContext(connection) as ctx:
        yield ctx
    if len(ctx.captured_queries) != expected:
        lines = "\n".join(f"{i + 1:>3}. {q['sql']}" for i, q in enumerate(ctx.captured_queries))
        pytest.fail(f"Expected {expected} queries, got {len(ctx.captured_queries)}:\n{lines}", pytrace=False)


@pytest.fixture
def num_queries() -> Callable[[int], Any]:
    return assert_num_queries


@pytest.fixture(scope="module")
def shared_world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SimpleNamespace]:
    """The authorization matrix's world (every persona, every matrix module's objects), built once per test
    module inside a transaction rolled back after the module's last test. Each test still runs in its own
    savepoint (the `db` fixture), so what one test writes is undone before the next. Building the world per
    test cost about five seconds each for some 700 tests. Files the world stores go to one media folder,
    which `shared_world_media` points MEDIA_ROOT at for every test of the module."""
    from django.db import transaction
    from django.test.utils import override_settings

    from tests.authz import build_world

    media = tmp_path_factory.mktemp("world-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world(personas.make_personas())
            world.media_root = media
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
