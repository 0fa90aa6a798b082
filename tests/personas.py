"""The personas' organizations and users as plain functions: the persona fixtures of tests/conftest.py call
them one by one, and `make_personas()` makes them all at once for a world shared by a whole test module
(the authorization matrix and the page-visibility walk build their world once per module, not per test)."""

from __future__ import annotations

from typing import Any

from pmis.accounts import roles
from pmis.accounts.models import Organization, User
from tests.factories import DirectionFactory, OrganizationFactory, UserFactory


def department_a() -> Organization:
    return OrganizationFactory(code="department-a", name_ru="Управление А", name_en="Department A")


def department_b() -> Organization:
    return OrganizationFactory(code="department-b", name_ru="Управление Б", name_en="Department B")


def project_office() -> Organization:
    return OrganizationFactory(code="adc", kind=Organization.Kind.PROJECT_OFFICE, name_ru="ЦРА")


def direction(project_office: Organization) -> Any:
    return DirectionFactory(
        number=1, code="transport", host=project_office, name_ru="Развитие транспортной системы"
    )


def other_direction(project_office: Organization) -> Any:
    return DirectionFactory(number=2, code="green", host=project_office, name_ru="Зелёный Алматы")


def officer(department_a: Organization) -> User:
    return UserFactory(username="officer", organization=department_a, roles=[roles.DEPARTMENT_OFFICER])


def outsider_officer(department_b: Organization) -> User:
    return UserFactory(username="outsider", organization=department_b, roles=[roles.DEPARTMENT_OFFICER])


def manager(department_a: Organization) -> User:
    return UserFactory(username="manager", organization=department_a, roles=[roles.PROJECT_MANAGER])


def coordinator(direction: Any) -> User:
    user = UserFactory(username="coordinator", organization=direction.bdig, roles=[roles.BDIG_COORDINATOR])
    direction.coordinators.add(user)
    return user


def direction_head(direction: Any, department_a: Organization) -> User:
    user = UserFactory(username="head", organization=department_a, roles=[roles.DIRECTION_HEAD])
    direction.head = user
    direction.save(update_fields=["head"])
    return user


def pmo(project_office: Organization) -> User:
    return UserFactory(username="pmo", organization=project_office, roles=[roles.PMO_STAFF])


def sac() -> User:
    return UserFactory(username="sac", roles=[roles.SAC_ANALYST])


def committee() -> User:
    return UserFactory(username="committee", roles=[roles.COMMITTEE_MEMBER])


def expert(project_office: Organization) -> User:
    return UserFactory(username="expert", organization=project_office, roles=[roles.EXPERT])


def expertise_head(project_office: Organization) -> User:
    return UserFactory(username="expertise_head", organization=project_office, roles=[roles.EXPERTISE_HEAD])


def auditor(project_office: Organization) -> User:
    return UserFactory(username="auditor", organization=project_office, roles=[roles.AUDITOR])


def admin(project_office: Organization) -> User:
    return UserFactory(
        username="admin",
        organization=project_office,
        roles=[roles.ADMINISTRATOR],
        is_staff=True,
        is_superuser=True,
    )


def make_personas() -> dict[str, Any]:
    """Every persona of tests.conftest.PERSONAS, as the fixtures would make them together."""
    dep_a, dep_b, office = department_a(), department_b(), project_office()
    transport = direction(office)
    return {
        "anonymous": None,
        "officer": officer(dep_a),
        "outsider_officer": outsider_officer(dep_b),
        "manager": manager(dep_a),
        "coordinator": coordinator(transport),
        "direction_head": direction_head(transport, dep_a),
        "pmo": pmo(office),
        "sac": sac(),
        "committee": committee(),
        "expert": expert(office),
        "expertise_head": expertise_head(office),
        "auditor": auditor(office),
        "admin": admin(office),
    }
