"""What the findings tests share: an audit of a department-A project (the `manager` persona manages it), in a
chosen status, and the placeholder URLs of the audit tabs other areas define (see tests/audits/stub_urls.py)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from audits.models import Audit
from tests.audits.factories import AuditFactory
from tests.projects.factories import ProjectFactory

PDF = b"%PDF-1.4\n%evidence\n"


@pytest.fixture(autouse=True)
def audit_tab_placeholders(settings: Any) -> None:
    """The shared audit header links to tabs other areas define; until they are merged here, placeholders
    stand in for them so this area's pages render. Import this fixture into a test module to use it."""
    from tests.audits.stub_urls import MISSING

    if MISSING:
        settings.ROOT_URLCONF = "tests.audits.stub_urls"


def audit_for(
    *,
    manager: Any,
    lead: Any,
    status: str = Audit.Status.FIELDWORK,
    response_due: datetime.date | None = None,
) -> Audit:
    """An audit of a project of the manager's department, led by `lead`."""
    project = ProjectFactory(department=manager.organization, manager=manager)
    return AuditFactory(project=project, lead=lead, status=status, response_due=response_due)


def pdf_upload(name: str = "evidence.pdf", content: bytes = PDF) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def another_auditor(username: str = "auditor-b") -> Any:
    """An auditor besides the `auditor` persona (AuditorFactory's class-level `roles` list reaches the model as a
    field and fails, so the roles go through UserFactory's post-generation hook here)."""
    from pmis.accounts import roles
    from tests.factories import UserFactory

    return UserFactory(username=username, roles=[roles.AUDITOR])
