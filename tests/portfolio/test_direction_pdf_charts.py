"""The direction's one-page PDF draws its charts in the document's language: the budget axis printed
"996 000 000" for about 4 billion (the leading digits cut off) and grouped numbers the English way on every page."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from pmis.core.models import Job
from tests.conftest import login
from tests.projects.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "billions", "grouped"),
    [("ru", "4 млрд", "4 000 000 000"), ("kk", "4 млрд", "4 000 000 000"), ("en", "4 bn", "4,000,000,000")],
)
def test_direction_pdf_budget_axis_in_the_document_language(
    client: Any,
    coordinator: Any,
    project: Any,
    direction: Any,
    django_capture_on_commit_callbacks: Any,
    language: str,
    billions: str,
    grouped: str,
) -> None:
    BudgetLineFactory(project=project, year=2027, plan=Decimal("4320000000"), disbursed=Decimal("1250000000"))
    login(client, coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portfolio:direction-pdf", args=[direction.pk]))
    job = Job.objects.get(kind="portfolio.direction_pdf")
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.language == language
    text = subprocess.run(
        ["pdftotext", "-layout", job.result_file.path, "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\xa0", " ")
    assert billions in text
    assert grouped not in text
    assert "996 000 000" not in text
