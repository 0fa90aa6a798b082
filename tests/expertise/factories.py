"""Factories for review cases and opinions."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from expertise.models import Assignment, Opinion, RegulatoryBasis, ReviewCase
from tests.factories import OrganizationFactory


class RegulatoryBasisFactory(DjangoModelFactory[RegulatoryBasis]):
    class Meta:
        model = RegulatoryBasis

    act = "Приказ о государственных инвестиционных проектах"
    number = factory.Sequence(lambda n: f"T-{n}")
    date = datetime.date(2025, 6, 28)
    in_force_from = datetime.date(2025, 7, 1)


class ReviewCaseFactory(DjangoModelFactory[ReviewCase]):
    class Meta:
        model = ReviewCase

    number = factory.Sequence(lambda n: f"ЭК-2026-{n + 1:04d}")
    kind = "feasibility_study"
    title = factory.Sequence(lambda n: f"Строительство школы №{n}")
    applicant = factory.SubFactory(OrganizationFactory)
    regulatory_basis = factory.SubFactory(RegulatoryBasisFactory)
    status = ReviewCase.Status.INTAKE
    received_on = datetime.date(2026, 3, 2)


class AssignmentFactory(DjangoModelFactory[Assignment]):
    class Meta:
        model = Assignment

    case = factory.SubFactory(ReviewCaseFactory)
    role = Assignment.Role.LEAD


class IssuedOpinionFactory(DjangoModelFactory[Opinion]):
    class Meta:
        model = Opinion

    case = factory.SubFactory(ReviewCaseFactory, status=ReviewCase.Status.CLOSED)
    version = 1
    year = 2020
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"{o.sequence:02d}/{o.year}")
    outcome = Opinion.Outcome.POSITIVE
    status = Opinion.Status.ISSUED
    issued_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 6, 1))
    days_to_opinion = 30
    is_historical = True
