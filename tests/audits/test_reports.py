"""The audit report: the lead auditor's workflow (fieldwork → draft → management response → final), the
refusals (issue twice, a critical finding without an action, someone other than the lead), the PDF in the
document's language with the draw's verification link and QR code, its SHA-256 and the numbering."""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from audits.exports_reports import report_context
from audits.models import Audit, AuditReport, Finding
from audits.services import reports as svc
from pmis.core.portal import add_working_days
from pmis.notifications.models import Notification
from tests.audits.factories import ActionFactory, FindingFactory
from tests.audits.factories_reports import answer, audit_at, auditor_user, draw_for, evidence
from tests.conftest import login
from tests.projects.factories import ProjectFactory

OWN_LANGUAGE = True  # these tests compare pages with the catalogs' wording (tests/audits/conftest.py)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.audits.urls_reports")]
S = Audit.Status


def pdf_text(content: bytes) -> str:
    """The PDF's text (poppler's pdftotext is a test dependency: no silent skip)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(content)
        fh.flush()
        return subprocess.run(["pdftotext", fh.name, "-"], capture_output=True, text=True, check=True).stdout


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


@pytest.fixture
def project(department_a: Any, direction: Any, manager: Any) -> Any:
    return ProjectFactory(department=department_a, direction=direction, manager=manager)


@pytest.fixture
def audit(auditor: Any, project: Any) -> Audit:
    audit = audit_at(S.FIELDWORK, project=project, lead=auditor, scope="Соблюдение регламента отчётности")
    draw_for(audit)
    answer(audit, 1, "compliant")
    answer(audit, 2, "partial")
    row = answer(audit, 5, "non_compliant", comment="Два отчёта с опозданием")
    evidence(row, "reports-2026.xlsx", b"status reports")
    answer(audit, 10, "na")
    return audit


def _post(client: Any, name: str, audit: Audit, data: dict[str, str] | None = None, **kw: Any) -> Any:
    return client.post(reverse(name, args=[audit.pk]), data or {}, **kw)


def test_lead_walks_the_report_from_fieldwork_to_issue(
    client: Any,
    auditor: Any,
    audit: Audit,
    officer: Any,
    manager: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    finding = FindingFactory(audit=audit, severity=Finding.Severity.MAJOR)
    ActionFactory(finding=finding, owner=manager)
    login(client, auditor)
    assert _post(client, "audits:audit-report-prepare", audit).status_code == 302
    audit.refresh_from_db()
    assert audit.status == S.DRAFT_REPORT

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "audits:audit-report-send", audit, {"send-language": "kk"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == S.RESPONSE
    assert audit.response_due == add_working_days(timezone.localdate(), 10)
    finding.refresh_from_db()
    assert finding.response_due == audit.response_due
    draft = AuditReport.objects.get(audit=audit, kind=AuditReport.Kind.DRAFT)
    assert draft.language == "kk"
    assert draft.number == ""
    assert draft.sha256 == hashlib.sha256(draft.file.read()).hexdigest()
    # the team is told, each in their own language: a message key with arguments, not a rendered string
    told = Notification.objects.filter(recipient__in=[officer, manager])
    assert told.count() == 2
    assert told.first().title_msg["args"]["number"] == audit.number  # type: ignore[union-attr]

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "audits:audit-report-issue", audit, {"issue-language": "en"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == S.ISSUED
    assert audit.issued_at is not None
    # (1·1 + 1·0.5 + 1·0) / 3, the n.a. item left out
    assert str(audit.score) == "0.5000"
    assert audit.rating == "low"
    final = AuditReport.objects.get(audit=audit, kind=AuditReport.Kind.FINAL)
    assert final.number == f"01/{timezone.localdate().year}"
    content = final.file.read()
    assert final.sha256 == hashlib.sha256(content).hexdigest()
    assert final.size == len(content)

    page = client.get(reverse("audits:audit-report", args=[audit.pk])).content.decode()
    assert final.sha256 in page
    assert draft.sha256 in page
    download = client.get(reverse("audits:audit-report-pdf", args=[audit.pk, final.pk]))
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == final.sha256


def test_the_pdf_is_in_the_documents_language_with_the_draw_reference(
    client: Any, auditor: Any, audit: Audit, django_capture_on_commit_callbacks: Any
) -> None:
    FindingFactory(audit=audit, severity=Finding.Severity.MINOR, title="Риски не обновлялись")
    login(client, auditor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    _post(client, "audits:audit-report-prepare", audit)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "audits:audit-report-send", audit, {"send-language": "kk"}, follow=True)
    assert '<html lang="ru">' in response.content.decode()
    draft = AuditReport.objects.get(audit=audit, kind=AuditReport.Kind.DRAFT)
    text = pdf_text(draft.file.read())
    assert in_language("kk", "Responsible department") in text
    assert in_language("ru", "Responsible department") not in text
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, "audits:audit-report-issue", audit, {"issue-language": "en"})
    final = AuditReport.objects.get(audit=audit, kind=AuditReport.Kind.FINAL)
    text = " ".join(pdf_text(final.file.read()).split())
    for heading in (
        "Date of issue",
        "Basic direction",
        "Population and draw",
        "Checklist results",
        "Action plan",
    ):
        assert heading in text
    assert in_language("ru", "Basic direction") not in text
    draw = audit.draw
    assert draw is not None
    assert draw.population_sha256 in text.replace(" ", "")
    assert draw.seed in text
    assert f"/audits/draw/{draw.number}" in text.replace(" ", "") or draw.number in text
    assert "reports-2026.xlsx" in text  # the evidence list, with its hash
    assert hashlib.sha256(b"status reports").hexdigest() in text.replace(" ", "")
    assert "Риски не обновлялись" in text
    assert final.number in text  # the number in the page margin


def test_the_report_carries_a_qr_code_of_the_public_verification_page(auditor: Any, audit: Audit) -> None:
    audit.status = S.RESPONSE
    audit.save(update_fields=["status"])
    report = AuditReport.objects.create(audit=audit, kind="draft", language="en", issued_by=auditor)
    context = report_context(report, site_url="https://pmis.example.kz/")
    assert context["draw_url"] == "https://pmis.example.kz" + audit.draw.get_public_url()  # type: ignore[union-attr]
    assert str(context["draw_qr"]).startswith("<svg")
    html = render_to_string("audits/pdf/report.html", context)
    assert 'data-testid="draw-qr"><svg' in html
    assert context["draw_url"] in html


def test_issue_twice_is_refused_and_nothing_changes(
    client: Any, auditor: Any, audit: Audit, django_capture_on_commit_callbacks: Any
) -> None:
    audit.status = S.RESPONSE
    audit.save(update_fields=["status"])
    login(client, auditor)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, "audits:audit-report-issue", audit, {"issue-language": "ru"}).status_code == 302
    audit.refresh_from_db()
    issued_at = audit.issued_at
    response = _post(client, "audits:audit-report-issue", audit, {"issue-language": "ru"})
    assert response.status_code == 200
    assert in_language(
        "ru", "The final report of this audit is already issued; it cannot be issued again."
    ) in (response.content.decode())
    assert AuditReport.objects.filter(audit=audit, kind="final").count() == 1
    audit.refresh_from_db()
    assert audit.issued_at == issued_at


def test_a_critical_finding_without_an_action_blocks_the_issue(
    client: Any, auditor: Any, audit: Audit, manager: Any
) -> None:
    audit.status = S.RESPONSE
    audit.save(update_fields=["status"])
    critical = FindingFactory(audit=audit, severity=Finding.Severity.CRITICAL)
    FindingFactory(audit=audit, severity=Finding.Severity.MINOR)  # a minor one needs no action
    login(client, auditor)
    page = client.get(reverse("audits:audit-report", args=[audit.pk])).content.decode()
    assert 'data-testid="report-blockers"' in page
    response = _post(client, "audits:audit-report-issue", audit, {"issue-language": "ru"})
    assert response.status_code == 200
    with translation.override("ru"):
        reason = svc.issue_blockers(audit)
    assert len(reason) == 1
    assert reason[0] in response.content.decode()
    audit.refresh_from_db()
    assert audit.status == S.RESPONSE
    assert audit.score is None
    assert audit.issued_at is None
    assert not AuditReport.objects.filter(audit=audit).exists()
    ActionFactory(finding=critical, owner=manager)
    assert svc.issue_blockers(audit) == []


def test_only_the_lead_moves_the_report(client: Any, audit: Audit, officer: Any, pmo: Any) -> None:
    other = auditor_user()
    login(client, other)
    assert _post(client, "audits:audit-report-prepare", audit).status_code == 403
    assert client.get(reverse("audits:audit-report", args=[audit.pk])).status_code == 200
    # the team and the Project Office do not see an audit in fieldwork at all
    for user in (officer, pmo):
        login(client, user)
        assert client.get(reverse("audits:audit-report", args=[audit.pk])).status_code == 404
        assert _post(client, "audits:audit-report-prepare", audit).status_code == 404
    audit.refresh_from_db()
    assert audit.status == S.FIELDWORK


def test_steps_out_of_order_are_refused(auditor: Any, audit: Audit) -> None:
    with translation.override("en"):
        with pytest.raises(ValidationError, match="draft report can be sent"):
            svc.report_draft_send(audit=audit, actor=auditor, language="ru")
        with pytest.raises(ValidationError, match="after the draft went out"):
            svc.report_issue(audit=audit, actor=auditor, language="ru")
        svc.report_draft_prepare(audit=audit, actor=auditor)
        with pytest.raises(ValidationError, match="fieldwork is under way"):
            svc.report_draft_prepare(audit=audit, actor=auditor)


def test_final_reports_are_numbered_in_sequence_per_year(auditor: Any, project: Any) -> None:
    year = timezone.localdate().year
    numbers = []
    for _ in range(2):
        audit = audit_at(S.RESPONSE, project=project, lead=auditor)
        numbers.append(svc.report_issue(audit=audit, actor=auditor, language="ru").number)
    assert numbers == [f"01/{year}", f"02/{year}"]


def test_the_team_reads_the_final_report_and_the_stored_file_never_changes(
    client: Any,
    auditor: Any,
    audit: Audit,
    officer: Any,
    outsider_officer: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    audit.status = S.RESPONSE
    audit.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        final = svc.report_issue(audit=audit, actor=auditor, language="ru")
    final.refresh_from_db()
    sha = final.sha256
    assert sha
    svc.report_pdf_store(report=final, content=b"something else")
    final.refresh_from_db()
    assert final.sha256 == sha
    url = reverse("audits:audit-report-pdf", args=[audit.pk, final.pk])
    login(client, officer)
    assert client.get(url).status_code == 200
    login(client, outsider_officer)
    assert client.get(url).status_code == 404


def test_report_tab_polls_only_its_status_and_its_queries_stay_flat(
    client: Any, auditor: Any, audit: Audit, num_queries: Any
) -> None:
    audit.status = S.RESPONSE
    audit.save(update_fields=["status"])
    login(client, auditor)
    url = reverse("audits:audit-report", args=[audit.pk])
    fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": "report-status"})
    body = fragment.content.decode()
    assert body.lstrip().startswith('<section id="report-status"')
    assert "<html" not in body
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(3):
        AuditReport.objects.create(audit=audit, kind="draft", language="ru", issued_by=auditor)
        FindingFactory(audit=audit, severity=Finding.Severity.MINOR, title=f"Замечание {n}")
    with num_queries(len(first.captured_queries)):
        client.get(url)
