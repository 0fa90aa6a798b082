"""Customer campaigns, the pages: list (filters, search, Excel, flat query count), create with a preselected
survey and errors beside the fields, detail with wave counts and never a respondent's name, the actions, the
live rate fragment, the signed-in user's invitations and the home panels."""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pmis.core.portal import Panel
from surveys.models import Campaign, Wave
from surveys.portal_campaigns import invitations_waiting, open_campaigns
from surveys.services import campaigns as svc
from tests.conftest import login
from tests.factories import UserFactory
from tests.surveys.factories_campaigns import make_campaign, open_customer_survey

pytestmark = pytest.mark.django_db


def _sent(pmo: Any, department_a: Any, n: int = 1, **data: Any) -> list[Campaign]:
    out = []
    for i in range(n):
        campaign = make_campaign(pmo, departments=[department_a], name=f"Campaign {i}", **data)
        svc.send_wave(campaign, period_start=datetime.date(2026, 10, 1))
        out.append(campaign)
    return out


def test_list_filters_search_and_export(client: Any, pmo: Any, department_a: Any, officer: Any) -> None:
    (active,) = _sent(pmo, department_a)
    draft = make_campaign(pmo, departments=[department_a], name="Paused one", launch=False)
    login(client, pmo)
    url = reverse("surveys:campaign-list")
    page = client.get(url).content.decode()
    assert active.name in page
    assert draft.name in page
    page = client.get(url, {"status": "draft"}).content.decode()
    assert draft.name in page
    assert active.name not in page
    page = client.get(url, {"q": "paused"}).content.decode()
    assert draft.name in page
    assert active.name not in page
    assert "No campaigns match the filters." in client.get(url, {"q": "nothing like it"}).content.decode()
    response = client.get(url, {"status": "active", "export": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == active.name
    assert rows[1][6] == 1
    assert len(rows) == 2


def test_list_query_count_is_flat(
    client: Any, pmo: Any, department_a: Any, officer: Any, django_assert_max_num_queries: Any
) -> None:
    _sent(pmo, department_a)
    login(client, pmo)
    url = reverse("surveys:campaign-list")
    client.get(url)
    with django_assert_max_num_queries(20) as one:
        assert client.get(url).status_code == 200
    _sent(pmo, department_a, n=6)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_create_with_preselected_survey_and_errors_beside_fields(
    client: Any, pmo: Any, department_a: Any
) -> None:
    survey = open_customer_survey(pmo)
    login(client, pmo)
    url = reverse("surveys:campaign-create")
    page = client.get(url, {"survey": survey.pk}).content.decode()
    assert f'value="{survey.pk}" selected' in page
    data = {
        "survey": survey.pk,
        "name": "Quarterly",
        "audience_kind": "departments",
        "trigger": "schedule",
        "period": "quarter",
        "event": "",
        "reminder_days": 5,
        "answer_days": 14,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Choose at least one department." in response.content.decode()
    assert not Campaign.objects.exists()
    response = client.post(url, {**data, "departments": [department_a.pk]})
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response.url == campaign.get_absolute_url()
    assert campaign.owner == pmo
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.history.first().history_user == pmo  # type: ignore[union-attr]


def test_actions_and_detail_show_counts_never_names(client: Any, pmo: Any, department_a: Any) -> None:
    respondent = UserFactory(
        username="sv-respondent", organization=department_a, first_name="Unique", last_name="Respondentov"
    )
    campaign = make_campaign(pmo, departments=[department_a], launch=False)
    login(client, pmo)
    for name in ("campaign-launch", "campaign-send"):
        assert client.post(reverse(f"surveys:{name}", args=[campaign.pk])).status_code == 302
    wave = Wave.objects.get(campaign=campaign)
    wave.invitations.filter(recipient=respondent).update(used_at=timezone.now())
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "100.0%" in page
    assert "Respondentov" not in page
    # a second "send now" in the same period is refused with a message, not a second wave
    response = client.post(reverse("surveys:campaign-send", args=[campaign.pk]), follow=True)
    assert "already been sent" in response.content.decode()
    assert Wave.objects.filter(campaign=campaign).count() == 1
    client.post(reverse("surveys:campaign-pause", args=[campaign.pk]))
    client.post(reverse("surveys:campaign-close", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    history = client.get(reverse("surveys:campaign-history", args=[campaign.pk]))
    assert history.status_code == 200
    assert client.get(reverse("surveys:campaign-edit", args=[campaign.pk])).status_code == 200


def test_rate_fragment_is_polled(client: Any, pmo: Any, sac: Any, department_a: Any, officer: Any) -> None:
    (campaign,) = _sent(pmo, department_a)
    login(client, sac)
    response = client.get(reverse("surveys:campaign-rate", args=[campaign.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 30s"' in body
    assert "0 answered of 1 invited" in body


def test_reader_cannot_change(client: Any, pmo: Any, sac: Any, department_a: Any) -> None:
    campaign = make_campaign(pmo, departments=[department_a], launch=False)
    login(client, sac)
    assert client.get(campaign.get_absolute_url()).status_code == 200
    assert client.post(reverse("surveys:campaign-launch", args=[campaign.pk])).status_code == 403
    assert client.get(reverse("surveys:campaign-edit", args=[campaign.pk])).status_code == 403
    assert client.get(reverse("surveys:campaign-create")).status_code == 403


def test_my_invitations_and_home_panels(
    client: Any, pmo: Any, department_a: Any, officer: Any, django_assert_max_num_queries: Any
) -> None:
    (campaign,) = _sent(pmo, department_a)
    login(client, officer)
    page = client.get(reverse("surveys:my-invitations")).content.decode()
    assert campaign.survey.title_en in page
    with django_assert_max_num_queries(1):
        panel = invitations_waiting(officer)
    assert isinstance(panel, Panel)
    assert len(panel.items) == 1
    assert invitations_waiting(pmo) is None
    assert open_campaigns(officer) is None
    with django_assert_max_num_queries(2):
        panel = open_campaigns(pmo)
    assert panel is not None
    assert panel.items[0].badge == "0.0%"
    _sent(pmo, department_a, n=3)
    with django_assert_max_num_queries(2):
        assert open_campaigns(pmo) is not None
    home = client.get(reverse("core:home")).content.decode()
    assert "Surveys waiting for your answer" in home
