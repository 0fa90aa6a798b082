"""Factories for the portfolio models (direct rows; the services are tested separately)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from portfolio import models
from tests.factories import OrganizationFactory
from tests.projects.factories import ProjectFactory


class SubmissionFactory(DjangoModelFactory[models.Submission]):
    class Meta:
        model = models.Submission

    project = factory.SubFactory(ProjectFactory)
    direction = factory.LazyAttribute(lambda s: s.project.direction)
    kind = models.Submission.Kind.STATUS_EXCEPTION
    title = factory.Sequence(lambda n: f"Вопрос №{n}")
    request = "Просим рассмотреть."
    status = models.Submission.Status.AT_COORDINATOR
    step_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5))


class MeetingFactory(DjangoModelFactory[models.Meeting]):
    class Meta:
        model = models.Meeting

    kind = models.Meeting.Kind.STEERING
    title = factory.Sequence(lambda n: f"Заседание Проектного комитета №{n}")
    number = factory.Sequence(lambda n: str(n + 1))
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    quorum = 1


class AttendanceFactory(DjangoModelFactory[models.Attendance]):
    class Meta:
        model = models.Attendance

    meeting = factory.SubFactory(MeetingFactory)
    role = models.Attendance.Role.MEMBER
    present = True


class AgendaItemFactory(DjangoModelFactory[models.AgendaItem]):
    class Meta:
        model = models.AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Пункт повестки №{n}")


class AssignmentFactory(DjangoModelFactory[models.Assignment]):
    class Meta:
        model = models.Assignment

    title = factory.Sequence(lambda n: f"Поручение №{n}")
    owner_organization = factory.SubFactory(OrganizationFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
