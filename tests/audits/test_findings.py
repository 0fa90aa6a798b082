"""Findings: recorded by the audit's auditors before issue, linked to the audit's checklist version; the
management response by the project's team during RESPONSE only (late ones marked); the readiness rule for
issue; the findings tab with score and rating bands, its query count flat as findings grow."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit, ChecklistAnswer, ChecklistItem, ChecklistVersion, Finding
from audits.services import findings as services
from tests.audits.factories import ActionFactory, FindingFactory, checklist_v1
from tests.audits.factories_findings import another_auditor, audit_for, audit_tab_placeholders  # noqa: F401
from tests.conftest import login

pytestmark = pytest.mark.django_db
S = Audit.Status


def _post_finding(client: Any, audit: Audit, **data: Any) -> Any:
    payload = {
        "severity": "major",
        "item": checklist_v1().items.get(number=5).pk,
        "title": "Отчёты о статусе сданы с опозданием",
        "description": "Два из четырёх отчётов сданы после срока.",
        "recommendation": "Назначить ответственного.",
        **data,
    }
    return client.post(reverse("audits:finding-create", args=[audit.pk]), payload)


def test_the_audits_auditor_records_a_finding_with_history(client: Any, auditor: Any, manager: Any) -> None:
    audit = audit_for(manager=manager, lead=auditor)
    login(client, auditor)
    assert client.get(reverse("audits:finding-create", args=[audit.pk])).status_code == 200
    response = _post_finding(client, audit)
    assert response.status_code == 302
    finding = Finding.objects.get(audit=audit)
    assert (finding.number, finding.severity, finding.item.number) == (1, "major", 5)  # type: ignore[union-attr]
    assert finding.history.get().history_user == auditor
    _post_finding(client, audit, severity="critical", title="Нет журнала рисков")
    assert list(audit.findings.values_list("number", "severity")) == [(1, "major"), (2, "critical")]


def test_a_finding_links_only_to_an_item_of_the_audits_checklist_version(auditor: Any, manager: Any) -> None:
    audit = audit_for(manager=manager, lead=auditor)
    other = ChecklistVersion.objects.create(version=2, status=ChecklistVersion.Status.DRAFT)
    foreign = ChecklistItem.objects.create(version=other, number=1, code="x", text_ru="Другой пункт")
    with pytest.raises(ValidationError):
        services.finding_create(
            audit=audit, actor=auditor, severity="minor", title="T", description="D", item=foreign
        )
    assert not Finding.objects.exists()


def test_the_form_refuses_a_bad_severity_and_writes_nothing(client: Any, auditor: Any, manager: Any) -> None:
    audit = audit_for(manager=manager, lead=auditor)
    login(client, auditor)
    response = _post_finding(client, audit, severity="catastrophic", title="")
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"severity", "title"}
    assert not Finding.objects.exists()


def test_an_auditor_outside_the_team_may_not_record_findings(client: Any, auditor: Any, manager: Any) -> None:
    audit = audit_for(manager=manager, lead=another_auditor())
    login(client, auditor)
    assert client.get(reverse("audits:audit-findings", args=[audit.pk])).status_code == 200
    assert _post_finding(client, audit).status_code == 403
    assert not Finding.objects.exists()


@pytest.mark.parametrize("status", [S.ISSUED, S.CANCELLED])
def test_findings_cannot_be_created_or_edited_after_issue(
    client: Any, auditor: Any, manager: Any, status: str
) -> None:
    audit = audit_for(manager=manager, lead=auditor)
    finding = FindingFactory(audit=audit, number=1)
    Audit.objects.filter(pk=audit.pk).update(status=status)
    audit.refresh_from_db()
    login(client, auditor)
    assert _post_finding(client, audit).status_code == 403
    edit = reverse("audits:finding-edit", args=[audit.pk, finding.pk])
    assert client.post(edit, {"severity": "minor", "title": "X", "description": "Y"}).status_code == 403
    with pytest.raises(ValidationError):
        services.finding_create(audit=audit, actor=auditor, severity="minor", title="T", description="D")
    with pytest.raises(ValidationError):
        services.finding_update(finding=finding, actor=auditor, severity="minor", title="T", description="D")
    finding.refresh_from_db()
    assert (finding.severity, audit.findings.count()) == ("major", 1)


def test_the_auditor_edits_a_finding_before_issue(client: Any, auditor: Any, manager: Any) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.DRAFT_REPORT)
    finding = FindingFactory(audit=audit, number=1)
    login(client, auditor)
    url = reverse("audits:finding-edit", args=[audit.pk, finding.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"severity": "critical", "title": "Новый", "description": "Условие"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.severity, finding.title) == ("critical", "Новый")
    assert finding.history.count() == 2


def test_critical_and_major_findings_need_an_action_before_issue(auditor: Any, manager: Any) -> None:
    audit = audit_for(manager=manager, lead=auditor)
    major = FindingFactory(audit=audit, number=1, severity="major")
    FindingFactory(audit=audit, number=2, severity="minor")
    critical = FindingFactory(audit=audit, number=3, severity="critical")
    reasons = services.findings_ready_for_issue(audit)
    assert len(reasons) == 2
    assert "1" in reasons[0]
    assert "3" in reasons[1]
    ActionFactory(finding=major, owner=manager)
    ActionFactory(finding=critical, owner=manager)
    assert services.findings_ready_for_issue(audit) == []


# --- management response ------------------------------------------------------------------------------------


def _respond(
    client: Any, audit: Audit, finding: Finding, text: str = "Согласны, назначим ответственного"
) -> Any:
    return client.post(
        reverse("audits:finding-respond", args=[audit.pk, finding.pk]), {"management_response": text}
    )


def test_the_project_team_responds_during_response_only(
    client: Any, auditor: Any, manager: Any, officer: Any, outsider_officer: Any, pmo: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.DRAFT_REPORT)
    finding = FindingFactory(audit=audit, number=1)
    login(client, manager)
    assert _respond(client, audit, finding).status_code == 404  # the draft is not out: invisible to the team
    Audit.objects.filter(pk=audit.pk).update(status=S.RESPONSE, response_due=datetime.date(2099, 1, 1))
    for user, expected in ((auditor, 403), (pmo, 403), (outsider_officer, 404)):
        client.logout()
        login(client, user)
        assert _respond(client, audit, finding).status_code == expected, user
    finding.refresh_from_db()
    assert finding.management_response == ""
    client.logout()
    login(client, officer)
    assert _respond(client, audit, finding).status_code == 302
    finding.refresh_from_db()
    assert (finding.responded_by, finding.response_due) == (officer, datetime.date(2099, 1, 1))
    assert not services.response_is_late(finding)
    Audit.objects.filter(pk=audit.pk).update(status=S.ISSUED)
    with pytest.raises(ValidationError):
        services.finding_respond(finding=finding, actor=manager, response="Поздно")


def test_a_response_after_the_deadline_is_accepted_and_marked_late(
    client: Any, auditor: Any, manager: Any
) -> None:
    audit = audit_for(
        manager=manager, lead=auditor, status=S.RESPONSE, response_due=datetime.date(2020, 1, 10)
    )
    finding = FindingFactory(audit=audit, number=1)
    login(client, manager)
    assert _respond(client, audit, finding).status_code == 302
    finding.refresh_from_db()
    assert services.response_is_late(finding)
    page = client.get(reverse("audits:audit-findings", args=[audit.pk]))
    assert 'data-testid="response-late"' in page.content.decode()


def test_an_empty_response_is_refused(client: Any, auditor: Any, manager: Any) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.RESPONSE)
    finding = FindingFactory(audit=audit, number=1)
    login(client, manager)
    assert _respond(client, audit, finding, text="   ").status_code == 200
    finding.refresh_from_db()
    assert finding.responded_at is None


def test_the_auditor_accepts_a_minor_findings_response_and_it_closes(
    client: Any, auditor: Any, manager: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.RESPONSE)
    minor = FindingFactory(audit=audit, number=1, severity="minor")
    major = FindingFactory(audit=audit, number=2, severity="major", management_response="Согласны")
    accept = reverse("audits:finding-accept", args=[audit.pk, minor.pk])
    login(client, manager)
    assert client.post(accept).status_code == 403
    client.logout()
    login(client, auditor)
    client.post(accept)
    minor.refresh_from_db()
    assert minor.status == Finding.Status.OPEN  # no response yet
    Finding.objects.filter(pk=minor.pk).update(management_response="Исправим")
    client.post(accept)
    minor.refresh_from_db()
    assert minor.status == Finding.Status.CLOSED
    with pytest.raises(ValidationError):
        services.finding_accept_response(finding=major, actor=auditor)  # closes with its actions only


# --- the findings tab ---------------------------------------------------------------------------------------


def test_the_findings_tab_shows_score_bands_findings_and_actions(
    client: Any, auditor: Any, manager: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor)
    items = list(checklist_v1().items.order_by("number")[:2])
    ChecklistAnswer.objects.create(audit=audit, item=items[0], result="compliant")
    ChecklistAnswer.objects.create(audit=audit, item=items[1], result="partial")
    finding = FindingFactory(audit=audit, number=1, item=items[1], title="Риски не обновлялись")
    ActionFactory(finding=finding, owner=manager, description="Обновлять журнал рисков ежемесячно")
    login(client, auditor)
    response = client.get(reverse("audits:audit-findings", args=[audit.pk]))
    assert response.status_code == 200
    page = response.context["page"]
    assert str(page.score) == "0.7500"
    assert page.rating == "medium"
    html = response.content.decode()
    assert "Риски не обновлялись" in html
    assert "Обновлять журнал рисков" in html
    assert html.count("<li") >= 4
    assert "75" in html
    assert reverse("audits:finding-create", args=[audit.pk]) in html


def test_the_findings_tab_is_hidden_from_the_team_until_the_draft_goes_out(
    client: Any, auditor: Any, manager: Any, pmo: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.DRAFT_REPORT)
    url = reverse("audits:audit-findings", args=[audit.pk])
    for user in (manager, pmo):
        login(client, user)
        assert client.get(url).status_code == 404
        client.logout()
    Audit.objects.filter(pk=audit.pk).update(status=S.RESPONSE)
    login(client, manager)
    response = client.get(url)
    assert response.status_code == 200
    assert reverse("audits:finding-create", args=[audit.pk]) not in response.content.decode()


def test_findings_tab_queries_do_not_grow_with_findings(client: Any, auditor: Any, manager: Any) -> None:
    audit = audit_for(manager=manager, lead=auditor)
    item = checklist_v1().items.get(number=3)
    finding = FindingFactory(audit=audit, number=1, item=item)
    ActionFactory(finding=finding, owner=manager)
    login(client, auditor)
    url = reverse("audits:audit-findings", args=[audit.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(2, 31):
        f = FindingFactory(
            audit=audit, number=n, item=item, responded_by=manager, responded_at=timezone.now()
        )
        ActionFactory(finding=f, owner=manager)
        ActionFactory(finding=f, owner=auditor)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(url)
    assert len(response.context["page"].rows) == 30
    assert len(thirty.captured_queries) == len(one.captured_queries)


def test_the_findings_tab_exports_what_it_shows(client: Any, auditor: Any, manager: Any) -> None:
    import io

    import openpyxl

    audit = audit_for(manager=manager, lead=auditor)
    finding = FindingFactory(audit=audit, number=1, title="Риски не обновлялись")
    ActionFactory(finding=finding, owner=manager, description="Обновлять журнал")
    login(client, auditor)
    response = client.get(reverse("audits:audit-findings", args=[audit.pk]), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert len(rows) == 2
    assert rows[1][0] == 1
    assert rows[1][3] == "Риски не обновлялись"
    assert "Обновлять журнал" in rows[1][7]
