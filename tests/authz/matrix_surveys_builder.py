"""Surveys — builder: the Project Office and the SAC read surveys; only a survey's owners change it (the
matrix survey is owned by the Project Office persona); everyone else is refused (403: surveys are not
confidential, just not theirs)."""

from __future__ import annotations

from typing import Any

from tests.authz import LOGIN, Entry

READ = {"anonymous": LOGIN, "pmo": 200, "sac": 200, "*": 403}
MANAGE = {"anonymous": LOGIN, "pmo": 200, "*": 403}
OWNER = {"anonymous": LOGIN, "pmo": 200, "*": 403}
OWNER_POST = {"anonymous": LOGIN, "pmo": 302, "*": 403}


def setup(world: Any) -> None:
    from surveys import library
    from surveys.models import Section

    pmo = world.users["pmo"]
    survey = library.instantiate("customer_project_office", actor=pmo)
    world.sv_builder_survey = survey
    version = survey.versions.get()
    world.sv_builder_section = Section.objects.filter(version=version).order_by("order").first()
    world.sv_builder_question = version.questions.get(key="timeliness")


def _survey(w: Any) -> list[Any]:
    return [w.sv_builder_survey.pk]


def _section(w: Any) -> list[Any]:
    return [w.sv_builder_survey.pk, w.sv_builder_section.pk]


def _question(w: Any) -> list[Any]:
    return [w.sv_builder_survey.pk, w.sv_builder_question.pk]


ENTRIES = [
    Entry("surveys:home", expect=READ),
    Entry(
        "surveys:survey-create", expect=MANAGE, note="any Project Office user starts a survey (and owns it)"
    ),
    Entry("surveys:survey-detail", args=_survey, expect=READ),
    Entry("surveys:survey-edit", args=_survey, expect=OWNER),
    Entry("surveys:survey-history", args=_survey, expect=READ),
    Entry(
        "surveys:survey-open",
        args=_survey,
        method="POST",
        expect=OWNER_POST,
        note="the owner is sent back to the survey (opened, or with what is missing)",
    ),
    Entry("surveys:survey-close", args=_survey, method="POST", expect=OWNER_POST),
    Entry("surveys:version-new", args=_survey, method="POST", expect=OWNER_POST),
    Entry("surveys:section-create", args=_survey, expect=OWNER),
    Entry("surveys:section-edit", args=_section, expect=OWNER),
    Entry("surveys:section-delete", args=_section, expect=OWNER, note="GET: the confirmation page"),
    Entry("surveys:question-create", args=_section, expect=OWNER),
    Entry("surveys:question-edit", args=_question, expect=OWNER),
    Entry("surveys:question-delete", args=_question, expect=OWNER, note="GET: the confirmation page"),
    Entry(
        "surveys:question-move",
        args=_question,
        method="POST",
        expect=OWNER_POST,
        data=lambda w: {"direction": "down"},
    ),
]
