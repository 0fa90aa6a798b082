"""The project card's Audits tab (the audits the reader may see and their open actions) and the auditor's home
panels (their open audits, responses due, actions to verify)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit, CorrectiveAction
from audits.portal_analytics import audits_tab_visible
from pmis.core.portal import panels_for
from tests.audits.factories import ActionFactory, FindingFactory
from tests.audits.factories_reports import audit_at, auditor_user, issued_audit
from tests.conftest import login
from tests.projects.factories import ProjectFactory

OWN_LANGUAGE = True  # these tests compare pages with the catalogs' wording (tests/audits/conftest.py)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.audits.urls_reports")]
S = Audit.Status


@pytest.fixture
def project(department_a: Any, direction: Any, manager: Any) -> Any:
    return ProjectFactory(department=department_a, direction=direction, manager=manager)


def test_card_tab_shows_the_audits_the_reader_may_see(
    client: Any, auditor: Any, officer: Any, manager: Any, project: Any, num_queries: Any
) -> None:
    issued = issued_audit("0.8", lead=auditor, project=project)
    fieldwork = audit_at(S.FIELDWORK, lead=auditor, project=project)
    open_action = ActionFactory(
        finding=FindingFactory(audit=issued), owner=manager, description="Обновить реестр рисков"
    )
    ActionFactory(
        finding=FindingFactory(audit=issued),
        owner=manager,
        status=CorrectiveAction.Status.VERIFIED,
        description="Закрыто",
    )
    url = reverse("audits:project-audits", args=[project.pk])
    login(client, auditor)
    page = client.get(url).content.decode()
    assert issued.number in page
    assert fieldwork.number in page
    assert reverse("audits:project-audits", args=[project.pk]) in page  # the tab itself is in the card's tabs
    login(client, officer)
    page = client.get(url).content.decode()
    assert issued.number in page
    assert fieldwork.number not in page  # the team sees an audit once its draft goes out
    assert open_action.description in page
    assert "Закрыто" not in page
    client.get(url)
    count = len(_queries(client, url))
    for _ in range(3):
        ActionFactory(finding=FindingFactory(audit=issued), owner=manager)
    with num_queries(count):
        client.get(url)


def _queries(client: Any, url: str) -> list[Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return ctx.captured_queries


def test_card_tab_visibility(
    auditor: Any, pmo: Any, officer: Any, manager: Any, outsider_officer: Any, committee: Any, project: Any
) -> None:
    assert audits_tab_visible(auditor, project)
    assert audits_tab_visible(pmo, project)
    assert audits_tab_visible(officer, project)
    assert audits_tab_visible(manager, project)
    assert not audits_tab_visible(outsider_officer, project)
    assert not audits_tab_visible(committee, project)


def _panel(user: Any, key: str) -> Any:
    return next((p for p in panels_for(user) if p.key == key), None)


def test_auditor_home_panels(auditor: Any, manager: Any, project: Any) -> None:
    later = audit_at(S.FIELDWORK, lead=auditor, project=project, planned_start=datetime.date(2026, 11, 2))
    sooner = audit_at(S.PLANNED, lead=auditor, project=project, planned_start=datetime.date(2026, 10, 1))
    other_lead = auditor_user()
    member_of = audit_at(
        S.FIELDWORK, lead=other_lead, project=project, planned_start=datetime.date(2026, 12, 1)
    )
    member_of.team.create(user=auditor, declared_at=timezone.now())
    audit_at(S.FIELDWORK, lead=other_lead, project=project)  # not theirs
    issued_audit("0.9", lead=auditor, project=project)  # not open
    due = audit_at(S.RESPONSE, lead=auditor, project=project, response_due=datetime.date(2026, 12, 14))
    panel = _panel(auditor, "audits-mine")
    assert [item.text.split(" · ")[0] for item in panel.items] == [
        sooner.number,
        due.number,
        later.number,
        member_of.number,
    ]
    responses = _panel(auditor, "audits-responses")
    assert [i.text.split(" · ")[0] for i in responses.items] == [due.number]
    assert "14.12.2026" in responses.items[0].meta

    finding = FindingFactory(audit=due)
    mine = ActionFactory(finding=finding, owner=auditor, status=CorrectiveAction.Status.DONE)
    theirs = ActionFactory(
        finding=finding, owner=manager, status=CorrectiveAction.Status.DONE, description="Сделано"
    )
    ActionFactory(finding=finding, owner=manager)  # still open
    verify = _panel(auditor, "audits-verify")
    assert [i.text for i in verify.items] == [theirs.description]
    assert mine.description not in [i.text for i in verify.items]
    assert _panel(manager, "audits-mine") is None
