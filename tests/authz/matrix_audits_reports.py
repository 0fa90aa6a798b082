"""Audit reports, analytics and the project card's Audits tab. An audit in fieldwork is the auditors' alone; from
the draft sent for response on, the Project Office and the project's team (department A: officer, manager) read
it and its report documents. Only the lead auditor moves the report (send, issue, render again); analytics are
for auditors and the Project Office; the card tab opens as the card does."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from tests.authz import LOGIN, Entry

AUDIT_ONLY = {"anonymous": LOGIN, "auditor": 200, "*": 404}
SHARED = {"anonymous": LOGIN, "auditor": 200, "pmo": 200, "officer": 200, "manager": 200, "*": 404}
# a shared audit: the Project Office and the team see it but may not act as its lead
LEAD_ON_SHARED = {"anonymous": LOGIN, "pmo": 403, "officer": 403, "manager": 403, "*": 404}
FUNCTION = {"anonymous": LOGIN, "auditor": 200, "pmo": 200, "*": 403}
SECRET = {
    "anonymous": LOGIN,
    "outsider_officer": 200,
    "coordinator": 200,
    "direction_head": 200,
    "pmo": 200,
    "committee": 200,
    "admin": 200,
    "*": 404,
}


def setup(world: Any) -> None:
    from audits.models import Audit, AuditReport
    from tests.audits.factories_reports import audit_at
    from tests.projects.factories import ProjectFactory

    u = world.users
    auditor = u["auditor"]
    direction = u["coordinator"].coordinated_directions.first()
    project = ProjectFactory(direction=direction, department=u["officer"].organization, manager=u["manager"])
    world.rpt_project = project
    world.rpt_secret = ProjectFactory(
        direction=direction, department=u["outsider_officer"].organization, is_confidential=True
    )
    world.rpt_fieldwork = audit_at(Audit.Status.FIELDWORK, lead=auditor, project=project)
    world.rpt_response = audit_at(Audit.Status.RESPONSE, lead=auditor, project=project)
    world.rpt_draft = AuditReport.objects.create(
        audit=world.rpt_response, kind=AuditReport.Kind.DRAFT, language="ru", issued_by=auditor
    )
    world.rpt_issued = audit_at(Audit.Status.ISSUED, lead=auditor, project=project)
    final = AuditReport(
        audit=world.rpt_issued,
        kind=AuditReport.Kind.FINAL,
        number="99/2026",
        language="ru",
        issued_by=auditor,
        sha256="0" * 64,
        size=8,
    )
    final.file.save("final.pdf", ContentFile(b"%PDF-1.4"), save=False)
    final.save()
    final.issued_at = final.created_at
    final.save(update_fields=["issued_at"])
    world.rpt_final = final
    world.rpt_draft.issued_at = world.rpt_draft.created_at
    world.rpt_draft.save(update_fields=["issued_at"])


ENTRIES = [
    Entry("audits:audit-report", args=lambda w: [w.rpt_fieldwork.pk], expect=AUDIT_ONLY),
    Entry("audits:audit-report", args=lambda w: [w.rpt_response.pk], expect=SHARED, note="out for response"),
    Entry(
        "audits:audit-report-prepare",
        method="POST",
        args=lambda w: [w.rpt_fieldwork.pk],
        expect={"anonymous": LOGIN, "auditor": 302, "*": 404},
    ),
    Entry(
        "audits:audit-report-send",
        method="POST",
        args=lambda w: [w.rpt_response.pk],
        data=lambda w: {"send-language": "kk"},
        expect={**LEAD_ON_SHARED, "auditor": 200},
        note="the lead's refusal (already sent) is the form again",
    ),
    Entry(
        "audits:audit-report-issue",
        method="POST",
        args=lambda w: [w.rpt_response.pk],
        data=lambda w: {"issue-language": "en"},
        expect={**LEAD_ON_SHARED, "auditor": 302},
    ),
    Entry(
        "audits:audit-report-render",
        method="POST",
        args=lambda w: [w.rpt_response.pk, w.rpt_draft.pk],
        expect={**LEAD_ON_SHARED, "auditor": 302},
    ),
    Entry(
        "audits:audit-report-render",
        method="POST",
        args=lambda w: [w.rpt_issued.pk, w.rpt_final.pk],
        expect={**LEAD_ON_SHARED, "auditor": 404},
        note="a kept final file is never rendered again",
    ),
    Entry("audits:audit-report-pdf", args=lambda w: [w.rpt_issued.pk, w.rpt_final.pk], expect=SHARED),
    Entry(
        "audits:audit-report-pdf",
        args=lambda w: [w.rpt_fieldwork.pk, w.rpt_final.pk],
        expect=AUDIT_ONLY | {"auditor": 404},
        note="a report of another audit: IDOR",
    ),
    Entry("audits:analytics", expect=FUNCTION),
    Entry("audits:analytics", query="export=xlsx&table=workload", expect=FUNCTION, note="Excel export"),
    Entry(
        "audits:analytics-pdf",
        method="POST",
        data=lambda w: {"pdf-year": "2026", "pdf-language": "kk"},
        expect={"anonymous": LOGIN, "auditor": 302, "pmo": 302, "*": 403},
    ),
    Entry("audits:project-audits", args=lambda w: [w.rpt_project.pk], expect={"anonymous": LOGIN, "*": 200}),
    Entry(
        "audits:project-audits",
        args=lambda w: [w.rpt_secret.pk],
        expect=SECRET,
        note="confidential project: IDOR",
    ),
]
