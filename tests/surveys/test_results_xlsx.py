"""The results page's Excel file: what the page shows, small cells suppressed the same way, S4/S1 figures."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import OrganizationFactory
from tests.surveys.factories import SurveyManagerFactory, make_response, make_survey

pytestmark = pytest.mark.django_db

S4 = [5, 4, 4, 3, 5, 2, 1, 4, 5, 3, 4, 4]
S1 = [10, 9, 9, 8, 7, 7, 6, 5, 10, 3]


def _rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    assert sheet is not None
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def test_results_xlsx_holds_the_headline_nps_and_suppressed_cells(client: Any) -> None:
    owner = SurveyManagerFactory()
    survey = make_survey(owner)
    small = OrganizationFactory(code="xlsx-small", name_en="Small department")
    for i, value in enumerate(S4):
        answers: dict[str, Any] = {"overall": value}
        if i < len(S1):
            answers["recommend"] = S1[i]
        make_response(survey, answers, department=small if i < 3 else None)
    login(client, owner)
    response = client.get(reverse("surveys:results", args=[survey.pk]), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _rows(response.content)
    assert rows[0][:4] == ("Measure", "Item", "Answers", "Value, %")
    csat = next(r for r in rows if r[0] == "CSAT (share of 4 and 5)")
    assert csat[2] == 12
    assert csat[3] == pytest.approx(66.7)
    nps = next(r for r in rows if r[0] == "NPS (promoters − detractors)")
    assert nps[3:6] == (10.0, -41.48, 61.48)
    small_row = next(r for r in rows if r[0] == "By department")
    assert small_row[1:3] == ("Small department", "fewer than 5 answers")
    assert all(cell is None for cell in small_row[3:])  # no share of a suppressed cell
    assert any(str(r[0]).startswith("overall:") for r in rows)
