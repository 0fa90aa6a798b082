"""IDOR and query counts of the review-case pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from expertise.models import ReviewCase
from expertise.services.cases import CHECKLIST_ITEMS, completeness_record, experts_assign
from tests.conftest import assert_num_queries, login
from tests.expertise.factories import IssuedOpinionFactory, ReviewCaseFactory

pytestmark = pytest.mark.django_db


def test_expert_b_cannot_edit_expert_as_case(client: Any, other_expert: Any, review_case: ReviewCase) -> None:
    login(client, other_expert)
    assert client.get(review_case.get_absolute_url()).status_code == 200  # staff may read
    assert client.get(reverse("expertise:model-edit", args=[review_case.pk])).status_code == 403
    assert client.get(reverse("expertise:opinion-draft", args=[review_case.pk])).status_code == 403
    response = client.post(
        reverse("expertise:remark-add", args=[review_case.pk]),
        {"section": "x", "severity": "minor", "text": "y"},
    )
    assert response.status_code == 403
    assert review_case.rounds.get().remarks.count() == 0


def test_another_department_cannot_see_the_case(
    client: Any, outsider_officer: Any, review_case: ReviewCase
) -> None:
    login(client, outsider_officer)
    assert client.get(review_case.get_absolute_url()).status_code == 404
    assert client.post(reverse("expertise:case-resubmit", args=[review_case.pk])).status_code == 404
    listing = client.get(reverse("expertise:case-list")).content.decode()
    assert review_case.number not in listing


def test_document_of_another_case_is_404(
    client: Any, expert: Any, review_case: ReviewCase, department_a: Any
) -> None:
    from django.core.files.base import ContentFile

    from expertise.models import CaseDocument

    other = ReviewCaseFactory(applicant=department_a)
    doc = CaseDocument(case=other, title="x", sha256="0" * 64, size=1, uploaded_by=expert)
    doc.file.save("x.pdf", ContentFile(b"x"), save=False)
    doc.save()
    login(client, expert)
    assert (
        client.get(reverse("expertise:document-download", args=[review_case.pk, doc.pk])).status_code == 404
    )


def _make_cases(n: int, department: Any, expert: Any, head: Any) -> None:
    for _ in range(n):
        case = ReviewCaseFactory(applicant=department)
        completeness_record(case=case, actor=head, checklist=dict.fromkeys(CHECKLIST_ITEMS, True))
        experts_assign(case=case, actor=head, lead=expert, members=[])


def test_case_list_queries_do_not_grow(
    client: Any, expert: Any, expertise_head: Any, department_a: Any
) -> None:
    _make_cases(1, department_a, expert, expertise_head)
    login(client, expert)
    url = reverse("expertise:case-list")
    client.get(url)
    with assert_num_queries(8):
        client.get(url)
    _make_cases(6, department_a, expert, expertise_head)
    with assert_num_queries(8):
        client.get(url)


def test_opinion_registry_and_stats_queries_do_not_grow(client: Any, expert: Any) -> None:
    from django.db import connection

    stats_queries = (
        5 if connection.vendor == "postgresql" else 6
    )  # PostgreSQL computes the median in the same query
    IssuedOpinionFactory()
    login(client, expert)
    client.get(reverse("expertise:opinion-list"))
    with assert_num_queries(7):
        client.get(reverse("expertise:opinion-list"))
    with assert_num_queries(stats_queries):
        client.get(reverse("expertise:stats"))
    IssuedOpinionFactory.create_batch(8, outcome="negative", year=2019)
    with assert_num_queries(7):
        client.get(reverse("expertise:opinion-list"))
    with assert_num_queries(stats_queries):
        response = client.get(reverse("expertise:stats"))
    rows = response.context["rows"]
    assert [(r.year, r.total, r.negative) for r in rows] == [(2020, 1, 0), (2019, 8, 8)]
    assert rows[1].share_negative == 1.0
    assert rows[1].median_days == 30


def test_case_detail_queries_do_not_grow(client: Any, expert: Any, review_case: ReviewCase) -> None:
    from expertise.services.cases import remark_add

    login(client, expert)
    remark_add(case=review_case, actor=expert, section="A", severity="minor", text="t")
    client.get(review_case.get_absolute_url())
    with assert_num_queries(14):
        client.get(review_case.get_absolute_url())
    for i in range(5):
        remark_add(case=review_case, actor=expert, section=f"S{i}", severity="minor", text="t")
    with assert_num_queries(14):
        client.get(review_case.get_absolute_url())
