"""The applicant department answers remarks of the current round; experts mark them resolved; a resubmission
carries unresolved remarks with their responses into the new round. Access incl. IDOR."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from expertise.models import Remark, ReviewCase
from expertise.services import cases as svc
from tests.conftest import login
from tests.expertise.factories import ReviewCaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def remark(review_case: ReviewCase, expert: Any) -> Remark:
    return svc.remark_add(
        case=review_case, actor=expert, section="Спрос", severity="major", text="Обоснуйте спрос"
    )


def test_applicant_responds_resubmits_and_expert_resolves(
    client: Any, officer: Any, expert: Any, remark: Remark
) -> None:
    case = remark.round.case
    svc.case_return_for_revision(case=case, actor=expert)
    login(client, officer)
    detail = client.get(case.get_absolute_url()).content.decode()
    url = reverse("expertise:remark-respond", args=[case.pk, remark.pk])
    assert url in detail
    assert client.post(url, {"initiator_response": "  "}).status_code == 200
    response = client.post(url, {"initiator_response": "Добавлен расчёт спроса, раздел 3.2"})
    assert response.status_code == 302
    remark.refresh_from_db()
    assert remark.initiator_response == "Добавлен расчёт спроса, раздел 3.2"
    assert remark.history.first().history_user == officer
    assert client.post(reverse("expertise:case-resubmit", args=[case.pk])).status_code == 302
    carried = Remark.objects.get(carried_from=remark)
    assert carried.initiator_response == "Добавлен расчёт спроса, раздел 3.2"
    # the old round's remark is closed to responses; the carried one can still be answered
    assert client.post(url, {"initiator_response": "ещё"}).status_code == 200
    remark.refresh_from_db()
    assert remark.initiator_response.startswith("Добавлен")
    login(client, expert)
    response = client.post(reverse("expertise:remark-update", args=[case.pk, carried.pk]), {"resolved": "on"})
    assert response.status_code == 302
    carried.refresh_from_db()
    assert carried.resolved
    assert carried.initiator_response.startswith("Добавлен")
    login(client, officer)
    response = client.post(
        reverse("expertise:remark-respond", args=[case.pk, carried.pk]), {"initiator_response": "x"}
    )
    assert response.status_code == 200  # resolved remarks are not answered again


def test_only_the_applicant_department_responds(
    client: Any, remark: Remark, expert: Any, expertise_head: Any, outsider_officer: Any, manager: Any
) -> None:
    case = remark.round.case
    url = reverse("expertise:remark-respond", args=[case.pk, remark.pk])
    login(client, outsider_officer)
    assert client.get(url).status_code == 404
    for user in (expert, expertise_head):
        login(client, user)
        assert client.get(url).status_code == 403
    login(client, manager)
    assert client.get(url).status_code == 200


def test_idor_remark_of_another_case(
    client: Any,
    remark: Remark,
    officer: Any,
    department_a: Any,
    department_b: Any,
    expert: Any,
    expertise_head: Any,
) -> None:
    from expertise.services.cases import CHECKLIST_ITEMS, completeness_record, experts_assign

    own_case = ReviewCaseFactory(applicant=department_a)
    foreign = ReviewCaseFactory(applicant=department_b)
    for c in (own_case, foreign):
        completeness_record(case=c, actor=expertise_head, checklist=dict.fromkeys(CHECKLIST_ITEMS, True))
        experts_assign(case=c, actor=expertise_head, lead=expert, members=[])
    foreign_remark = svc.remark_add(case=foreign, actor=expert, section="A", severity="minor", text="B")
    login(client, officer)
    # a remark id of a case of another department, through a case the officer may see → 404, nothing written
    response = client.post(
        reverse("expertise:remark-respond", args=[own_case.pk, foreign_remark.pk]),
        {"initiator_response": "x"},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("expertise:remark-respond", args=[foreign.pk, foreign_remark.pk]), {"initiator_response": "x"}
    )
    assert response.status_code == 404
    foreign_remark.refresh_from_db()
    assert foreign_remark.initiator_response == ""
