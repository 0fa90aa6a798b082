"""Excel import of actual values: check with a per-row error report, nothing written before confirmation."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.models import Actual, ImportBatch
from monitoring.services.imports import template_headers
from pmis.core.models import Job
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory


def workbook(rows: list[list[Any]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(template_headers())
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def row(code: str, year: Any = 2026, period: Any = 1, value: Any = 95) -> list[Any]:
    return ["", code, "name", "%", year, period, 100, value, "Stat", ""]


@pytest.fixture
def mine(indicator: Any, department_a: Any) -> list[Any]:
    others = [IndicatorFactory(responsible_organization=department_a) for _ in range(2)]
    for ind in [indicator, *others]:
        TargetFactory(indicator=ind)
    return [indicator, *others]


@pytest.mark.django_db
def test_officer_imports_with_one_bad_row(client: Any, login_as: Any, mine: Any, department_b: Any,
                                          django_capture_on_commit_callbacks: Any) -> None:
    foreign = IndicatorFactory(responsible_organization=department_b)
    login_as("officer")
    data = workbook([row(mine[0].code, value=80), row(mine[1].code, value="n/a"), row(mine[2].code, value=99),
                     row(foreign.code), row("NOPE"), row(mine[0].code, period=7)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:import-start"), {"file": SimpleUploadedFile("q1.xlsx", data)})
    batch = ImportBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    batch.refresh_from_db()
    assert batch.status == "checked"
    assert batch.valid_rows == 2
    assert [e["row"] for e in batch.errors] == [3, 5, 6, 7]
    assert Actual.objects.count() == 0  # nothing written before confirmation
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "The actual value is not a number." in page or "не является числом" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:import-confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "applied"
    assert batch.applied_rows == 2
    values = dict(Actual.objects.values_list("indicator__code", "value"))
    assert values == {mine[0].code: Decimal(80), mine[2].code: Decimal(99)}
    assert set(Actual.objects.values_list("status", flat=True)) == {"submitted"}
    assert Actual.history.filter(history_change_reason="import").count() == 2
    assert Job.objects.filter(kind="monitoring.import_apply", status="succeeded").exists()
    # confirming twice writes nothing more
    client.post(reverse("monitoring:import-confirm", args=[batch.pk]))
    assert Job.objects.filter(kind="monitoring.import_apply").count() == 1


@pytest.mark.django_db
def test_import_corrects_existing_values_but_not_locked_ones(mine: Any, officer: Any) -> None:
    from monitoring.services.imports import parse, write_values

    ActualFactory(indicator=mine[0], value=Decimal(10), status="verified")
    ActualFactory(indicator=mine[1], value=Decimal(10), status="verified", is_locked=True)
    parsed = parse(workbook([row(mine[0].code, value=50), row(mine[1].code, value=50)]), officer)
    assert [e["row"] for e in parsed.errors] == [3]  # the locked value's row
    write_values(parsed.valid, officer)
    corrected = Actual.objects.get(indicator=mine[0])
    assert (corrected.value, corrected.status) == (Decimal(50), "submitted")
    assert corrected.history.count() == 2  # the correction keeps history
    assert Actual.objects.get(indicator=mine[1]).value == Decimal(10)


@pytest.mark.django_db
def test_damaged_file_fails_the_check_without_500(client: Any, login_as: Any, django_capture_on_commit_callbacks: Any) -> None:
    login_as("officer")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:import-start"), {"file": SimpleUploadedFile("bad.xlsx", b"not a zip")})
    batch = ImportBatch.objects.get()
    assert client.get(batch.get_absolute_url()).status_code == 200
    assert batch.check_job.__class__.objects.get(pk=batch.check_job_id).status == "failed"


@pytest.mark.django_db
def test_wrong_extension_is_refused_by_the_form(client: Any, login_as: Any) -> None:
    login_as("officer")
    response = client.post(reverse("monitoring:import-start"), {"file": SimpleUploadedFile("a.csv", b"a,b")})
    assert response.status_code == 200
    assert ImportBatch.objects.count() == 0


@pytest.mark.django_db
def test_department_template_lists_my_indicators_with_plans(client: Any, login_as: Any, mine: Any) -> None:
    login_as("officer")
    response = client.get(reverse("monitoring:import-template"))
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    codes = sorted(r[1] for r in wb.active.iter_rows(min_row=2, values_only=True))
    assert codes == sorted(i.code for i in mine)


@pytest.mark.django_db
def test_national_template_only_has_national_indicators(client: Any, login_as: Any, mine: Any) -> None:
    national = IndicatorFactory(national_project_code="NP-07")
    TargetFactory(indicator=national)
    login_as("sac")
    response = client.get(reverse("monitoring:import-template") + "?kind=national")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(wb.active.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in rows] == [("NP-07", national.code)]
