"""Personas (one user per role of the design brief) and shared helpers.

Every persona belongs to its own organization, except `officer` and `manager`, who share `department_a`.
`outsider_officer` is an officer of `department_b` (for "department A cannot touch department B" tests).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from pmis.accounts import roles
from pmis.accounts.models import Organization, User
from tests.factories import DirectionFactory, OrganizationFactory, UserFactory

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
    return OrganizationFactory(code="department-a", name_ru="Управление А", name_en="Department A")


@pytest.fixture
def department_b(db: None) -> Organization:
    return OrganizationFactory(code="department-b", name_ru="Управление Б", name_en="Department B")


@pytest.fixture
def project_office(db: None) -> Organization:
    return OrganizationFactory(code="adc", kind=Organization.Kind.PROJECT_OFFICE, name_ru="ЦРА")


@pytest.fixture
def direction(db: None, project_office: Organization) -> Any:
    return DirectionFactory(number=1, code="transport", host=project_office, name_ru="Развитие транспортной системы")


@pytest.fixture
def other_direction(db: None, project_office: Organization) -> Any:
    return DirectionFactory(number=2, code="green", host=project_office, name_ru="Зелёный Алматы")


@pytest.fixture
def officer(department_a: Organization) -> User:
    return UserFactory(username="officer", organization=department_a, roles=[roles.DEPARTMENT_OFFICER])


@pytest.fixture
def outsider_officer(department_b: Organization) -> User:
    return UserFactory(username="outsider", organization=department_b, roles=[roles.DEPARTMENT_OFFICER])


@pytest.fixture
def manager(department_a: Organization) -> User:
    return UserFactory(username="manager", organization=department_a, roles=[roles.PROJECT_MANAGER])


@pytest.fixture
def coordinator(direction: Any) -> User:
    user = UserFactory(username="coordinator", organization=direction.bdig, roles=[roles.BDIG_COORDINATOR])
    direction.coordinators.add(user)
    return user


@pytest.fixture
def direction_head(direction: Any, department_a: Organization) -> User:
    user = UserFactory(username="head", organization=department_a, roles=[roles.DIRECTION_HEAD])
    direction.head = user
    direction.save(update_fields=["head"])
    return user


@pytest.fixture
def pmo(project_office: Organization) -> User:
    return UserFactory(username="pmo", organization=project_office, roles=[roles.PMO_STAFF])


@pytest.fixture
def sac(db: None) -> User:
    return UserFactory(username="sac", roles=[roles.SAC_ANALYST])


@pytest.fixture
def committee(db: None) -> User:
    return UserFactory(username="committee", roles=[roles.COMMITTEE_MEMBER])


@pytest.fixture
def expert(project_office: Organization) -> User:
    return UserFactory(username="expert", organization=project_office, roles=[roles.EXPERT])


@pytest.fixture
def expertise_head(project_office: Organization) -> User:
    return UserFactory(username="expertise_head", organization=project_office, roles=[roles.EXPERTISE_HEAD])


@pytest.fixture
def auditor(project_office: Organization) -> User:
    return UserFactory(username="auditor", organization=project_office, roles=[roles.AUDITOR])


@pytest.fixture
def admin(project_office: Organization) -> User:
    return UserFactory(
        username="admin", organization=project_office, roles=[roles.ADMINISTRATOR], is_staff=True, is_superuser=True
    )


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
