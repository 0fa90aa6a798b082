"""projects.selectors.public: only published projects, figures computed from the register, 404 otherwise."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404

from projects.models import Publication
from projects.selectors import public
from tests.projects.factories import (
    BudgetLineFactory,
    DocumentFactory,
    MilestoneFactory,
    ProjectFactory,
    TaskFactory,
)
from tests.projects.factories_publication import PublicationFactory, live_publication, photo_document

pytestmark = pytest.mark.django_db
D = datetime.date


def test_published_projects_are_live_and_not_confidential(
    project_a: Any, project_b: Any, confidential_project: Any
) -> None:
    live_publication(project_a)
    PublicationFactory(project=project_b, status=Publication.Status.SUBMITTED)
    # a live row on a confidential project (made confidential behind the services' back) is still never public
    live_publication(confidential_project)
    assert list(public.published_projects()) == [project_a]
    assert public.is_published(project_a)
    assert not public.is_published(project_b)
    assert public.live_publication(confidential_project) is None


@pytest.mark.parametrize("case", ["missing", "unpublished", "confidential", "withdrawn", "superseded-only"])
def test_published_project_is_404_alike(case: str, project_a: Any, confidential_project: Any) -> None:
    code = project_a.code
    if case == "missing":
        code = "PRJ-0000-99999"
    elif case == "confidential":
        live_publication(confidential_project)
        code = confidential_project.code
    elif case == "withdrawn":
        PublicationFactory(project=project_a, status=Publication.Status.WITHDRAWN)
    elif case == "superseded-only":
        PublicationFactory(project=project_a, status=Publication.Status.SUPERSEDED)
    with pytest.raises(Http404):
        public.published_project(code)


def test_published_project_returns_the_live_version(project_a: Any) -> None:
    PublicationFactory(project=project_a, version=1, status=Publication.Status.SUPERSEDED)
    live = live_publication(project_a, version=2)
    PublicationFactory(project=project_a, version=3, status=Publication.Status.DRAFT)
    project, publication = public.published_project(project_a.code)
    assert project == project_a
    assert publication == live


def test_facts_are_computed_from_the_register(project_a: Any, project_b: Any) -> None:
    BudgetLineFactory(project=project_a, year=2026, plan=Decimal("1000"), disbursed=Decimal("250"))
    BudgetLineFactory(project=project_a, year=2027, plan=Decimal("3000"), disbursed=Decimal("0"))
    MilestoneFactory(project=project_a, actual_date=D(2026, 2, 1))
    MilestoneFactory(project=project_a)
    MilestoneFactory(project=project_a)
    # task progress weighted by duration: 10 days at 100 % and 30 days at 0 % → 25 %
    TaskFactory(project=project_a, start=D(2026, 1, 1), finish=D(2026, 1, 10), progress=100)
    TaskFactory(project=project_a, start=D(2026, 1, 1), finish=D(2026, 1, 30), progress=0)
    # without tasks, the share of milestones done
    MilestoneFactory(project=project_b, actual_date=D(2026, 2, 1))
    MilestoneFactory(project=project_b)
    project_a.forecast_finish = D(2028, 6, 30)
    facts = public.public_facts([project_a, project_b])
    a, b = facts[project_a.pk], facts[project_b.pk]
    assert a.budget_plan == Decimal("4000")
    assert a.budget_disbursed == Decimal("250")
    assert a.disbursed_share == 6
    assert (a.milestones_done, a.milestones_planned) == (1, 3)
    assert a.progress == 25
    assert a.stage == project_a.stage
    assert a.forecast_finish == D(2028, 6, 30)
    assert b.progress == 50
    assert b.budget_plan == 0
    assert b.disbursed_share is None
    assert b.forecast_finish == project_b.planned_finish


def test_summary_task_progress_is_not_counted_twice(project_a: Any) -> None:
    parent = TaskFactory(project=project_a, start=D(2026, 1, 1), finish=D(2026, 1, 10), progress=0)
    TaskFactory(project=project_a, parent=parent, start=D(2026, 1, 1), finish=D(2026, 1, 10), progress=80)
    assert public.public_facts([project_a])[project_a.pk].progress == 80


def test_facts_take_a_fixed_number_of_queries(django_assert_num_queries: Any) -> None:
    projects = ProjectFactory.create_batch(3, grant=False)
    for p in projects:
        MilestoneFactory(project=p)
        BudgetLineFactory(project=p)
        TaskFactory(project=p)
    with django_assert_num_queries(3):
        public.public_facts(projects)


def test_public_file_only_what_the_live_version_chose(project_a: Any) -> None:
    photo = photo_document(project_a)
    chosen = DocumentFactory(project=project_a)
    private = DocumentFactory(project=project_a)
    live = live_publication(project_a)
    live.photos.set([photo])
    live.documents.set([chosen])
    assert public.public_file(project_a, photo.pk) == photo
    assert public.public_file(project_a, chosen.pk) == chosen
    with pytest.raises(Http404):
        public.public_file(project_a, private.pk)
    live.status = Publication.Status.WITHDRAWN
    live.save()
    with pytest.raises(Http404):
        public.public_file(project_a, photo.pk)


def test_public_milestones_in_order(project_a: Any) -> None:
    second = MilestoneFactory(project=project_a, order=2)
    first = MilestoneFactory(project=project_a, order=1)
    assert public.public_milestones(project_a) == [first, second]
