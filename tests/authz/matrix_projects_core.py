"""The project card, its create/update forms, passport and gates, documents, team, PDF and methodology.

World: `w.project` (department A, manager = manager persona, direction 1) and `w.secret`, the same but
confidential: invisible (404) to the outsider officer, SAC, experts and auditors.
"""

from __future__ import annotations

from typing import Any

from pmis.reference.models import Direction
from projects.services.project import department_officer_add
from tests.authz import LOGIN, Entry
from tests.projects import factories as pf


def setup(world: Any) -> None:
    users = world.users
    direction = Direction.objects.get(code="transport")
    department = users["officer"].organization
    department_officer_add(user=users["officer"], department=department)
    department_officer_add(user=users["outsider_officer"], department=users["outsider_officer"].organization)
    world.project = pf.ProjectFactory(direction=direction, department=department, manager=users["manager"])
    world.secret = pf.ProjectFactory(
        direction=direction, department=department, manager=users["manager"], is_confidential=True
    )
    world.secret_passport = pf.PassportVersionFactory(project=world.secret, version=1)
    world.secret_document = pf.DocumentFactory(project=world.secret)
    world.other_member = pf.ProjectMemberFactory(project=world.project)
    world.template_version = pf.MethodologyTemplateVersionFactory()


INVISIBLE = {"outsider_officer": 404, "sac": 404, "expert": 404, "expertise_head": 404, "auditor": 404}
# read the confidential project: everyone else who is signed in
READ_SECRET = {"anonymous": LOGIN, **INVISIBLE, "*": 200}
# edit a project of department A: its officers (group), its manager, Project Office, administrators
EDIT = {"anonymous": LOGIN, "officer": 200, "manager": 200, "pmo": 200, "admin": 200, "*": 403}
EDIT_SECRET = {**EDIT, **INVISIBLE}
EDIT_SECRET_POST = {k: (302 if v == 200 else v) for k, v in EDIT_SECRET.items()}
DECIDE_SECRET = {"anonymous": LOGIN, **INVISIBLE, "direction_head": 200, "pmo": 200, "committee": 200, "admin": 200, "*": 403}

ENTRIES = [
    Entry("projects:create", expect={"anonymous": LOGIN, "officer": 200, "outsider_officer": 200, "manager": 200,
                                     "pmo": 200, "admin": 200, "*": 403}),
    Entry("projects:detail", args=lambda w: [w.secret.pk], expect=READ_SECRET),
    Entry("projects:update", args=lambda w: [w.project.pk], expect=EDIT),
    Entry("projects:update", args=lambda w: [w.secret.pk], expect=EDIT_SECRET, note="confidential"),
    Entry("projects:update", method="POST", args=lambda w: [w.project.pk], expect=EDIT,
          note="empty POST: the form re-renders with errors"),
    Entry("projects:passport", args=lambda w: [w.secret.pk], expect=READ_SECRET),
    Entry("projects:passport-draft", method="POST", args=lambda w: [w.secret.pk], expect=EDIT_SECRET_POST),
    Entry("projects:passport-edit", args=lambda w: [w.secret.pk, w.secret_passport.pk], expect=EDIT_SECRET),
    Entry("projects:passport-submit", method="POST", args=lambda w: [w.secret.pk, w.secret_passport.pk],
          expect=EDIT_SECRET_POST),
    Entry("projects:passport-decide", method="POST", args=lambda w: [w.secret.pk, w.secret_passport.pk],
          expect={k: (302 if v == 200 else v) for k, v in DECIDE_SECRET.items()}),
    Entry("projects:gate-record", args=lambda w: [w.secret.pk], expect=DECIDE_SECRET),
    Entry("projects:stage-advance", method="POST", args=lambda w: [w.secret.pk], expect=EDIT_SECRET_POST),
    Entry("projects:documents", args=lambda w: [w.secret.pk], expect=READ_SECRET),
    Entry("projects:document-upload", method="POST", args=lambda w: [w.secret.pk], expect=EDIT_SECRET,
          note="empty POST: the form re-renders with errors"),
    Entry("projects:document-download", args=lambda w: [w.secret.pk, w.secret_document.pk], expect=READ_SECRET),
    Entry("projects:document-download", args=lambda w: [w.project.pk, w.secret_document.pk],
          expect={"anonymous": LOGIN, "*": 404}, note="IDOR: another project's document through a visible project"),
    Entry("projects:team", args=lambda w: [w.secret.pk], expect=READ_SECRET),
    Entry("projects:member-add", method="POST", args=lambda w: [w.secret.pk], expect=EDIT_SECRET),
    Entry("projects:member-remove", method="POST", args=lambda w: [w.secret.pk, w.other_member.pk],
          expect={k: (404 if v == 200 else v) for k, v in EDIT_SECRET.items()},
          note="IDOR: a membership of another project is not found through this one"),
    Entry("projects:history", args=lambda w: [w.secret.pk], expect=READ_SECRET),
    Entry("projects:card-pdf", method="POST", args=lambda w: [w.secret.pk],
          expect={k: (302 if v == 200 else v) for k, v in READ_SECRET.items()}),
    Entry("projects:methodology", expect={"anonymous": LOGIN, "*": 200}),
    Entry("projects:methodology-publish", expect={"anonymous": LOGIN, "pmo": 200, "admin": 200, "*": 403}),
    Entry("projects:methodology-download", args=lambda w: [w.template_version.pk], expect={"anonymous": LOGIN, "*": 200}),
]
