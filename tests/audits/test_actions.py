"""Corrective actions: proposed by the project's team during the response (or by the audit's auditors), owned
by a team member, due from today on; reported done by the owner only with a checked evidence file (SHA-256
kept); verified or sent back by an auditor who is not the owner (four eyes); the finding closes when every
action is verified; the "Corrective actions" list, its filters and the access-checked evidence download."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit, CorrectiveAction, Finding
from audits.permissions import sees_corrective_actions
from audits.services import findings as services
from pmis.notifications.models import Notification
from tests.audits.factories import ActionFactory, FindingFactory
from tests.audits.factories_findings import (  # noqa: F401
    PDF,
    another_auditor,
    audit_for,
    audit_tab_placeholders,
    pdf_upload,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db
S = Audit.Status


def _tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def _add(client: Any, audit: Audit, finding: Finding, owner: Any, due: datetime.date | None = None) -> Any:
    return client.post(
        reverse("audits:action-create", args=[audit.pk, finding.pk]),
        {
            "description": "Назначить ответственного",
            "owner": owner.pk,
            "due_date": (due or _tomorrow()).isoformat(),
        },
    )


def test_the_team_proposes_an_action_owned_by_a_team_member(
    client: Any, auditor: Any, manager: Any, officer: Any, outsider_officer: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.RESPONSE)
    finding = FindingFactory(audit=audit, number=1)
    login(client, manager)
    assert client.get(reverse("audits:action-create", args=[audit.pk, finding.pk])).status_code == 200
    assert _add(client, audit, finding, outsider_officer).status_code == 200  # not of the team: refused
    past = _add(client, audit, finding, officer, due=timezone.localdate() - datetime.timedelta(days=1))
    assert past.status_code == 200
    assert "due_date" in past.context["form"].errors
    assert not CorrectiveAction.objects.exists()
    assert _add(client, audit, finding, officer).status_code == 302
    action = CorrectiveAction.objects.get()
    assert (action.owner, action.status, action.history.get().history_user) == (officer, "open", manager)
    assert (
        Notification.objects.get(recipient=officer).title_msg["key"].startswith("You own a corrective action")
    )


def test_auditors_add_actions_too_and_outsiders_may_not(
    client: Any, auditor: Any, manager: Any, outsider_officer: Any, pmo: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.FIELDWORK)
    finding = FindingFactory(audit=audit, number=1)
    login(client, auditor)
    assert _add(client, audit, finding, manager).status_code == 302
    Audit.objects.filter(pk=audit.pk).update(status=S.RESPONSE)
    for user, expected in ((outsider_officer, 404), (pmo, 403)):
        client.logout()
        login(client, user)
        assert _add(client, audit, finding, manager).status_code == expected
    assert CorrectiveAction.objects.count() == 1


def test_only_the_owner_reports_an_action_done_with_checked_evidence(
    client: Any, auditor: Any, manager: Any, officer: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.ISSUED)
    action = ActionFactory(finding=FindingFactory(audit=audit, number=1), owner=officer)
    url = reverse("audits:action-complete", args=[action.pk])
    login(client, manager)  # sees the action (project team) but does not own it
    assert client.get(url).status_code == 403
    client.logout()
    login(client, officer)
    bad = client.post(url, {"completion_note": "Сделано", "evidence": pdf_upload("fake.pdf", b"MZ\x90\x00")})
    assert bad.status_code == 200
    assert "evidence" in bad.context["form"].errors
    action.refresh_from_db()
    assert (action.status, action.evidence.name) == ("open", "")
    response = client.post(
        url, {"completion_note": "Назначен ответственный приказом", "evidence": pdf_upload()}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.DONE
    assert action.evidence_sha256 == hashlib.sha256(PDF).hexdigest()
    assert action.evidence_name == "evidence.pdf"
    assert action.evidence.name.endswith(".pdf")
    assert "evidence" not in action.evidence.name  # stored under a random name
    assert (
        Notification.objects.filter(recipient=auditor).count() == 1
    )  # the audit's auditor is asked to verify
    with pytest.raises(ValidationError):  # done once: not again
        services.action_complete(action=action, actor=officer, note="again", uploaded_file=pdf_upload())


def test_the_evidence_download_is_access_checked(
    client: Any, auditor: Any, manager: Any, officer: Any, outsider_officer: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.ISSUED)
    action = ActionFactory(finding=FindingFactory(audit=audit, number=1), owner=officer)
    services.action_complete(action=action, actor=officer, note="Сделано", uploaded_file=pdf_upload())
    url = reverse("audits:action-evidence", args=[action.pk])
    for user, expected in ((officer, 200), (auditor, 200), (manager, 200), (outsider_officer, 404)):
        login(client, user)
        response = client.get(url)
        assert response.status_code == expected, user
        if expected == 200:
            assert b"".join(response.streaming_content) == PDF
        client.logout()


def test_an_auditor_not_the_owner_verifies_and_the_finding_closes(
    client: Any, auditor: Any, manager: Any, officer: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.ISSUED)
    finding = FindingFactory(audit=audit, number=1, severity="critical")
    first = ActionFactory(finding=finding, owner=officer)
    second = ActionFactory(finding=finding, owner=manager)
    for action, owner in ((first, officer), (second, manager)):
        services.action_complete(action=action, actor=owner, note="Сделано", uploaded_file=pdf_upload())
    url = reverse("audits:action-verify", args=[first.pk])
    login(client, officer)
    assert client.post(url, {"decision": "verify"}).status_code == 403  # the owner never verifies
    client.logout()
    login(client, auditor)
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "verify", "note": "Приказ проверен"}).status_code == 302
    first.refresh_from_db()
    finding.refresh_from_db()
    assert (first.status, first.verified_by, finding.status) == ("verified", auditor, "open")
    client.post(reverse("audits:action-verify", args=[second.pk]), {"decision": "verify"})
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CLOSED
    assert finding.history.first().history_user == auditor  # type: ignore[union-attr]
    assert [h.status for h in first.history.order_by("history_date")] == ["open", "done", "verified"]


def test_an_auditor_who_owns_the_action_cannot_verify_it(auditor: Any, manager: Any) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.ISSUED)
    action = ActionFactory(finding=FindingFactory(audit=audit, number=1), owner=auditor)
    services.action_complete(action=action, actor=auditor, note="Сделано", uploaded_file=pdf_upload())
    with pytest.raises(ValidationError):
        services.action_verify(action=action, actor=auditor)
    services.action_verify(action=action, actor=another_auditor(), note="")
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.VERIFIED


def test_the_auditor_sends_an_action_back_with_a_note(
    client: Any, auditor: Any, manager: Any, officer: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.ISSUED)
    action = ActionFactory(finding=FindingFactory(audit=audit, number=1), owner=officer)
    services.action_complete(action=action, actor=officer, note="Сделано", uploaded_file=pdf_upload())
    login(client, auditor)
    url = reverse("audits:action-verify", args=[action.pk])
    refused = client.post(url, {"decision": "return", "note": ""})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert client.post(url, {"decision": "return", "note": "Нет подписи на приказе"}).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.verification_note) == ("open", "Нет подписи на приказе")
    note = Notification.objects.filter(recipient=officer).latest("pk")
    assert note.title_msg["key"] == "Your corrective action of audit %(audit)s was sent back"
    with pytest.raises(ValidationError):  # open again: nothing to verify
        services.action_verify(action=action, actor=auditor)


def test_the_action_list_filters_and_the_menu_predicate(
    client: Any, auditor: Any, manager: Any, officer: Any, outsider_officer: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.ISSUED)
    finding = FindingFactory(audit=audit, number=1)
    late = ActionFactory(
        finding=finding, owner=officer, due_date=datetime.date(2020, 1, 1), description="Просрочено"
    )
    ActionFactory(finding=finding, owner=officer, due_date=datetime.date(2099, 1, 1), description="В срок")
    ActionFactory(finding=finding, owner=manager, due_date=datetime.date(2099, 1, 1), description="Чужое")
    assert sees_corrective_actions(officer)
    assert sees_corrective_actions(auditor)
    assert not sees_corrective_actions(outsider_officer)
    url = reverse("audits:action-list")
    login(client, outsider_officer)
    assert client.get(url).status_code == 403
    client.logout()
    login(client, officer)
    page = client.get(url).context["page"]
    assert page.paginator.count == 3  # owns two, sees the third through the issued audit of its project
    assert [a.pk for a in client.get(url, {"overdue": "on"}).context["page"]] == [late.pk]
    assert client.get(url, {"mine": "on"}).context["page"].paginator.count == 2
    assert client.get(url, {"status": "verified"}).context["page"].paginator.count == 0
    assert client.get(url, {"q": "Чужое"}).context["page"].paginator.count == 1
    export = client.get(url, {"overdue": "on", "export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    detail = client.get(reverse("audits:action-detail", args=[late.pk]))
    assert detail.status_code == 200
    assert reverse("audits:action-complete", args=[late.pk]) in detail.content.decode()


def test_the_action_list_paginates_with_flat_queries(
    client: Any, auditor: Any, manager: Any, officer: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    audit = audit_for(manager=manager, lead=auditor, status=S.ISSUED)
    finding = FindingFactory(audit=audit, number=1)
    ActionFactory(finding=finding, owner=officer)
    login(client, officer)
    url = reverse("audits:action-list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    ActionFactory.create_batch(30, finding=finding, owner=officer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"]) == 25
    assert len(many.captured_queries) == len(one.captured_queries)


def test_home_panels_show_actions_to_verify_and_my_actions(
    client: Any, auditor: Any, manager: Any, officer: Any
) -> None:
    audit = audit_for(manager=manager, lead=auditor, status=S.ISSUED)
    finding = FindingFactory(audit=audit, number=1)
    done = ActionFactory(finding=finding, owner=officer, description="Приказ издан")
    services.action_complete(action=done, actor=officer, note="Сделано", uploaded_file=pdf_upload())
    ActionFactory(
        finding=finding, owner=officer, description="Обучить команду", due_date=datetime.date(2020, 1, 1)
    )
    login(client, auditor)
    html = client.get(reverse("core:home")).content.decode()
    assert reverse("audits:action-detail", args=[done.pk]) in html
    client.logout()
    login(client, officer)
    html = client.get(reverse("core:home")).content.decode()
    assert "Обучить команду" in html
    assert (
        reverse("audits:action-detail", args=[done.pk]) not in html
    )  # done: nothing more for the owner to do
