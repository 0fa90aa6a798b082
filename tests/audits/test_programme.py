"""The yearly audit programme: create, edit, approve (four eyes), quota raise after approval, quarters, history,
list with filters, export and flat query counts."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audits.models import AuditProgramme
from audits.services.programme import programme_approve, programme_create, programme_update
from pmis.accounts import roles
from tests.audits.factories import AuditFactory, AuditorFactory, ProgrammeFactory
from tests.conftest import assert_num_queries, login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Any, settings: Any) -> Iterator[None]:
    """Messages are read in English here (the catalogs of the lead's merge translate them to ru and kk)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


QUOTAS = {"quota_q1": 2, "quota_q2": 3, "quota_q3": 3, "quota_q4": 2}


def _form(owner: Any, **extra: Any) -> dict[str, Any]:
    return {"year": 2027, "owner": owner.pk, **QUOTAS, "objectives": "Регламенты", **extra}


def test_auditor_creates_a_draft_programme_through_the_page(client: Any, auditor: Any) -> None:
    login(client, auditor)
    assert client.get(reverse("audits:programme-create")).status_code == 200
    response = client.post(reverse("audits:programme-create"), _form(auditor))
    programme = AuditProgramme.objects.get(year=2027)
    assert response.status_code == 302
    assert response["Location"] == programme.get_absolute_url()
    assert programme.owner == auditor
    assert programme.status == AuditProgramme.Status.DRAFT
    assert programme.total_quota == 10
    record = programme.history.get()
    assert record.history_type == "+"
    assert record.history_user == auditor


def test_the_owner_must_be_an_auditor_and_the_year_free(auditor: Any, officer: Any) -> None:
    ProgrammeFactory(year=2027, owner=auditor)
    with pytest.raises(ValidationError) as exc:
        programme_create(actor=auditor, year=2027, owner=officer, **QUOTAS)
    assert set(exc.value.message_dict) == {"year", "owner"}
    with pytest.raises(ValidationError) as exc:
        programme_create(
            actor=auditor, year=2028, owner=auditor, quota_q1=0, quota_q2=0, quota_q3=0, quota_q4=0
        )
    assert "quota_q1" in exc.value.message_dict
    assert AuditProgramme.objects.count() == 1


def test_a_bad_post_shows_the_field_message_and_writes_nothing(client: Any, auditor: Any) -> None:
    ProgrammeFactory(year=2027, owner=auditor)
    login(client, auditor)
    response = client.post(reverse("audits:programme-create"), _form(auditor))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert AuditProgramme.objects.count() == 1


def test_only_auditors_create_or_edit(client: Any, pmo: Any, officer: Any, auditor: Any) -> None:
    programme = ProgrammeFactory(owner=auditor)
    login(client, pmo)
    assert client.get(reverse("audits:programme-create")).status_code == 403
    assert client.get(reverse("audits:programme-edit", args=[programme.pk])).status_code == 403
    assert client.get(programme.get_absolute_url()).status_code == 200
    login(client, officer)
    assert client.get(programme.get_absolute_url()).status_code == 403
    assert client.get(reverse("audits:programme-list")).status_code == 403


def test_pmo_approves_and_the_page_says_who_and_when(client: Any, pmo: Any, auditor: Any) -> None:
    programme = ProgrammeFactory(owner=auditor)
    login(client, pmo)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert reverse("audits:programme-approve", args=[programme.pk]) in page
    response = client.post(reverse("audits:programme-approve", args=[programme.pk]), {"note": "Согласовано"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == AuditProgramme.Status.APPROVED
    assert programme.approved_by == pmo
    assert programme.approved_at is not None
    latest = programme.history.first()
    assert latest.history_user == pmo
    assert latest.history_change_reason == "Согласовано"
    page = client.get(programme.get_absolute_url()).content.decode()
    assert str(pmo) in page
    assert reverse("audits:programme-approve", args=[programme.pk]) not in page  # nothing left to approve


def test_four_eyes_the_owner_cannot_approve(client: Any, project_office: Any) -> None:
    both = UserFactory(
        username="pmo_auditor", organization=project_office, roles=[roles.PMO_STAFF, roles.AUDITOR]
    )
    programme = ProgrammeFactory(owner=both)
    login(client, both)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert reverse("audits:programme-approve", args=[programme.pk]) not in page
    assert client.post(reverse("audits:programme-approve", args=[programme.pk])).status_code == 403
    with pytest.raises(ValidationError, match="four eyes"):
        programme_approve(programme=programme, actor=both)
    programme.refresh_from_db()
    assert programme.status == AuditProgramme.Status.DRAFT
    assert programme.approved_by is None
    assert programme.history.count() == 1


def test_an_auditor_cannot_approve(client: Any, auditor: Any) -> None:
    programme = ProgrammeFactory(owner=AuditorFactory(username="owner"))
    login(client, auditor)
    assert client.get(reverse("audits:programme-approve", args=[programme.pk])).status_code == 403
    with pytest.raises(ValidationError):
        programme_approve(programme=programme, actor=auditor)


def test_draft_edit_changes_every_field_with_history(client: Any, auditor: Any) -> None:
    programme = ProgrammeFactory(owner=auditor, year=2027)
    other = AuditorFactory()
    login(client, auditor)
    response = client.post(
        reverse("audits:programme-edit", args=[programme.pk]),
        {"year": 2028, "owner": other.pk, "quota_q1": 1, "quota_q2": 1, "quota_q3": 1, "quota_q4": 1},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.year, programme.owner, programme.total_quota) == (2028, other, 4)
    history = client.get(reverse("audits:programme-history", args=[programme.pk]))
    assert history.status_code == 200
    assert programme.history.count() == 2


def test_approved_programme_quota_may_be_raised_with_a_reason_never_lowered(
    client: Any, auditor: Any, pmo: Any
) -> None:
    programme = ProgrammeFactory(owner=auditor)
    programme_approve(programme=programme, actor=pmo)
    login(client, auditor)
    page = client.get(reverse("audits:programme-edit", args=[programme.pk])).content.decode()
    assert 'name="year"' not in page  # only the quotas and the reason
    assert 'data-testid="approved-rule"' in page
    url = reverse("audits:programme-edit", args=[programme.pk])
    lowered = client.post(url, {"quota_q1": 1, "quota_q2": 3, "quota_q3": 3, "quota_q4": 3, "reason": "x"})
    assert lowered.status_code == 200
    assert "not lowered" in lowered.content.decode()
    no_reason = {"quota_q1": 3, "quota_q2": 3, "quota_q3": 5, "quota_q4": 3, "reason": ""}
    assert client.post(url, no_reason).status_code == 200
    programme.refresh_from_db()
    assert programme.quota_q1 == 3
    assert programme.quota_q3 == 3
    raised = client.post(url, {**no_reason, "reason": "Поручение акима"})
    assert raised.status_code == 302
    programme.refresh_from_db()
    assert programme.quota_q3 == 5
    assert programme.status == AuditProgramme.Status.APPROVED
    assert programme.history.first().history_change_reason == "Поручение акима"


def test_approved_programme_refuses_other_changes_in_the_service(auditor: Any, pmo: Any) -> None:
    programme = ProgrammeFactory(owner=auditor)
    programme_approve(programme=programme, actor=pmo)
    with pytest.raises(ValidationError, match="approved"):
        programme_update(
            programme=programme, actor=auditor, year=2030, owner=auditor, reason="r",
            quota_q1=3, quota_q2=3, quota_q3=3, quota_q4=3,
        )  # fmt: skip
    programme.refresh_from_db()
    assert programme.year == 2026


def test_approving_twice_is_refused(auditor: Any, pmo: Any) -> None:
    programme = ProgrammeFactory(owner=auditor)
    programme_approve(programme=programme, actor=pmo)
    with pytest.raises(ValidationError, match="already approved"):
        programme_approve(programme=programme, actor=pmo)


def test_detail_counts_audits_per_quarter_against_the_quota(client: Any, auditor: Any) -> None:
    programme = ProgrammeFactory(owner=auditor, quota_q1=1, quota_q4=2)
    AuditFactory(programme=programme, planned_start=datetime.date(2026, 11, 2))
    AuditFactory(programme=programme, planned_start=datetime.date(2026, 12, 1))
    AuditFactory(programme=programme, planned_start=datetime.date(2026, 2, 1))
    AuditFactory(programme=programme, planned_start=datetime.date(2026, 2, 3), status="cancelled")
    from audits.selectors_programme import programme_quarters

    rows = {row.quarter: (row.quota, row.audits, row.left) for row in programme_quarters(programme)}
    assert rows == {1: (1, 1, 0), 2: (3, 0, 3), 3: (3, 0, 3), 4: (2, 2, 0)}
    login(client, auditor)
    response = client.get(programme.get_absolute_url())
    assert response.status_code == 200
    assert 'data-testid="programme-quarters"' in response.content.decode()


def test_list_filters_searches_and_exports(client: Any, auditor: Any, pmo: Any) -> None:
    ProgrammeFactory(year=2025, owner=auditor)
    approved = ProgrammeFactory(year=2026, owner=auditor)
    programme_approve(programme=approved, actor=pmo)
    login(client, auditor)
    body = client.get(reverse("audits:programme-list"), {"status": "approved"}).content.decode()
    assert approved.get_absolute_url() in body
    assert reverse("audits:programme-detail", args=[AuditProgramme.objects.get(year=2025).pk]) not in body
    only_2026 = client.get(reverse("audits:programme-list"), {"year": 2026}).content.decode()
    assert approved.get_absolute_url() in only_2026
    assert (
        reverse("audits:programme-detail", args=[AuditProgramme.objects.get(year=2025).pk]) not in only_2026
    )
    export = client.get(reverse("audits:programme-list"), {"export": "xlsx", "status": "approved"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from pmis.core.excel import read_rows

    rows = list(read_rows(export.content))
    assert len(rows) == 2
    assert rows[1][0] == 2026


def test_list_empty_state(client: Any, auditor: Any) -> None:
    login(client, auditor)
    body = client.get(reverse("audits:programme-list")).content.decode()
    assert "No audit programme yet." in body


def test_list_queries_do_not_grow(client: Any, auditor: Any) -> None:
    ProgrammeFactory(year=2020, owner=auditor)
    login(client, auditor)
    url = reverse("audits:programme-list")
    first = len(_count(client, url))
    for year in range(2021, 2031):
        programme = ProgrammeFactory(year=year, owner=AuditorFactory())
        AuditFactory(programme=programme)
    with assert_num_queries(first):
        client.get(url)


def test_detail_queries_do_not_grow_with_audits(client: Any, auditor: Any) -> None:
    programme = ProgrammeFactory(owner=auditor)
    AuditFactory(programme=programme)
    login(client, auditor)
    client.get(programme.get_absolute_url())
    first = len(_count(client, programme.get_absolute_url()))
    for _ in range(5):
        AuditFactory(programme=programme)
    with assert_num_queries(first):
        client.get(programme.get_absolute_url())


def _count(client: Any, url: str) -> list[Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return ctx.captured_queries


def test_home_panel_offers_pmo_the_programmes_to_approve(client: Any, pmo: Any, auditor: Any) -> None:
    programme = ProgrammeFactory(owner=auditor)
    login(client, pmo)
    assert programme.get_absolute_url() in client.get("/").content.decode()
    programme_approve(programme=programme, actor=pmo)
    assert programme.get_absolute_url() not in client.get("/").content.decode()


def test_list_filters_swap_only_the_table_under_htmx(client: Any, auditor: Any) -> None:
    ProgrammeFactory(year=2026, owner=auditor)
    login(client, auditor)
    response = client.get(
        reverse("audits:programme-list"),
        {"year": 2026},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="programme-table",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="programme-table">')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_demo_programme_loads_once(auditor: Any, pmo: Any) -> None:
    from audits import demo_programme

    ctx: dict[str, Any] = {"users": {"auditor": auditor, "pmo": pmo}}
    demo_programme.load(ctx)
    demo_programme.load(ctx)
    programme = ctx["audit_programme"]
    assert AuditProgramme.objects.count() == 1
    assert programme.status == AuditProgramme.Status.APPROVED
    assert programme.approved_by == pmo
    assert ctx["audit_policy"].version == 1
    assert programme.policies.count() == 1
