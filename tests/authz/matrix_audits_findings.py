"""Audit findings and corrective actions. The audit (of a department-A project the manager runs, led by the
auditor) is out for the management response: auditors see it and record findings; the Project Office and the
project's team (manager, department-A officer) read it; the team responds and proposes actions; an action's
owner reports it done; an auditor who is not the owner verifies. Everyone else: 404 (403 on the corrective
actions list, which is not about one object). Superusers hold no auditor role here (as for expertise cases)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile

from tests.authz import LOGIN, Entry

READERS = {"anonymous": LOGIN, "auditor": 200, "pmo": 200, "manager": 200, "officer": 200, "*": 404}
AUDITOR_WORK = {"anonymous": LOGIN, "auditor": 200, "pmo": 403, "manager": 403, "officer": 403, "*": 404}
TEAM_RESPONSE = {"anonymous": LOGIN, "manager": 200, "officer": 200, "auditor": 403, "pmo": 403, "*": 404}
ADD_ACTION = {"anonymous": LOGIN, "auditor": 200, "manager": 200, "officer": 200, "pmo": 403, "*": 404}


def setup(world: Any) -> None:
    from audits.models import Audit, CorrectiveAction
    from tests.audits.factories import ActionFactory, AuditFactory, FindingFactory
    from tests.projects.factories import ProjectFactory

    u = world.users
    project = ProjectFactory(department=u["officer"].organization, manager=u["manager"])
    audit = AuditFactory(
        project=project,
        lead=u["auditor"],
        status=Audit.Status.RESPONSE,
        response_due=datetime.date(2099, 1, 1),
    )
    world.af_audit = audit
    world.af_minor = FindingFactory(
        audit=audit, number=1, severity="minor", management_response="Согласны, исправим"
    )
    world.af_major = FindingFactory(audit=audit, number=2, severity="major")
    world.af_open_action = ActionFactory(finding=world.af_major, owner=u["manager"])
    done = ActionFactory(
        finding=world.af_major,
        owner=u["officer"],
        status=CorrectiveAction.Status.DONE,
        completion_note="Сделано",
        evidence_name="evidence.pdf",
        evidence_sha256="0" * 64,
    )
    done.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    world.af_done_action = done


def _finding(world: Any, attr: str = "af_major") -> list[Any]:
    return [world.af_audit.pk, getattr(world, attr).pk]


ENTRIES = [
    Entry("audits:audit-findings", args=lambda w: [w.af_audit.pk], expect=READERS),
    Entry("audits:finding-create", args=lambda w: [w.af_audit.pk], expect=AUDITOR_WORK),
    Entry("audits:finding-edit", args=_finding, expect=AUDITOR_WORK),
    Entry("audits:finding-respond", args=_finding, expect=TEAM_RESPONSE),
    Entry(
        "audits:finding-accept",
        method="POST",
        args=lambda w: _finding(w, "af_minor"),
        expect={"anonymous": LOGIN, "auditor": 302, "pmo": 403, "manager": 403, "officer": 403, "*": 404},
        note="the auditor of the team accepts a minor finding's response (it closes) and is sent back to the tab",
    ),
    Entry("audits:action-create", args=_finding, expect=ADD_ACTION),
    Entry(
        "audits:action-list",
        expect={"anonymous": LOGIN, "auditor": 200, "manager": 200, "officer": 200, "*": 403},
        note="auditors and anyone who owns a corrective action",
    ),
    Entry("audits:action-detail", args=lambda w: [w.af_done_action.pk], expect=READERS),
    Entry(
        "audits:action-complete",
        args=lambda w: [w.af_open_action.pk],
        expect={"anonymous": LOGIN, "manager": 200, "auditor": 403, "pmo": 403, "officer": 403, "*": 404},
        note="only the action's owner reports it done",
    ),
    Entry(
        "audits:action-verify",
        args=lambda w: [w.af_done_action.pk],
        expect={"anonymous": LOGIN, "auditor": 200, "pmo": 403, "manager": 403, "officer": 403, "*": 404},
        note="an auditor who is not the owner (four eyes)",
    ),
    Entry("audits:action-evidence", args=lambda w: [w.af_done_action.pk], expect=READERS),
]
