"""Factories for the audits app. `checklist_v1()` re-seeds the starting checklist when a transactional test
flushed the migration's rows."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from audits import models
from audits.checklist_start import start_items
from pmis.accounts import roles
from tests.factories import OrganizationFactory, UserFactory
from tests.projects.factories import ProjectFactory


def checklist_v1() -> models.ChecklistVersion:
    version, created = models.ChecklistVersion.objects.get_or_create(
        version=1, defaults={"status": models.ChecklistVersion.Status.ACTIVE, "note": "AUDIT-SAMPLING.md"}
    )
    if created or not version.items.exists():
        models.ChecklistItem.objects.bulk_create(start_items(version, models.ChecklistItem))
    return version


class AuditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"auditor{n}")
    organization = factory.SubFactory(OrganizationFactory, code="adc")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        # a plain `roles = [...]` would replace UserFactory's post-generation hook with a model field
        if create:
            self.save()
            names = extracted if extracted is not None else [roles.AUDITOR]
            self.groups.set([Group.objects.get_or_create(name=name)[0] for name in names])


class ProgrammeFactory(DjangoModelFactory[models.AuditProgramme]):
    class Meta:
        model = models.AuditProgramme
        django_get_or_create = ("year",)

    year = 2026
    owner = factory.SubFactory(AuditorFactory)
    quota_q1 = 3
    quota_q2 = 3
    quota_q3 = 3
    quota_q4 = 3


class PolicyFactory(DjangoModelFactory[models.SamplingPolicy]):
    class Meta:
        model = models.SamplingPolicy

    programme = factory.SubFactory(ProgrammeFactory)
    version = factory.Sequence(lambda n: n + 1)
    eligible_stages = ["execution", "closure", "post_project"]
    budget_bands = ["1000000000"]
    risk_weights = {
        "red_periods": "1",
        "budget": "1",
        "overdue_reports": "1",
        "open_escalations": "1",
        "findings": "1",
    }
    created_by = factory.LazyAttribute(lambda p: p.programme.owner)


class AuditFactory(DjangoModelFactory[models.Audit]):
    class Meta:
        model = models.Audit
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"AUD-T-{n + 1:04d}")  # apart from the service's AUD-<year>-NNN
    programme = factory.SubFactory(ProgrammeFactory)
    project = factory.SubFactory(ProjectFactory)
    checklist = factory.LazyFunction(checklist_v1)
    lead = factory.SubFactory(AuditorFactory)
    cutoff_date = datetime.date(2026, 10, 1)
    planned_start = datetime.date(2026, 10, 5)
    planned_finish = datetime.date(2026, 10, 30)
    created_by = factory.LazyAttribute(lambda a: a.lead)

    @factory.post_generation
    def lead_member(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            models.AuditTeamMember.objects.get_or_create(
                audit=self,
                user=self.lead,
                defaults={"role": models.AuditTeamMember.Role.LEAD, "declared_at": timezone.now()},
            )


class FindingFactory(DjangoModelFactory[models.Finding]):
    class Meta:
        model = models.Finding

    audit = factory.SubFactory(AuditFactory)
    number = factory.Sequence(lambda n: n + 1)
    severity = models.Finding.Severity.MAJOR
    title = "Отчёты о статусе сданы с опозданием"
    description = "Два из четырёх отчётов сданы после срока."
    created_by = factory.LazyAttribute(lambda f: f.audit.lead)


class ActionFactory(DjangoModelFactory[models.CorrectiveAction]):
    class Meta:
        model = models.CorrectiveAction

    finding = factory.SubFactory(FindingFactory)
    description = "Назначить ответственного за своевременную сдачу отчётов"
    owner = factory.SubFactory(UserFactory)
    due_date = datetime.date(2026, 12, 15)
