"""Audit analytics against figures computed by hand from a few audits: compliance (issued audits only) by
direction, department, project type, checklist item and quarter; findings by item and severity; action closure
and ageing; workload. The Project Office counts only what it may see; each table's Excel export is the table
shown; the page's query count does not grow with the audits."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from audits.models import Audit, CorrectiveAction, Finding
from audits.selectors_analytics import analytics_tables
from tests.audits.factories import ActionFactory, FindingFactory
from tests.audits.factories_reports import answer, audit_at, auditor_user, issued_audit
from tests.conftest import login
from tests.projects.factories import ProjectFactory

OWN_LANGUAGE = True  # these tests compare pages with the catalogs' wording (tests/audits/conftest.py)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.audits.urls_reports")]
S = Audit.Status


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def city(
    auditor: Any, direction: Any, other_direction: Any, department_a: Any, department_b: Any, manager: Any
) -> dict[str, Any]:
    """Three issued audits (scores 0.9, 0.6, 0.8), one in fieldwork, one out for response."""
    other = auditor_user(first_name="Б", last_name="Второй")

    def project(dir_: Any, dept: Any, kind: str) -> Any:
        return ProjectFactory(direction=dir_, department=dept, project_type=kind, manager=manager)

    a1 = issued_audit(
        "0.9", issued=_at(2026, 3, 15), lead=auditor, project=project(direction, department_a, "construction")
    )
    a2 = issued_audit(
        "0.6", issued=_at(2026, 5, 10), lead=auditor, project=project(direction, department_b, "digital")
    )
    a3 = issued_audit(
        "0.8",
        issued=_at(2026, 5, 20),
        lead=other,
        project=project(other_direction, department_a, "construction"),
    )
    a4 = audit_at(S.FIELDWORK, lead=auditor, project=project(other_direction, department_b, "social"))
    a5 = audit_at(S.RESPONSE, lead=other, project=project(direction, department_a, "ppp"))
    answer(a1, 1, "compliant")
    answer(a1, 2, "partial")
    answer(a2, 1, "non_compliant")
    answer(a2, 2, "na")
    answer(a4, 1, "compliant")  # fieldwork: not in compliance
    item = a1.checklist.items.get
    f1 = FindingFactory(audit=a1, severity=Finding.Severity.MAJOR, item=item(number=5))
    f2 = FindingFactory(audit=a2, severity=Finding.Severity.CRITICAL, item=item(number=5))
    f5 = FindingFactory(audit=a5, severity=Finding.Severity.MINOR, item=item(number=3))
    FindingFactory(audit=a4, severity=Finding.Severity.MINOR, item=item(number=5))
    today = timezone.localdate()
    ActionFactory(finding=f1, owner=manager, status=CorrectiveAction.Status.VERIFIED, due_date=today)
    ActionFactory(finding=f1, owner=manager, due_date=today - datetime.timedelta(days=45))
    ActionFactory(
        finding=f2,
        owner=manager,
        status=CorrectiveAction.Status.DONE,
        due_date=today - datetime.timedelta(days=5),
    )
    ActionFactory(finding=f5, owner=manager, due_date=today + datetime.timedelta(days=10))
    return {"audits": [a1, a2, a3, a4, a5], "other": other}


def _tables(user: Any, **filters: Any) -> dict[str, list[list[Any]]]:
    """The tables as an English reader gets them (labels and names in English)."""
    with translation.override("en"):
        return {t.key: t.rows for t in analytics_tables(user, **filters)}


def _num(rows: list[list[Any]]) -> list[list[Any]]:
    return [[str(v) if not isinstance(v, int) else v for v in row] for row in rows]


def test_compliance_counts_issued_audits_only(auditor: Any, city: dict[str, Any]) -> None:
    t = _tables(auditor)
    # direction 1: (0.9 + 0.6) / 2; direction 2: 0.8 (the audit in fieldwork does not count)
    # the customers' CSAT column (surveys' plug point) is empty without survey answers
    assert _num(t["direction"]) == [
        ["Direction 1", 2, "75.0", "None"],
        ["Direction 2", 1, "80.0", "None"],
    ]
    assert _num(t["department"]) == [["Department A", 2, "85.0"], ["Department B", 1, "60.0"]]
    assert [row[1:] for row in _num(t["type"])] == [[2, "85.0"], [1, "60.0"]]
    assert _num(t["time"])[0][1:] == [1, "90.0"]
    assert _num(t["time"])[1][1:] == [2, "70.0"]
    # item 1: compliant + non-compliant → 50 %, half non-compliant; item 2: one partial (n.a. left out)
    assert [row[1:] for row in _num(t["item"])] == [[2, "50.0", "50.0"], [1, "50.0", "0.0"]]
    assert t["item"][0][0].startswith("1. ")


def test_findings_actions_and_workload(auditor: Any, city: dict[str, Any]) -> None:
    t = _tables(auditor)
    assert [row[1:] for row in t["findings"]] == [[3, 1, 1, 1], [1, 0, 0, 1]]
    assert t["findings"][0][0].startswith("5. ")
    actions = {row[0]: row[1] for row in t["actions"]}
    assert actions["Corrective actions"] == 4
    assert actions["Closed (verified)"] == 1
    assert str(actions["Closure rate, %"]) == "25.0"
    assert actions["Done, awaiting verification"] == 1
    assert actions["Open, not yet due"] == 1
    assert actions["1–30 days overdue"] == 1
    assert actions["31–60 days overdue"] == 1
    assert actions["more than 90 days overdue"] == 0
    workload = {row[0]: row[1:] for row in t["workload"]}
    assert workload["Второй Б"] == [2, 1, 1]
    assert sum(v[0] for v in workload.values()) == 5


def test_the_project_office_counts_only_what_it_sees(pmo: Any, auditor: Any, city: dict[str, Any]) -> None:
    t = _tables(pmo)
    assert _num(t["direction"]) == _num(_tables(auditor)["direction"])
    # the audit in fieldwork (and its finding) is not the Project Office's to count
    assert sum(row[1] for row in t["workload"]) == 4
    assert [row[1:] for row in t["findings"]] == [[2, 1, 1, 0], [1, 0, 0, 1]]


def test_filters_by_year_and_direction(auditor: Any, city: dict[str, Any], other_direction: Any) -> None:
    t = _tables(auditor, direction=other_direction)
    assert _num(t["direction"]) == [["Direction 2", 1, "80.0", "None"]]
    assert sum(row[1] for row in t["workload"]) == 2
    assert all(not rows for key, rows in _tables(auditor, year=2025).items() if key != "actions")


def test_excel_export_is_the_table_shown(
    client: Any, auditor: Any, city: dict[str, Any], direction: Any
) -> None:
    login(client, auditor)
    url = reverse("audits:analytics")
    page = client.get(url, {"direction": direction.pk})
    assert page.status_code == 200
    assert 'data-testid="export-direction"' in page.content.decode()
    response = client.get(url, {"direction": direction.pk, "export": "xlsx", "table": "department"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    with translation.override("ru"):  # the reader's language (the site's default)
        headers = [
            translation.gettext(h) for h in ("Responsible department", "Issued audits", "Average score, %")
        ]
    assert rows[0] == headers
    assert rows[1:] == [["Управление А", 1, 90], ["Управление Б", 1, 60]]
    assert client.get(url, {"export": "xlsx", "table": "nope"}).status_code == 404


def test_page_queries_stay_flat(client: Any, auditor: Any, city: dict[str, Any], num_queries: Any) -> None:
    login(client, auditor)
    url = reverse("audits:analytics")
    client.get(url)
    with num_queries(18):  # 17 + the customers' CSAT by direction (one query)
        client.get(url)
    for n in range(6):
        a = issued_audit(f"0.{n + 1}", lead=auditor_user(), project=ProjectFactory())
        answer(a, 3, "compliant")
        ActionFactory(finding=FindingFactory(audit=a, item=a.checklist.items.get(number=4)))
    with num_queries(18):
        client.get(url)


def test_the_yearly_summary_pdf_is_a_job_in_the_document_language(
    client: Any, pmo: Any, city: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from pmis.core.models import Job
    from tests.audits.test_reports import pdf_text

    login(client, pmo)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("audits:analytics-pdf"), {"pdf-year": "2026", "pdf-language": "en"})
    job = Job.objects.get(kind="audits.analytics_pdf")
    assert response.status_code == 302
    assert response.headers["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.SUCCEEDED, job.error
    text = " ".join(pdf_text(job.result_file.read()).split())
    assert "Compliance by basic direction" in text
    assert "Auditor workload" in text
    assert "Direction 1" in text  # the direction's English name


def test_analytics_is_for_auditors_and_the_project_office(client: Any, officer: Any, manager: Any) -> None:
    for user in (officer, manager):
        login(client, user)
        assert client.get(reverse("audits:analytics")).status_code == 403
        assert client.post(reverse("audits:analytics-pdf"), {}).status_code == 403
