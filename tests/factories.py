"""Factories for the platform's models. App factories live in tests/<app>/factories.py."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from pmis.accounts.models import Organization, User
from pmis.reference.models import Direction, District, SustainableDevelopmentGoal

PASSWORD = "correct-horse-battery-9"


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org-{n}")
    kind = Organization.Kind.DEPARTMENT
    name_ru = factory.Sequence(lambda n: f"Управление №{n}")
    name_kk = factory.Sequence(lambda n: f"№{n} басқарма")
    name_en = factory.Sequence(lambda n: f"Department No. {n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="ru_RU")
    last_name = factory.Faker("last_name", locale="ru_RU")
    email = factory.LazyAttribute(lambda u: f"{u.username}@pmis.example")
    organization = factory.SubFactory(OrganizationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create:
            self.save()
        if create and extracted:
            self.groups.set([Group.objects.get_or_create(name=name)[0] for name in extracted])


class DirectionFactory(DjangoModelFactory[Direction]):
    class Meta:
        model = Direction
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: (n % 10) + 1)
    code = factory.LazyAttribute(lambda d: f"direction-{d.number}")
    name_ru = factory.LazyAttribute(lambda d: f"Направление {d.number}")
    name_kk = factory.LazyAttribute(lambda d: f"{d.number}-бағыт")
    name_en = factory.LazyAttribute(lambda d: f"Direction {d.number}")
    host = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.PROJECT_OFFICE)
    bdig = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.BDIG)


class DistrictFactory(DjangoModelFactory[District]):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"district-{n}")
    name_ru = factory.Sequence(lambda n: f"Район {n}")
    name_kk = factory.Sequence(lambda n: f"{n} аудан")
    name_en = factory.Sequence(lambda n: f"District {n}")


class SDGFactory(DjangoModelFactory[SustainableDevelopmentGoal]):
    class Meta:
        model = SustainableDevelopmentGoal
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: (n % 17) + 1)
    name_ru = factory.LazyAttribute(lambda g: f"Цель {g.number}")
    name_en = factory.LazyAttribute(lambda g: f"Goal {g.number}")
