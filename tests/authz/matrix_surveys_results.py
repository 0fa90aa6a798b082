"""Surveys — results and population shares: the Project Office and the SAC read the results of any survey
(aggregates only) and the population shares; only the Project Office enters a new version of the shares;
everyone else is refused (403: surveys are not confidential, just not theirs). Administrators hold no survey
role, so they are refused too."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from tests.authz import LOGIN, Entry

READ = {"anonymous": LOGIN, "pmo": 200, "sac": 200, "*": 403}
READ_POST = {"anonymous": LOGIN, "pmo": 302, "sac": 302, "*": 403}
MANAGE = {"anonymous": LOGIN, "pmo": 200, "*": 403}


def setup(world: Any) -> None:
    from surveys import library
    from surveys.models import Campaign, PopulationReference, PopulationShare

    pmo = world.users["pmo"]
    survey = library.instantiate("customer_project_office", actor=pmo)
    world.sv_results_survey = survey
    world.sv_results_campaign = Campaign.objects.create(
        survey=survey, name="Results matrix campaign", audience_kind=Campaign.AudienceKind.USERS, owner=pmo
    )
    ref = PopulationReference.objects.create(
        dimension=PopulationReference.Dimension.SEX,
        version=(PopulationReference.objects.filter(dimension="sex").count() + 1),
        valid_from=datetime.date(2026, 1, 1),
        source="Results matrix",
        created_by=pmo,
    )
    PopulationShare.objects.create(reference=ref, category="female", share=Decimal("0.5"))
    PopulationShare.objects.create(reference=ref, category="male", share=Decimal("0.5"))
    world.sv_results_population = ref


def _survey(w: Any) -> list[Any]:
    return [w.sv_results_survey.pk]


def _campaign(w: Any) -> list[Any]:
    return [w.sv_results_campaign.pk]


def _population(w: Any) -> list[Any]:
    return [w.sv_results_population.pk]


ENTRIES = [
    Entry("surveys:results", args=_survey, expect=READ),
    Entry("surveys:results-pdf", args=_survey, method="POST", expect=READ_POST),
    Entry("surveys:campaign-results", args=_campaign, expect=READ),
    Entry("surveys:population-list", expect=READ),
    Entry("surveys:population-create", expect=MANAGE),
    Entry("surveys:population-detail", args=_population, expect=READ),
    Entry("surveys:population-history", args=_population, expect=READ),
]
