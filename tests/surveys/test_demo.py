"""The surveys' demo goes in on top of the other demos (`make run`), twice without error or duplicates, and gives
results that can be tried at once: response rates, CSAT by direction, a weighting that changes the result."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from surveys import feeds
from surveys.models import Campaign, Invitation, PopulationReference, Response, Survey, TextReview
from surveys.selectors_integrations import csat_by_direction


def _counts() -> tuple[int, ...]:
    return (
        Survey.objects.count(),
        Response.objects.count(),
        Invitation.objects.count(),
        PopulationReference.objects.count(),
    )


@pytest.mark.django_db(transaction=True)
def test_the_demo_loads_twice_and_can_be_tried_at_once() -> None:
    call_command("load_demo", stdout=io.StringIO())
    customer = Survey.objects.get(template_key="customer_project_office", owner__username="pmo")
    assert customer.title_en == "Satisfaction with the Project Office"
    campaign = customer.campaigns.get()
    assert campaign.status == Campaign.Status.ACTIVE
    assert campaign.period == Campaign.Period.QUARTER
    waves = list(campaign.waves.annotate(n=Count("invitations", distinct=True)).order_by("period_start"))
    assert len(waves) == 4
    for wave in waves:
        answered = wave.invitations.filter(used_at__isnull=False).count()
        assert answered == wave.responses.count()
        assert answered / wave.n >= 0.6
    assert customer.versions.get().is_frozen
    scores = csat_by_direction(list(Response.objects.values_list("direction_id", flat=True).distinct()))
    assert sum(1 for s in scores.values() if s.value is not None) >= 5

    city = Survey.objects.get(template_key="citizen_city", owner__username="pmo")
    assert city.status == Survey.Status.OPEN
    assert city.public_slug
    assert city.feeds_indicator_code == "S-02"
    responses = city.responses.all()
    assert 380 <= responses.count() <= 420
    assert responses.values("district").distinct().count() == 8
    assert set(PopulationReference.objects.values_list("dimension", flat=True)) == {
        "district",
        "sex",
        "age_band",
    }
    pending = TextReview.objects.filter(answer__response__survey=city, status=TextReview.Status.PENDING)
    assert pending.count() >= 2
    assert any("+7" in r.answer.text for r in pending.select_related("answer"))
    year = max(feeds.feed_years(city), key=lambda y: responses.filter(period_start__year=y).count())
    figure = feeds.feed_figure(city, year)
    assert float(figure.value) < figure.unweighted * 100 - 2  # weighting lowers it by more than 2 points
    assert figure.n_eff < figure.n

    before = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == before
