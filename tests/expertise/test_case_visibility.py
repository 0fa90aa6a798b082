"""Review cases are for experts, the head of expertise and the applicant department only (DESIGN.md §4):
an administrator (a superuser holding every role by default) does not see them anywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from expertise.models import ReviewCase
from tests.conftest import login
from tests.expertise.factories import ReviewCaseFactory


@pytest.fixture
def case(department_a: Any) -> ReviewCase:
    return ReviewCaseFactory(
        applicant=department_a, status=ReviewCase.Status.HEAD_REVIEW, title="Школа на Абая"
    )


@pytest.mark.django_db
def test_administrator_does_not_see_review_cases(client: Any, admin: Any, case: ReviewCase) -> None:
    login(client, admin)
    assert client.get(reverse("expertise:case-detail", args=[case.pk])).status_code == 404
    assert case.title not in client.get(reverse("expertise:case-list")).content.decode()
    home = client.get(reverse("core:home")).content.decode()
    assert case.title not in home
    assert f'href="{reverse("expertise:case-list")}"' not in home  # no Expertise menu entry: nothing for them


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["expertise_head", "officer"])
def test_expertise_head_and_applicant_department_see_the_case(
    client: Any, request: pytest.FixtureRequest, persona: str, case: ReviewCase
) -> None:
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("expertise:case-detail", args=[case.pk])).status_code == 200
    assert case.title in client.get(reverse("expertise:case-list")).content.decode()
