"""The public page of a project (publication workflow): the card tab, the draft, the Project Office's decisions.

The project is not confidential, in the coordinator's direction, of department A (officer in its editor group,
manager = the manager persona). Readers: every internal user; editors (draft, submit): officer, manager,
Project Office (global change), admin; approve / return / withdraw and the queue: the Project Office (and the
superuser admin). A confidential project's tab is readable only by those who may open it (404 for the rest).
POSTs that change state get a fresh version or project for every persona.
"""

from __future__ import annotations

from typing import Any

from projects.models import Publication
from projects.services.project import department_officer_add
from tests.authz import LOGIN, Entry
from tests.projects.factories import ProjectFactory
from tests.projects.factories_publication import TEXTS, PublicationFactory, live_publication

READ = {"anonymous": LOGIN, "*": 200}
EDIT_GET = {"anonymous": LOGIN, "officer": 200, "manager": 200, "pmo": 200, "admin": 200, "*": 403}
EDIT_POST = {"anonymous": LOGIN, "officer": 302, "manager": 302, "pmo": 302, "admin": 302, "*": 403}
PMO_POST = {"anonymous": LOGIN, "pmo": 302, "admin": 302, "*": 403}
CONFIDENTIAL_READ = {
    "anonymous": LOGIN,
    "officer": 200,
    "manager": 200,
    "coordinator": 200,
    "direction_head": 200,
    "pmo": 200,
    "committee": 200,
    "admin": 200,
    "*": 404,
}


def setup(world: Any) -> None:
    officer = world.users["officer"]
    direction = world.users["coordinator"].coordinated_directions.get()
    department_officer_add(user=officer, department=officer.organization)
    world.pub_project = ProjectFactory(
        direction=direction, department=officer.organization, manager=world.users["manager"]
    )
    world.pub_version = live_publication(world.pub_project)
    world.pub_secret = ProjectFactory(
        direction=direction,
        department=officer.organization,
        manager=world.users["manager"],
        is_confidential=True,
    )


def _p(w: Any) -> int:
    return w.pub_project.pk


def _fresh_project(w: Any, *, live: bool = False) -> Any:
    project = ProjectFactory(
        direction=w.pub_project.direction, department=w.pub_project.department, manager=w.users["manager"]
    )
    if live:
        live_publication(project)
    return project


def _submitted(w: Any) -> list[int]:
    project = _fresh_project(w)
    version = PublicationFactory(project=project, status=Publication.Status.SUBMITTED)
    return [project.pk, version.pk]


ENTRIES = [
    Entry("projects:publication", args=lambda w: [_p(w)], expect=READ),
    Entry(
        "projects:publication",
        args=lambda w: [w.pub_secret.pk],
        expect=CONFIDENTIAL_READ,
        note="a confidential project's tab: only those who may open the project",
    ),
    Entry("projects:publication-history", args=lambda w: [_p(w), w.pub_version.pk], expect=READ),
    Entry("projects:publication-edit", args=lambda w: [_p(w)], expect=EDIT_GET),
    Entry(
        "projects:publication-edit",
        method="POST",
        args=lambda w: [_fresh_project(w).pk],
        data=lambda w: dict(TEXTS),
        expect=EDIT_POST,
    ),
    Entry(
        "projects:publication-submit",
        method="POST",
        args=lambda w: [_fresh_project(w).pk],
        expect=EDIT_POST,
        note="editors are sent back to the tab (with the service's message when there is nothing to submit)",
    ),
    Entry("projects:publication-approve", method="POST", args=_submitted, expect=PMO_POST),
    Entry(
        "projects:publication-return",
        method="POST",
        args=_submitted,
        data=lambda w: {"note": "Add the cost."},
        expect=PMO_POST,
    ),
    Entry(
        "projects:publication-withdraw",
        method="POST",
        args=lambda w: [_fresh_project(w, live=True).pk],
        data=lambda w: {"reason": "Outdated."},
        expect=PMO_POST,
    ),
    Entry("projects:publication-queue", expect={"anonymous": LOGIN, "pmo": 200, "admin": 200, "*": 403}),
]
