"""Audits, fieldwork: the list (everyone signed in, each sees their audits), starting an audit (auditors), the
audit's pages and working papers. Before the report goes out only auditors see an audit (404 for the rest);
the audit's lead changes team and schedule; the audit's team answers and adds evidence; an auditor outside the
team reads but does not work (403). Once issued, the project's team (its department's officers, its manager)
and the Project Office read the audit and its working papers, and nobody changes them (403)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.authz import LOGIN, Entry

AUDITOR_ONLY = {"anonymous": LOGIN, "auditor": 200, "*": 404}
LEAD_WRITE = {"anonymous": LOGIN, "auditor": 302, "*": 404}
# an audit led by another auditor: the auditor persona reads it but is not in its team
OUTSIDER_READ = {"anonymous": LOGIN, "auditor": 200, "*": 404}
OUTSIDER_WRITE = {"anonymous": LOGIN, "auditor": 403, "*": 404}
# an issued audit: the project's team and the Project Office read it; nobody writes
SHARED_READ = {"anonymous": LOGIN, "auditor": 200, "pmo": 200, "officer": 200, "manager": 200, "*": 404}
OTHER = "an audit led by another auditor"
ISSUED = "an issued audit"
SHARED_WRITE = {"anonymous": LOGIN, "auditor": 403, "pmo": 403, "officer": 403, "manager": 403, "*": 404}


def setup(world: Any) -> None:
    from audits.models import Audit
    from audits.services import fieldwork as svc
    from tests.audits.factories import AuditorFactory, ProgrammeFactory, checklist_v1
    from tests.projects.factories import DocumentFactory, ProjectFactory

    users = world.users
    checklist_v1()
    programme = ProgrammeFactory(year=2026)
    project = ProjectFactory(department=users["officer"].organization, manager=users["manager"])

    def start(lead: Any, **kwargs: Any) -> Any:
        return svc.audit_start(
            actor=lead,
            project=project,
            programme=programme,
            lead=lead,
            cutoff_date=datetime.date(2026, 9, 30),
            planned_start=datetime.date(2026, 10, 5),
            planned_finish=datetime.date(2026, 10, 30),
            declared=True,
            **kwargs,
        )

    colleague = AuditorFactory()
    audit = start(users["auditor"], members=[colleague])
    world.audits_audit = audit
    world.audits_member = audit.team.get(user=colleague)
    world.audits_answer = audit.answers.get(item__code="procurement")
    world.audits_request = svc.request_add(
        audit=audit, actor=users["auditor"], text="Договор", due_date=datetime.date(2026, 10, 10)
    )
    world.audits_document = DocumentFactory(project=project)
    world.audits_evidence = svc.evidence_upload(
        answer=world.audits_answer,
        actor=users["auditor"],
        uploaded_file=SimpleUploadedFile("act.pdf", b"%PDF-1.4 act", content_type="application/pdf"),
    )

    other = start(AuditorFactory())
    world.audits_other = other
    world.audits_other_answer = other.answers.get(item__code="procurement")

    issued = start(users["auditor"])
    issued_answer = issued.answers.get(item__code="procurement")
    world.audits_issued_evidence = svc.evidence_upload(
        answer=issued_answer,
        actor=users["auditor"],
        uploaded_file=SimpleUploadedFile("act.pdf", b"%PDF-1.4 act", content_type="application/pdf"),
    )
    Audit.objects.filter(pk=issued.pk).update(status=Audit.Status.ISSUED, issued_at=timezone.now())
    world.audits_issued = issued
    world.audits_issued_answer = issued_answer


def _a(w: Any) -> list[Any]:
    return [w.audits_audit.pk]


def _upload(w: Any) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("act.pdf", b"%PDF-1.4 act", content_type="application/pdf")}


ENTRIES = [
    Entry("audits:home", expect={"anonymous": LOGIN, "*": 200}),
    Entry("audits:home", query="export=xlsx", expect={"anonymous": LOGIN, "*": 200}),
    Entry("audits:audit-create", expect={"anonymous": LOGIN, "auditor": 200, "*": 403}),
    Entry(
        "audits:audit-create",
        query="item=0",
        expect={"anonymous": LOGIN, "auditor": 404, "*": 403},
        note="an unknown drawn item",
    ),
    Entry("audits:audit-detail", args=_a, expect=AUDITOR_ONLY),
    Entry("audits:audit-history", args=_a, expect=AUDITOR_ONLY),
    Entry("audits:audit-schedule", args=_a, expect=AUDITOR_ONLY),
    Entry("audits:audit-team-add", args=_a, expect=AUDITOR_ONLY),
    Entry(
        "audits:audit-team-remove",
        args=lambda w: [w.audits_audit.pk, w.audits_member.pk],
        method="POST",
        expect=LEAD_WRITE,
    ),
    Entry("audits:audit-fieldwork-start", args=_a, method="POST", expect=LEAD_WRITE),
    Entry("audits:audit-notify", args=_a, method="POST", expect=LEAD_WRITE),
    Entry("audits:audit-prechecks", args=_a, method="POST", expect=LEAD_WRITE),
    Entry("audits:audit-request-add", args=_a, expect=AUDITOR_ONLY),
    Entry(
        "audits:audit-request-update",
        args=lambda w: [w.audits_audit.pk, w.audits_request.pk],
        method="POST",
        data=lambda w: {"status": "received"},
        expect=LEAD_WRITE,
    ),
    Entry(
        "audits:audit-answer",
        args=lambda w: [w.audits_audit.pk, w.audits_answer.pk],
        expect=LEAD_WRITE,
        note="a plain GET goes to the row on the audit page",
    ),
    Entry(
        "audits:audit-answer",
        args=lambda w: [w.audits_audit.pk, w.audits_answer.pk],
        method="POST",
        data=lambda w: {"result": "compliant"},
        expect=LEAD_WRITE,
    ),
    Entry(
        "audits:audit-evidence-upload",
        args=lambda w: [w.audits_audit.pk, w.audits_answer.pk],
        method="POST",
        data=_upload,
        expect=LEAD_WRITE,
    ),
    Entry(
        "audits:audit-evidence-link",
        args=lambda w: [w.audits_audit.pk, w.audits_answer.pk],
        method="POST",
        data=lambda w: {"document": w.audits_document.pk},
        expect=LEAD_WRITE,
    ),
    Entry(
        "audits:audit-evidence",
        args=lambda w: [w.audits_audit.pk, w.audits_evidence.pk],
        expect=AUDITOR_ONLY,
    ),
    Entry(
        "audits:audit-evidence-remove",
        args=lambda w: [w.audits_audit.pk, w.audits_evidence.pk],
        method="POST",
        expect=LEAD_WRITE,
    ),
    # an audit led by another auditor
    Entry("audits:audit-detail", args=lambda w: [w.audits_other.pk], expect=OUTSIDER_READ, note=OTHER),
    Entry(
        "audits:audit-answer",
        args=lambda w: [w.audits_other.pk, w.audits_other_answer.pk],
        method="POST",
        data=lambda w: {"result": "compliant"},
        expect=OUTSIDER_WRITE,
        note=OTHER,
    ),
    Entry(
        "audits:audit-notify",
        args=lambda w: [w.audits_other.pk],
        method="POST",
        expect=OUTSIDER_WRITE,
        note=OTHER,
    ),
    Entry("audits:audit-schedule", args=lambda w: [w.audits_other.pk], expect=OUTSIDER_WRITE, note=OTHER),
    # an issued audit
    Entry("audits:audit-detail", args=lambda w: [w.audits_issued.pk], expect=SHARED_READ, note=ISSUED),
    Entry("audits:audit-history", args=lambda w: [w.audits_issued.pk], expect=SHARED_READ, note=ISSUED),
    Entry(
        "audits:audit-evidence",
        args=lambda w: [w.audits_issued.pk, w.audits_issued_evidence.pk],
        expect=SHARED_READ,
        note=ISSUED,
    ),
    Entry(
        "audits:audit-answer",
        args=lambda w: [w.audits_issued.pk, w.audits_issued_answer.pk],
        method="POST",
        data=lambda w: {"result": "compliant"},
        expect=SHARED_WRITE,
        note=ISSUED,
    ),
    Entry(
        "audits:audit-evidence-upload",
        args=lambda w: [w.audits_issued.pk, w.audits_issued_answer.pk],
        method="POST",
        data=_upload,
        expect=SHARED_WRITE,
        note=ISSUED,
    ),
]
