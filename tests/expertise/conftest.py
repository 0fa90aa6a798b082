"""Fixtures of the expertise tests: a case of department A in review, assigned to `expert`."""

from __future__ import annotations

from typing import Any

import pytest

from expertise.models import ReviewCase
from expertise.services.cases import CHECKLIST_ITEMS, completeness_record, experts_assign
from pmis.accounts import roles
from tests.expertise.factories import ReviewCaseFactory
from tests.factories import UserFactory


@pytest.fixture
def other_expert(project_office: Any) -> Any:
    return UserFactory(username="expert_b", organization=project_office, roles=[roles.EXPERT])


@pytest.fixture
def case(department_a: Any) -> ReviewCase:
    return ReviewCaseFactory(applicant=department_a)


@pytest.fixture
def review_case(case: ReviewCase, expert: Any, expertise_head: Any) -> ReviewCase:
    completeness_record(case=case, actor=expertise_head, checklist=dict.fromkeys(CHECKLIST_ITEMS, True))
    experts_assign(case=case, actor=expertise_head, lead=expert, members=[])
    case.refresh_from_db()
    return case
