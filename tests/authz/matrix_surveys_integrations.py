"""Surveys — where the results go: the city-wide survey's owners (here the Project Office user who owns it)
submit its weighted satisfaction share to the indicator it feeds; every other signed-in persona is refused (403:
not confidential, just not theirs; the SAC verifies the value in monitoring, it does not submit it)."""

from __future__ import annotations

from typing import Any

from tests.authz import LOGIN, Entry

OWNER = {"anonymous": LOGIN, "pmo": 200, "*": 403}


def setup(world: Any) -> None:
    from surveys.models import Survey
    from tests.surveys.factories import make_survey

    world.sv_integrations_survey = make_survey(
        world.users["pmo"], "citizen_city", feeds_indicator_code="S-02", status=Survey.Status.OPEN
    )


def _survey(w: Any) -> list[Any]:
    return [w.sv_integrations_survey.pk]


ENTRIES = [
    Entry("surveys:feed-indicator", args=_survey, expect=OWNER),
    # without answers the confirmation answers 200 with the refusal and writes nothing
    Entry("surveys:feed-indicator", args=_survey, method="POST", data=lambda w: {"year": 2026}, expect=OWNER),
]
