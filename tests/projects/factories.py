"""Factories for every model of the projects app (fast, direct rows; services are tested separately)."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from projects import models
from projects.permissions import grant_project_editing
from tests.factories import DirectionFactory, OrganizationFactory, UserFactory

START = datetime.date(2026, 1, 15)


class ProgramFactory(DjangoModelFactory[models.Program]):
    class Meta:
        model = models.Program
        django_get_or_create = ("code",)

    kind = models.Program.Kind.DEVELOPMENT_PROGRAM
    level = models.Program.Level.PROGRAM
    code = factory.Sequence(lambda n: f"P{n}")
    name_ru = factory.Sequence(lambda n: f"Программа развития №{n}")
    name_kk = factory.Sequence(lambda n: f"№{n} даму бағдарламасы")
    name_en = factory.Sequence(lambda n: f"Development program No. {n}")
    start_year = 2021
    end_year = 2025


class ProjectFactory(DjangoModelFactory[models.Project]):
    """A project with its edit permissions granted as `project_create` would (pass grant=False to skip)."""

    class Meta:
        model = models.Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"PRJ-2026-{n + 1:05d}")
    title_ru = factory.Sequence(lambda n: f"Проект №{n}")
    title_kk = factory.Sequence(lambda n: f"№{n} жоба")
    title_en = factory.Sequence(lambda n: f"Project No. {n}")
    summary_ru = "Краткое описание проекта."
    summary_en = "A short summary of the project."
    direction = factory.SubFactory(DirectionFactory)
    department = factory.SubFactory(OrganizationFactory)
    stage = models.Project.Stage.EXECUTION
    project_type = models.Project.Type.CONSTRUCTION
    planned_start = START
    planned_finish = datetime.date(2027, 12, 31)
    search_document = factory.LazyAttribute(
        lambda p: "\n".join([p.code, p.title_ru, p.title_kk, p.title_en, p.summary_ru, p.summary_en])
    )

    @factory.post_generation
    def grant(self, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if create and extracted is not False:
            grant_project_editing(self)


class ProjectMemberFactory(DjangoModelFactory[models.ProjectMember]):
    class Meta:
        model = models.ProjectMember

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = models.ProjectMember.Role.MEMBER


class PassportVersionFactory(DjangoModelFactory[models.PassportVersion]):
    class Meta:
        model = models.PassportVersion

    project = factory.SubFactory(ProjectFactory)
    version = factory.Sequence(lambda n: n + 1)
    goals = "Снизить время в пути на 15%."
    expected_results = "Выделенные полосы, новые остановки."
    deliverables = "20 км выделенных полос."
    scope = "Центральная часть города."


class GateDecisionFactory(DjangoModelFactory[models.GateDecision]):
    class Meta:
        model = models.GateDecision

    project = factory.SubFactory(ProjectFactory)
    gate = models.GateDecision.Gate.GATE_1
    decided_on = START
    decision = models.GateDecision.Decision.PROCEED
    decided_by_body = "Управляющий комитет"
    stage_before = models.Project.Stage.INITIATION
    stage_after = models.Project.Stage.APPROVED


class MilestoneFactory(DjangoModelFactory[models.Milestone]):
    class Meta:
        model = models.Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Контрольная точка {n}")
    planned_date = factory.Sequence(lambda n: START + datetime.timedelta(days=30 * (n % 20)))
    order = factory.Sequence(lambda n: n)


class TaskFactory(DjangoModelFactory[models.Task]):
    class Meta:
        model = models.Task

    project = factory.SubFactory(ProjectFactory)
    wbs_code = factory.Sequence(lambda n: f"1.{n}")
    title = factory.Sequence(lambda n: f"Задача {n}")
    start = START
    finish = START + datetime.timedelta(days=60)
    progress = 0


class BaselineFactory(DjangoModelFactory[models.Baseline]):
    class Meta:
        model = models.Baseline

    project = factory.SubFactory(ProjectFactory)
    version = factory.Sequence(lambda n: n + 1)
    reason = "Утверждение плана"
    snapshot = factory.LazyFunction(dict)


class BudgetLineFactory(DjangoModelFactory[models.BudgetLine]):
    class Meta:
        model = models.BudgetLine

    project = factory.SubFactory(ProjectFactory)
    year = 2026
    source = models.BudgetLine.Source.LOCAL
    budget_program_code = factory.Sequence(lambda n: f"{100 + n}")
    plan = Decimal("1000000.00")
    allocated = Decimal("800000.00")
    committed = Decimal("500000.00")
    disbursed = Decimal("250000.00")


class RiskFactory(DjangoModelFactory[models.Risk]):
    class Meta:
        model = models.Risk

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Риск {n}")
    probability = 3
    impact = 4
    score = factory.LazyAttribute(lambda r: r.probability * r.impact)


class ProjectIssueFactory(DjangoModelFactory[models.ProjectIssue]):
    class Meta:
        model = models.ProjectIssue

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Проблема {n}")


class ChangeRequestFactory(DjangoModelFactory[models.ChangeRequest]):
    class Meta:
        model = models.ChangeRequest

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Запрос на изменение {n}")
    change_dates = True
    schedule_impact_days = 30


class StatusReportFactory(DjangoModelFactory[models.StatusReport]):
    class Meta:
        model = models.StatusReport

    project = factory.SubFactory(ProjectFactory)
    period_year = 2026
    period_month = factory.Sequence(lambda n: (n % 12) + 1)
    narrative = "Работы идут по плану."


def _file(name: str, content: bytes) -> ContentFile:
    return ContentFile(content, name=name)


class MethodologyTemplateFactory(DjangoModelFactory[models.MethodologyTemplate]):
    class Meta:
        model = models.MethodologyTemplate

    kind = models.MethodologyTemplate.Kind.PASSPORT
    title_ru = factory.Sequence(lambda n: f"Шаблон паспорта {n}")
    title_en = factory.Sequence(lambda n: f"Passport template {n}")


class MethodologyTemplateVersionFactory(DjangoModelFactory[models.MethodologyTemplateVersion]):
    class Meta:
        model = models.MethodologyTemplateVersion

    class Params:
        content = b"template body"

    template = factory.SubFactory(MethodologyTemplateFactory)
    version = factory.Sequence(lambda n: n + 1)
    file = factory.LazyAttribute(lambda v: _file("template.docx", v.content))
    original_name = "template.docx"
    sha256 = factory.LazyAttribute(lambda v: hashlib.sha256(v.content).hexdigest())
    size = factory.LazyAttribute(lambda v: len(v.content))
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    published_at = factory.LazyFunction(timezone.now)


class DocumentFactory(DjangoModelFactory[models.Document]):
    class Meta:
        model = models.Document

    class Params:
        content = b"%PDF-1.4 test document"

    project = factory.SubFactory(ProjectFactory)
    doc_type = models.Document.Type.OTHER
    title = factory.Sequence(lambda n: f"Документ {n}")
    file = factory.LazyAttribute(lambda d: _file("document.pdf", d.content))
    sha256 = factory.LazyAttribute(lambda d: hashlib.sha256(d.content).hexdigest())
    size = factory.LazyAttribute(lambda d: len(d.content))
    content_type = "application/pdf"
    original_name = "document.pdf"


class RagPolicyFactory(DjangoModelFactory[models.RagPolicy]):
    class Meta:
        model = models.RagPolicy
        django_get_or_create = ("version",)

    version = factory.Sequence(lambda n: n + 1)


class SavedFilterFactory(DjangoModelFactory[models.SavedFilter]):
    class Meta:
        model = models.SavedFilter

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Мой фильтр {n}")
    query = "stage=execution"


def project_form_data(project: Any, title_ru: str = "Взломанный заголовок") -> dict[str, Any]:
    """What the project's edit form posts: a new Russian title, everything else required kept as it is."""
    return {
        "title_ru": title_ru,
        "summary_ru": "x",
        "direction": project.direction_id,
        "department": project.department_id,
        "project_type": "other",
        "priority": "medium",
    }
