"""Surveys — the respondent's pages. The token link, the public link and the thank-you page need no account
(the token or the open citizen survey is the key: 200 for everyone); an invitation answered in the application
is its recipient's only (anyone else: 404, never revealing that it exists). The preview, the QR code and the
poster are read by the survey readers (the Project Office and the SAC); anyone else signed in gets 403."""

from __future__ import annotations

from typing import Any

from tests.authz import LOGIN, Entry

EVERYONE = {"*": 200}
RECIPIENT = {"anonymous": LOGIN, "officer": 200, "*": 404}
READERS = {"anonymous": LOGIN, "pmo": 200, "sac": 200, "*": 403}


def setup(world: Any) -> None:
    from surveys.models import Survey
    from tests.surveys.factories import make_survey
    from tests.surveys.factories_respond import make_citizen_survey, make_invitation

    pmo = world.users["pmo"]
    world.sv_respond_survey = make_citizen_survey(pmo, slug="sv-respond-matrix")
    customer = make_survey(pmo, status=Survey.Status.OPEN)
    world.sv_respond_invitation, world.sv_respond_token = make_invitation(
        world.users["officer"], survey=customer
    )


ENTRIES = [
    Entry(
        "surveys:token-answer",
        args=lambda w: [w.sv_respond_token],
        expect=EVERYONE,
        note="no sign-in: the single-use token is the key",
    ),
    Entry("surveys:invitation-answer", args=lambda w: [w.sv_respond_invitation.pk], expect=RECIPIENT),
    Entry(
        "surveys:public-answer",
        args=lambda w: [w.sv_respond_survey.public_slug],
        expect=EVERYONE,
        note="an open citizen survey's public link: no account",
    ),
    Entry("surveys:answer-done", expect=EVERYONE),
    Entry("surveys:preview", args=lambda w: [w.sv_respond_survey.pk], query="lang=kk", expect=READERS),
    Entry("surveys:survey-qr", args=lambda w: [w.sv_respond_survey.pk], expect=READERS),
    Entry("surveys:survey-poster", args=lambda w: [w.sv_respond_survey.pk], expect=READERS),
]
