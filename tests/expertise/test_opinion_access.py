"""The applicant department reads an opinion once the head has issued it, never the experts' draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from expertise.models import Opinion, ReviewCase
from expertise.permissions import opinions_visible_to
from expertise.services import opinions as op_svc
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _head_review(case: ReviewCase, expert: Any) -> Opinion:
    opinion = op_svc.opinion_start(case=case, actor=expert)
    op_svc.section_save(opinion=opinion, actor=expert, key="conclusion", text="Черновой вывод эксперта.")
    return op_svc.opinion_submit(opinion=Opinion.objects.get(pk=opinion.pk), actor=expert, outcome="negative")


def test_applicant_does_not_read_the_draft_until_it_is_issued(
    client: Any, officer: Any, expert: Any, expertise_head: Any, review_case: ReviewCase
) -> None:
    opinion = _head_review(review_case, expert)
    detail = reverse("expertise:opinion-detail", args=[review_case.pk, opinion.pk])
    login(client, officer)
    assert client.get(detail).status_code == 404
    case_page = client.get(review_case.get_absolute_url()).content.decode()
    assert detail not in case_page
    assert list(opinions_visible_to(officer)) == []

    op_svc.opinion_issue(opinion=opinion, actor=expertise_head, outcome="negative")
    response = client.get(detail)
    assert response.status_code == 200
    assert "Черновой вывод эксперта." in response.content.decode()
    assert detail in client.get(review_case.get_absolute_url()).content.decode()
    assert list(opinions_visible_to(officer)) == [opinion]


def test_expertise_staff_read_the_draft(
    client: Any, expert: Any, expertise_head: Any, review_case: ReviewCase
) -> None:
    opinion = _head_review(review_case, expert)
    detail = reverse("expertise:opinion-detail", args=[review_case.pk, opinion.pk])
    login(client, expertise_head)
    assert client.get(detail).status_code == 200
