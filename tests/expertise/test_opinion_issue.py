"""Issuing an opinion as the head of expertise, for every kind of case: the PPP limit check that could not run
or gives a ratio with no end is an answer on the form, never a 500, and nothing is half-written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from expertise.models import ObligationLimitRule, Opinion, ReviewCase, ReviewKind
from expertise.services import opinions as op_svc
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _with_head(case: ReviewCase, expert: Any, **fields: Any) -> Opinion:
    """A draft sent to the head (the conclusion written, the obligation fields as given)."""
    opinion = op_svc.opinion_start(case=case, actor=expert)
    op_svc.section_save(opinion=opinion, actor=expert, key="conclusion", text="Рекомендуется.")
    return op_svc.opinion_submit(
        opinion=Opinion.objects.get(pk=opinion.pk), actor=expert, outcome="positive", fields=fields
    )


def _issue(client: Any, opinion: Opinion, **data: str) -> Any:
    url = reverse("expertise:opinion-issue", args=[opinion.case_id, opinion.pk])
    return client.post(
        url, {"outcome": "positive", "language": "ru", **data}, headers={"accept-language": "en"}
    )


def _kind(case: ReviewCase, kind: str) -> ReviewCase:
    case.kind = kind
    case.save(update_fields=["kind"])
    return case


@pytest.mark.parametrize("kind", ReviewKind.values)
def test_head_issues_an_opinion_of_every_kind(
    client: Any, expert: Any, expertise_head: Any, review_case: ReviewCase, kind: str
) -> None:
    opinion = _with_head(_kind(review_case, kind), expert)
    login(client, expertise_head)
    response = _issue(client, opinion)
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.ISSUED
    assert opinion.number.endswith(f"/{opinion.year}")
    assert opinion.limit_utilisation is None


def test_ppp_limit_ratio_with_no_end_is_kept_to_six_places(
    client: Any, expert: Any, expertise_head: Any, review_case: ReviewCase
) -> None:
    # limit 300 (10 % of 3000); (0 + 100) / 300 = 0.3333… has no end
    ObligationLimitRule.objects.create(
        level="local", year=2027, base_amount=Decimal(3000), percentage=Decimal(10)
    )
    opinion = _with_head(
        _kind(review_case, ReviewKind.PPP_DOCUMENTATION),
        expert,
        obligation_year=2027,
        existing_obligations=Decimal(0),
        new_obligations=Decimal(100),
    )
    login(client, expertise_head)
    response = _issue(client, opinion)
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.ISSUED
    assert opinion.limit_utilisation == Decimal("0.333333")


def test_ppp_limit_just_above_100_percent_still_needs_the_override(
    client: Any, expert: Any, expertise_head: Any, review_case: ReviewCase
) -> None:
    # 3000000.01 / 3000000 = 1.0000000033…: stored as 1.000000, but it is above the limit
    ObligationLimitRule.objects.create(level="local", year=2027, amount=Decimal(3_000_000))
    opinion = _with_head(
        _kind(review_case, ReviewKind.PPP_DOCUMENTATION),
        expert,
        obligation_year=2027,
        existing_obligations=Decimal(3_000_000),
        new_obligations=Decimal("0.01"),
    )
    login(client, expertise_head)
    response = _issue(client, opinion)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true" id="id_override_reason"' in page
    assert "exceed the limit: a positive opinion needs a reason to override it" in page
    assert Opinion.objects.get(pk=opinion.pk).status == Opinion.Status.HEAD_REVIEW
    response = _issue(client, opinion, override_reason="Решение маслихата")
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.limit_utilisation == Decimal("1.000000")
    assert opinion.override_reason == "Решение маслихата"


def test_ppp_without_a_limit_rule_for_the_year_is_told_on_the_form(
    client: Any, expert: Any, expertise_head: Any, review_case: ReviewCase
) -> None:
    opinion = _with_head(
        _kind(review_case, ReviewKind.PPP_DOCUMENTATION),
        expert,
        obligation_year=2031,
        existing_obligations=Decimal(10),
        new_obligations=Decimal(5),
    )
    login(client, expertise_head)
    response = _issue(client, opinion)
    assert response.status_code == 200
    assert "No PPP obligation limit rule is configured for 2031." in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.HEAD_REVIEW
    assert opinion.number == ""
    assert opinion.sequence is None


def test_ppp_obligations_beyond_what_the_ratio_can_hold_are_told_on_the_form(
    client: Any, expert: Any, expertise_head: Any, review_case: ReviewCase
) -> None:
    ObligationLimitRule.objects.create(level="local", year=2027, amount=Decimal(1))
    opinion = _with_head(
        _kind(review_case, ReviewKind.PPP_DOCUMENTATION),
        expert,
        obligation_year=2027,
        existing_obligations=Decimal(0),
        new_obligations=Decimal(10**15),
    )
    login(client, expertise_head)
    response = _issue(client, opinion, override_reason="Решение маслихата")
    assert response.status_code == 200
    assert "more than a million times the limit of 2027" in response.content.decode()
    assert Opinion.objects.get(pk=opinion.pk).status == Opinion.Status.HEAD_REVIEW
