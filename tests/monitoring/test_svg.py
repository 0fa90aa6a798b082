"""Server-side SVG charts for PDFs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from pmis.core.models import Job
from pmis.core.svg import Series, bar_chart, line_chart
from tests.monitoring.factories import ActualFactory, TargetFactory

NS = "{http://www.w3.org/2000/svg}"


def test_line_chart_is_valid_svg_with_the_pdf_font_and_gaps() -> None:
    svg = line_chart(
        ["2026-Q1", "2026-Q2", "2026-Q3"],
        [Series("План", [Decimal(100), Decimal(110), Decimal(120)], dashed=True), Series("Факт <проверено>", [97, None, 80])],
        title="Доля поездок & «метро»",
    )
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    texts = root.iter(f"{NS}text")
    assert all(t.get("font-family", "").startswith("PMIS Sans") for t in texts)
    lines = list(root.iter(f"{NS}polyline"))
    assert len(lines) == 3  # plan in one piece, the actual split by the missing Q2
    assert "Факт <проверено>" in "".join(t.text or "" for t in root.iter(f"{NS}text"))


def test_bar_chart_stacked_rag_distribution() -> None:
    svg = bar_chart(["1", "2"], [Series("Green", [3, 0], "#198754"), Series("Red", [1, 2], "#dc3545")], stacked=True)
    root = ET.fromstring(svg)
    rects = [r for r in root.iter(f"{NS}rect") if r.get("fill") in ("#198754", "#dc3545") and float(r.get("height", 0)) > 0]
    assert len(rects) >= 3


def test_empty_chart_does_not_fail() -> None:
    ET.fromstring(line_chart([], []))
    ET.fromstring(bar_chart([], []))


@pytest.mark.django_db
def test_city_pdf_job_embeds_svg_charts(client: Any, login_as: Any, indicator: Any,
                                        django_capture_on_commit_callbacks: Any) -> None:
    TargetFactory(indicator=indicator)
    ActualFactory(indicator=indicator)
    login_as("sac")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:city-pdf"))
    job = Job.objects.get(kind="monitoring.city_pdf")
    assert job.status == "succeeded", job.error
    assert job.result_file.read().startswith(b"%PDF")
