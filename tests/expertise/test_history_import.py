"""Archive import: per-row errors reported and nothing written; a clean file imported all-or-nothing on confirm."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from expertise.models import HistoryImport, Opinion, RegulatoryBasis
from expertise.services.history import template_headers
from pmis.core.excel import write_xlsx
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list[Any]]) -> bytes:
    return write_xlsx(template_headers(), rows)


def test_bad_rows_are_reported_and_nothing_is_written(
    client: Any, expertise_head: Any, department_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    RegulatoryBasis.objects.get_or_create(act="Приказ", number="129")
    login(client, expertise_head)
    rows = [
        ["07/2015", datetime.date(2015, 4, 20), "positive", "feasibility_study", "Школа", "department-a", datetime.date(2015, 3, 2), "129"],
        ["8-2015", "never", "maybe", "x", "", "nope", datetime.date(2015, 3, 2), "999"],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("expertise:import-list"), {"file": SimpleUploadedFile("a.xlsx", _xlsx(rows))})
    record = HistoryImport.objects.get()
    assert response.status_code == 302
    assert record.status == HistoryImport.Status.INVALID
    assert [e["row"] for e in record.errors] == [3]
    assert len(record.errors[0]["messages"]) >= 5
    assert client.post(reverse("expertise:import-confirm", args=[record.pk])).status_code == 302
    assert Opinion.objects.count() == 0


def test_clean_file_is_imported_on_confirmation(
    client: Any, expertise_head: Any, department_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    RegulatoryBasis.objects.get_or_create(act="Приказ", number="129")
    login(client, expertise_head)
    rows = [
        ["07/2015", datetime.date(2015, 4, 20), "positive", "feasibility_study", "Школа", "department-a", datetime.date(2015, 3, 2), "129"],
        ["12/2016", "14.06.2016", "отрицательное", "ppp_documentation", "Парковки ГЧП", "department-a", "01.05.2016", ""],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("expertise:import-list"), {"file": SimpleUploadedFile("a.xlsx", _xlsx(rows))})
    record = HistoryImport.objects.get()
    assert record.status == HistoryImport.Status.VALID
    assert Opinion.objects.count() == 0  # nothing before confirmation
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("expertise:import-confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == HistoryImport.Status.IMPORTED
    numbers = sorted(Opinion.objects.values_list("number", "outcome", "days_to_opinion"))
    assert numbers == [("07/2015", "positive", 49), ("12/2016", "negative", 44)]
