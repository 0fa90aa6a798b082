"""Every factory builds a valid row; the default RAG policy appears on first use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from projects.models import RagPolicy
from tests.projects import factories as f


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory_class",
    [
        f.ProgramFactory, f.ProjectFactory, f.ProjectMemberFactory, f.PassportVersionFactory, f.GateDecisionFactory,
        f.MilestoneFactory, f.TaskFactory, f.BaselineFactory, f.BudgetLineFactory, f.RiskFactory,
        f.ProjectIssueFactory, f.ChangeRequestFactory, f.StatusReportFactory, f.MethodologyTemplateFactory,
        f.MethodologyTemplateVersionFactory, f.DocumentFactory, f.RagPolicyFactory, f.SavedFilterFactory,
    ],
)
def test_factory_builds_a_valid_row(factory_class: type) -> None:
    obj = factory_class()
    obj.full_clean()
    assert str(obj)


@pytest.mark.django_db
def test_rag_policy_current_creates_the_defaults_once() -> None:
    policy = RagPolicy.current()
    assert (policy.version, policy.green_min, policy.amber_min) == (1, Decimal("0.95"), Decimal("0.85"))
    assert RagPolicy.current().pk == policy.pk
    assert RagPolicy.objects.count() == 1


@pytest.mark.django_db
def test_project_title_falls_back_to_russian() -> None:
    from django.utils import translation

    project = f.ProjectFactory(title_ru="Дороги", title_kk="", title_en="Roads")
    with translation.override("kk"):
        assert project.title == "Дороги"
    with translation.override("en"):
        assert project.title == "Roads"
