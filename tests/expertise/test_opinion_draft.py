"""The draft opinion is one form: sending it to the head keeps the text typed in every section, saving keeps it
without sending, a section another expert saved meanwhile is not overwritten; experts hear of their assignment."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from expertise.models import Opinion, ReviewCase
from expertise.services import cases as case_svc
from expertise.services import opinions as op_svc
from pmis.notifications.models import Notification
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _page_bases(html: str) -> dict[str, str]:
    """The hidden digests the draft page was rendered with."""
    return dict(re.findall(r'name="(base_\w+)" value="(\w*)"', html))


def test_sending_keeps_the_text_typed_in_every_section(
    client: Any, expert: Any, review_case: ReviewCase
) -> None:
    login(client, expert)
    url = reverse("expertise:opinion-draft", args=[review_case.pk])
    page = client.get(url).content.decode()
    assert "data-warn-unsaved" in page
    response = client.post(
        url,
        {
            **_page_bases(page),
            "section_summary": "Школа на 600 мест.",
            "section_demand": "Дефицит 1200 мест.",
            "section_conclusion": "Рекомендуется.",
            "outcome": "positive",
            "action": "send",
        },
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get(case=review_case)
    assert opinion.status == Opinion.Status.HEAD_REVIEW
    assert {k: v["text"] for k, v in opinion.sections.items()} == {
        "summary": "Школа на 600 мест.",
        "demand": "Дефицит 1200 мест.",
        "conclusion": "Рекомендуется.",
    }
    assert opinion.sections["demand"]["author_id"] == expert.pk


def test_saving_keeps_the_draft_without_sending_it(client: Any, expert: Any, review_case: ReviewCase) -> None:
    login(client, expert)
    url = reverse("expertise:opinion-draft", args=[review_case.pk])
    page = client.get(url).content.decode()
    response = client.post(url, {**_page_bases(page), "section_risks": "Риск роста цен.", "action": "save"})
    assert response.status_code == 302
    opinion = Opinion.objects.get(case=review_case)
    assert opinion.status == Opinion.Status.DRAFT
    assert opinion.sections["risks"]["text"] == "Риск роста цен."
    assert "Риск роста цен." in client.get(url).content.decode()


def test_a_send_without_conclusion_saves_the_text_and_says_why_it_is_not_sent(
    client: Any, expert: Any, review_case: ReviewCase
) -> None:
    login(client, expert)
    url = reverse("expertise:opinion-draft", args=[review_case.pk])
    page = client.get(url).content.decode()
    response = client.post(
        url,
        {**_page_bases(page), "section_summary": "Текст.", "outcome": "positive", "action": "send"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "Write the conclusion before sending the draft to the head." in response.content.decode()
    opinion = Opinion.objects.get(case=review_case)
    assert opinion.status == Opinion.Status.DRAFT
    assert opinion.sections["summary"]["text"] == "Текст."


def test_a_section_saved_meanwhile_by_another_expert_is_not_overwritten(
    client: Any, expert: Any, other_expert: Any, expertise_head: Any, review_case: ReviewCase
) -> None:
    case_svc.experts_assign(case=review_case, actor=expertise_head, lead=expert, members=[other_expert])
    login(client, expert)
    url = reverse("expertise:opinion-draft", args=[review_case.pk])
    page = client.get(url).content.decode()
    opinion = Opinion.objects.get(case=review_case)
    op_svc.section_save(opinion=opinion, actor=other_expert, key="summary", text="Текст второго эксперта.")

    response = client.post(url, {**_page_bases(page), "section_summary": "Мой текст.", "action": "save"})
    assert response.status_code == 200
    again = response.content.decode()
    assert "Мой текст." in again
    assert "Текст второго эксперта." in again
    assert Opinion.objects.get(pk=opinion.pk).sections["summary"]["text"] == "Текст второго эксперта."
    # saving again, having seen the other text, replaces it
    response = client.post(url, {**_page_bases(again), "section_summary": "Мой текст.", "action": "save"})
    assert response.status_code == 302
    assert Opinion.objects.get(pk=opinion.pk).sections["summary"]["author_id"] == expert.pk


def test_experts_are_notified_of_their_assignment(
    expert: Any, other_expert: Any, expertise_head: Any, case: ReviewCase
) -> None:
    case_svc.completeness_record(
        case=case, actor=expertise_head, checklist=dict.fromkeys(case_svc.CHECKLIST_ITEMS, True)
    )
    case_svc.experts_assign(case=case, actor=expertise_head, lead=expert, members=[other_expert])
    assert Notification.objects.filter(recipient=expert).count() == 1
    note = Notification.objects.get(recipient=other_expert)
    assert case.number in note.title
    assert note.url == case.get_absolute_url()
    # the same assignment again tells nobody; a new role is told to the expert who has it
    case_svc.experts_assign(case=case, actor=expertise_head, lead=expert, members=[other_expert])
    assert Notification.objects.count() == 2
    case_svc.experts_assign(case=case, actor=expertise_head, lead=other_expert, members=[expert])
    assert Notification.objects.filter(recipient=other_expert).count() == 2
    assert Notification.objects.filter(recipient=expert).count() == 2
