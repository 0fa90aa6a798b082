"""The city-wide survey feeds the strategic indicator S-02: its weighted satisfaction share of a year becomes
the indicator's actual, submitted for the SAC's verification; refusals are clear."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import Actual, Indicator
from monitoring.services.actuals import actuals_verify
from surveys import feeds
from surveys.models import PopulationReference, PopulationShare, Response, Survey
from tests.conftest import login
from tests.factories import DistrictFactory
from tests.surveys.factories import make_response, make_survey

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def s02(db: None) -> Indicator:
    indicator = Indicator.objects.filter(code="S-02").first()
    assert indicator is not None, "the strategic indicators are seeded by monitoring's migration"
    return indicator


@pytest.fixture
def districts(db: None) -> dict[str, Any]:
    return {code: DistrictFactory(code=code) for code in ("sv-a", "sv-b", "sv-c")}


def _reference(
    dimension: str, shares: dict[str, str], actor: Any, *, version: int = 1
) -> PopulationReference:
    ref = PopulationReference.objects.create(
        dimension=dimension,
        version=version,
        valid_from=datetime.date(YEAR - 1, 1, 1),
        source="Бюро национальной статистики, оценка на 1 января",
        created_by=actor,
    )
    PopulationShare.objects.bulk_create(
        PopulationShare(reference=ref, category=c, share=Decimal(s)) for c, s in shares.items()
    )
    return ref


def _answers(
    survey: Survey, districts: dict[str, Any], plan: dict[str, tuple[int, int]], **extra: Any
) -> None:
    """plan: district code → (answers, of which satisfied); satisfied answer 5, the others 2."""
    for code, (n, k) in plan.items():
        for i in range(n):
            make_response(
                survey,
                {"satisfaction": 5 if i < k else 2, "district": code},
                channel=Response.Channel.PUBLIC,
                period_start=datetime.date(YEAR, 4, 1),
                district=districts[code],
                **extra,
            )


@pytest.fixture
def city_survey(pmo: Any, districts: dict[str, Any]) -> Survey:
    """The S5 reference case on districts: sample 50/30/20, population .3/.5/.2, satisfied .8/.5/.6."""
    survey = make_survey(pmo, "citizen_city", feeds_indicator_code="S-02", status=Survey.Status.OPEN)
    Survey.objects.filter(pk=survey.pk).update(weighting=["district"])
    survey.refresh_from_db()
    _reference("district", {"sv-a": "0.3", "sv-b": "0.5", "sv-c": "0.2"}, pmo)
    _answers(survey, districts, {"sv-a": (50, 40), "sv-b": (30, 15), "sv-c": (20, 12)})
    return survey


def test_the_figure_is_the_weighted_share(city_survey: Survey) -> None:
    figure = feeds.feed_figure(city_survey, YEAR)
    assert figure.value == Decimal("61.0")
    assert figure.unweighted == pytest.approx(0.67)
    assert figure.n == 100
    assert figure.n_eff == pytest.approx(82.42, abs=0.01)
    assert [(r.dimension, r.version) for r in figure.references] == [("district", 1)]
    assert feeds.feed_years(city_survey) == [YEAR]


def test_end_to_end_the_sac_verifies_the_submitted_actual(
    client: Any, pmo: Any, sac: Any, city_survey: Survey, s02: Indicator
) -> None:
    login(client, pmo)
    url = reverse("surveys:feed-indicator", args=[city_survey.pk])
    page = client.get(url, {"year": YEAR})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="feed-value">61 %' in text
    assert "82.4" in text
    response = client.post(url, {"year": YEAR})
    assert response.status_code == 302
    actual = Actual.objects.get(indicator=s02, year=YEAR, period=1)
    assert actual.value == Decimal("61.0")
    assert actual.status == Actual.Status.SUBMITTED
    assert actual.entered_by == pmo
    assert "n = 100" in actual.comment
    assert actual.history.first().history_user == pmo
    assert actuals_verify(actuals=[actual], actor=sac) == 1
    actual.refresh_from_db()
    assert actual.status == Actual.Status.VERIFIED
    assert actual.verified_by == sac


def test_raking_on_three_dimensions_leaves_a_proportional_sample_alone(
    pmo: Any, districts: dict[str, Any], s02: Indicator
) -> None:
    survey = make_survey(pmo, "citizen_city", feeds_indicator_code="S-02")
    _reference("district", {"sv-a": "0.5", "sv-b": "0.5", "sv-c": "0"}, pmo)
    _reference("sex", {"female": "0.5", "male": "0.5"}, pmo)
    _reference("age_band", {"18-29": "0.5", "30-44": "0.5", "45-59": "0", "60+": "0"}, pmo)
    for code in ("sv-a", "sv-b"):
        for sex in ("female", "male"):
            for band in ("18-29", "30-44"):
                _answers(survey, districts, {code: (5, 3)}, sex=sex, age_band=band)
    _answers(survey, districts, {"sv-a": (4, 0)})  # no sex or age band: cannot be weighted
    figure = feeds.feed_figure(survey, YEAR)
    assert figure.n == 40
    assert figure.excluded == 4
    assert figure.value == Decimal("60.0")
    assert figure.n_eff == pytest.approx(40)
    assert [r.dimension for r in figure.references] == ["district", "sex", "age_band"]
    _figure, actual = feeds.feed_indicator(survey, YEAR, pmo)
    assert actual.value == Decimal("60.0")
    assert actual.status == Actual.Status.SUBMITTED


def test_refusals_are_clear(pmo: Any, city_survey: Survey, s02: Indicator) -> None:
    with pytest.raises(ValidationError, match="no answers in 2025"):
        feeds.feed_figure(city_survey, 2025)
    PopulationReference.objects.all().delete()
    with pytest.raises(ValidationError, match="no population shares"):
        feeds.feed_figure(city_survey, YEAR)
    Survey.objects.filter(pk=city_survey.pk).update(feeds_indicator_code="")
    city_survey.refresh_from_db()
    with pytest.raises(ValidationError, match="does not feed an indicator"):
        feeds.feed_indicator(city_survey, YEAR, pmo)
    assert not Actual.objects.filter(indicator=s02, year=YEAR).exists()


def test_the_page_refuses_without_writing(client: Any, pmo: Any, city_survey: Survey, s02: Indicator) -> None:
    PopulationReference.objects.all().delete()
    login(client, pmo)
    url = reverse("surveys:feed-indicator", args=[city_survey.pk])
    page = client.get(url)
    assert 'data-testid="feed-refusal"' in page.content.decode()
    response = client.post(url, {"year": YEAR})
    assert response.status_code == 200
    assert "no population shares" in response.content.decode()
    assert client.post(url, {"year": "abc"}).status_code == 200
    assert not Actual.objects.filter(indicator=s02, year=YEAR).exists()


@pytest.mark.parametrize(("persona", "status"), [("sac", 403), ("officer", 403), ("auditor", 403)])
def test_only_the_owners_submit(
    client: Any, request: Any, persona: str, status: int, city_survey: Survey
) -> None:
    login(client, request.getfixturevalue(persona))
    url = reverse("surveys:feed-indicator", args=[city_survey.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"year": YEAR}).status_code == status


def test_another_project_office_user_is_not_an_owner(client: Any, city_survey: Survey) -> None:
    from tests.surveys.factories import SurveyManagerFactory

    login(client, SurveyManagerFactory())
    assert client.get(reverse("surveys:feed-indicator", args=[city_survey.pk])).status_code == 403
    assert client.get(reverse("surveys:feed-indicator", args=[999999])).status_code == 404


def test_monitoring_refuses_an_unknown_indicator_or_a_closed_period(
    pmo: Any, city_survey: Survey, s02: Indicator
) -> None:
    Survey.objects.filter(pk=city_survey.pk).update(feeds_indicator_code="S-99")
    city_survey.refresh_from_db()
    with pytest.raises(ValidationError, match="no indicator S-99"):
        feeds.feed_indicator(city_survey, YEAR, pmo)
    Survey.objects.filter(pk=city_survey.pk).update(feeds_indicator_code="S-02")
    city_survey.refresh_from_db()
    Actual.objects.create(indicator=s02, year=YEAR, period=1, value=Decimal(50), is_locked=True)
    with pytest.raises(ValidationError, match="closed"):
        feeds.feed_indicator(city_survey, YEAR, pmo)
    assert Actual.objects.get(indicator=s02, year=YEAR).value == Decimal(50)
