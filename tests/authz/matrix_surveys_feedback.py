"""Surveys — citizen feedback. The public form, the reference page and the tracking page need no account
(anonymous included: 200 for everyone). Inside PMIS the Project Office moderates and reads everything (queue,
statistics, export: 403 for anyone else); a message routed to department A is read by that department's users
and the project's team (anyone else: 404, never revealing it exists) and answered by the project's editors or
the Project Office (a reader who may not edit: 403). A POST with an empty form answers 400 to those allowed."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from tests.authz import LOGIN, Entry

EVERYONE = {"*": 200}
PMO_ONLY = {"anonymous": LOGIN, "pmo": 200, "*": 403}
SIGNED_IN = {"anonymous": LOGIN, "*": 200}
ROUTED_READERS = {
    "anonymous": LOGIN,
    "pmo": 200,
    "officer": 200,
    "manager": 200,
    "direction_head": 200,
    "*": 404,
}
MODERATE = {"anonymous": LOGIN, "pmo": 400, "*": 404}
ANSWER = {"anonymous": LOGIN, "pmo": 400, "officer": 400, "manager": 400, "direction_head": 403, "*": 404}


def setup(world: Any) -> None:
    from surveys.models import Feedback
    from tests.surveys.factories_feedback import make_feedback, published_project

    department = world.users["officer"].organization
    project = published_project(department=department, manager=world.users["manager"])
    world.fb_project = project
    world.fb_pending = make_feedback(project)
    world.fb_routed = make_feedback(project, status=Feedback.Status.ROUTED, email="citizen@example.kz")
    world.fb_routed.photo_content_type = "image/png"
    world.fb_routed.photo.save("p.png", ContentFile(b"\x89PNG\r\n\x1a\n0000"), save=True)


ENTRIES = [
    Entry(
        "public:feedback-new",
        args=lambda w: [w.fb_project.code],
        expect=EVERYONE,
        note="a published project's feedback form: no account",
    ),
    Entry("public:feedback-track", expect=EVERYONE, note="enter a reference number: no account"),
    Entry(
        "public:feedback-detail",
        args=lambda w: [w.fb_routed.reference],
        expect=EVERYONE,
        note="the reference number is the key; status, published question and answer only",
    ),
    Entry("surveys:feedback-list", expect=PMO_ONLY),
    Entry(
        "surveys:feedback-mine",
        expect=SIGNED_IN,
        note="each reader sees what is routed to them (maybe nothing)",
    ),
    Entry("surveys:feedback-stats", expect=PMO_ONLY),
    Entry("surveys:feedback-export", expect=PMO_ONLY),
    Entry("surveys:feedback-detail", args=lambda w: [w.fb_routed.pk], expect=ROUTED_READERS),
    Entry("surveys:feedback-photo", args=lambda w: [w.fb_routed.pk], expect=ROUTED_READERS),
    Entry(
        "surveys:feedback-moderate",
        args=lambda w: [w.fb_pending.pk],
        method="POST",
        expect=MODERATE,
        note="a message awaiting moderation is seen by the Project Office only",
    ),
    Entry("surveys:feedback-answer", args=lambda w: [w.fb_routed.pk], method="POST", expect=ANSWER),
]
