"""Excel import of projects: template, upload checks, a row-by-row report, nothing written before confirming."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pmis.core.jobs import job_run
from pmis.core.models import Job
from projects.exports import IMPORT_COLUMNS
from projects.models import Project
from tests.conftest import login
from tests.factories import DistrictFactory, SDGFactory
from tests.projects.factories import ProgramFactory

pytestmark = pytest.mark.django_db

KEYS = [key for key, _label in IMPORT_COLUMNS]


def workbook(rows: list[dict[str, Any]], *, label_row: bool = True) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(KEYS)
    if label_row:
        sheet.append([label for _key, label in IMPORT_COLUMNS])
    for row in rows:
        sheet.append([row.get(key) for key in KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_row(direction: Any, department: Any, /, **extra: Any) -> dict[str, Any]:
    return {
        "title_ru": "Новый сквер", "summary_ru": "Благоустройство сквера.", "direction": direction.number,
        "department": department.code, "stage": "idea", "type": "Social", "priority": "High",
        "planned_start": "2026-03-01", "planned_finish": "31.12.2026", "confidential": "нет", **extra,
    }


def upload(client: Any, content: bytes, name: str = "projects.xlsx") -> Any:
    return client.post(reverse("projects:import"), {"file": SimpleUploadedFile(name, content)})


def run_latest(kind: str) -> Job:
    job = Job.objects.filter(kind=kind).latest("pk")
    return job_run(job_id=job.pk)


@pytest.fixture
def importer(client: Any, officer_a: Any) -> Any:
    return login(client, officer_a)


def test_template_has_the_columns_and_a_reference_sheet(importer: Any, direction: Any) -> None:
    response = importer.get(reverse("projects:import-template"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    first = next(book.worksheets[0].iter_rows(values_only=True))
    assert list(first) == KEYS
    reference = list(book.worksheets[1].iter_rows(values_only=True))
    assert any(row[1] == str(direction.number) for row in reference)


def test_bad_rows_are_reported_and_nothing_is_written_until_confirmed(
    importer: Any, officer_a: Any, direction: Any, department_a: Any, department_b: Any
) -> None:
    district, sdg = DistrictFactory(code="almaly"), SDGFactory(number=11)
    program = ProgramFactory(code="ADP.1.1")
    rows = [
        good_row(direction, department_a, districts="almaly", sdgs="11", program_item="ADP.1.1", manager=officer_a.username),
        good_row(direction, department_a, title_ru="Второй", confidential="да"),
        good_row(direction, department_a, direction=99),  # row 5: unknown direction
        good_row(direction, department_a, title_ru=None),  # row 6: missing title
        good_row(direction, department_a, planned_start="32.13.2026"),  # row 7: bad date
        good_row(direction, department_b),  # row 8: another department
        good_row(direction, department_a, stage="terminated", districts="nowhere"),  # row 9
    ]
    response = upload(importer, workbook(rows))
    job = Job.objects.get(kind="projects.register_import")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:import-preview", args=[job.pk])
    job = run_latest("projects.register_import")
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert [item["row"] for item in job.result["valid"]] == [3, 4], job.result["rejected"]
    rejected = {item["row"]: " ".join(item["errors"]) for item in job.result["rejected"]}
    assert set(rejected) == {5, 6, 7, 8, 9}
    assert "99" in rejected[5]
    assert "title" in rejected[6].lower() or "назван" in rejected[6].lower()
    assert "32.13.2026" in rejected[7]
    assert department_b.code in rejected[8]
    assert "terminated" in rejected[9]
    assert "nowhere" in rejected[9]
    assert Project.objects.count() == 0, "checking writes nothing"

    page = importer.get(reverse("projects:import-preview", args=[job.pk]))
    html = page.content.decode()
    assert 'data-testid="import-confirm"' in html
    assert "32.13.2026" in html

    response = importer.post(reverse("projects:import-confirm", args=[job.pk]))
    assert response.status_code == 302
    commit = run_latest("projects.register_import_commit")
    assert commit.status == Job.Status.SUCCEEDED, commit.error
    created = list(Project.objects.order_by("code"))
    assert [p.title_ru for p in created] == ["Новый сквер", "Второй"]
    first = created[0]
    assert first.code.startswith("PRJ-")
    assert first.project_type == Project.Type.SOCIAL
    assert first.priority == Project.Priority.HIGH
    assert str(first.planned_finish) == "2026-12-31"
    assert first.program_item == program
    assert first.manager == officer_a
    assert list(first.districts.all()) == [district]
    assert list(first.sdgs.all()) == [sdg]
    assert created[1].is_confidential
    assert "Новый сквер" in first.search_document
    assert first.history.count() >= 1

    # a second confirmation does not import the rows again
    importer.post(reverse("projects:import-confirm", args=[job.pk]))
    assert Job.objects.filter(kind="projects.register_import_commit").count() == 1
    assert Project.objects.count() == 2
    assert 'data-testid="import-done"' in importer.get(reverse("projects:import-preview", args=[job.pk])).content.decode()


def test_commit_is_all_or_nothing(importer: Any, officer_a: Any, direction: Any, department_a: Any) -> None:
    upload(importer, workbook([good_row(direction, department_a), good_row(direction, department_a, title_ru="Б")]))
    job = run_latest("projects.register_import")
    # the officer leaves the department between the check and the confirmation
    officer_a.organization = None
    officer_a.save(update_fields=["organization"])
    importer.post(reverse("projects:import-confirm", args=[job.pk]))
    commit = run_latest("projects.register_import_commit")
    assert commit.status == Job.Status.FAILED
    assert "3" in commit.error
    assert Project.objects.count() == 0


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"%PDF-1.4 not a workbook", "projects.xlsx"),
        (b"PK\x03\x04 truncated zip", "projects.xlsx"),
        (b"", "empty.xlsx"),
        (_zip_bomb(), "bomb.xlsx"),
    ],
)
def test_bad_files_get_a_clear_message(importer: Any, content: bytes, name: str) -> None:
    response = upload(importer, content, name)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Job.objects.filter(kind="projects.register_import").exists()


def test_too_large_file_is_refused_before_reading(importer: Any, settings: Any) -> None:
    response = upload(importer, b"PK\x03\x04" + b"0" * (10 * 1024 * 1024 + 10))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_a_workbook_that_is_not_the_template_fails_the_job(importer: Any) -> None:
    book = openpyxl.Workbook()
    book.active.append(["name", "budget"])
    book.active.append(["x", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    upload(importer, buffer.getvalue())
    job = run_latest("projects.register_import")
    assert job.status == Job.Status.FAILED
    assert "title_ru" in job.error
    page = importer.get(reverse("projects:import-preview", args=[job.pk]))
    assert 'data-testid="import-error"' in page.content.decode()


def test_other_users_import_is_404(client: Any, officer_a: Any, manager: Any, direction: Any, department_a: Any) -> None:
    login(client, officer_a)
    upload(client, workbook([good_row(direction, department_a)]))
    job = run_latest("projects.register_import")
    client.logout()
    login(client, manager)
    assert client.get(reverse("projects:import-preview", args=[job.pk])).status_code == 404
    assert client.post(reverse("projects:import-confirm", args=[job.pk])).status_code == 404
    assert Project.objects.count() == 0
