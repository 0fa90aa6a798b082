"""A document's language is a property of the document: the opinion PDF is in the language chosen at issue and the
tariff report in the one it was requested in, whatever language the reader's page is in; the reader's page, session
and the job's messages stay in the reader's language."""

from __future__ import annotations

import subprocess
import tempfile
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from expertise.models import Opinion, ReviewCase
from expertise.services import opinions as op_svc
from pmis.core.models import Job
from tests.conftest import login
from tests.expertise.factories_tariffs import case_with_routes, create_norms

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The PDF's text (poppler's pdftotext is a test dependency: no silent skip)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(content)
        fh.flush()
        return subprocess.run(["pdftotext", fh.name, "-"], capture_output=True, text=True, check=True).stdout


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def _with_head(case: ReviewCase, expert: Any) -> Opinion:
    opinion = op_svc.opinion_start(case=case, actor=expert)
    op_svc.section_save(opinion=opinion, actor=expert, key="conclusion", text="Рекомендуется.")
    return op_svc.opinion_submit(opinion=Opinion.objects.get(pk=opinion.pk), actor=expert, outcome="positive")


@pytest.mark.parametrize(("reader", "document"), [("ru", "kk"), ("kk", "ru"), ("en", "kk")])
def test_opinion_pdf_is_in_its_document_language_and_the_reader_keeps_theirs(
    client: Any,
    expert: Any,
    expertise_head: Any,
    review_case: ReviewCase,
    django_capture_on_commit_callbacks: Any,
    reader: str,
    document: str,
) -> None:
    opinion = _with_head(review_case, expert)
    login(client, expertise_head)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = reader
    url = reverse("expertise:opinion-issue", args=[review_case.pk, opinion.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"outcome": "positive", "language": document}, follow=True)
    page = response.content.decode()
    assert f'<html lang="{reader}">' in page
    opinion.refresh_from_db()
    text = pdf_text(opinion.pdf.read())
    assert in_language(document, "Date of issue") in text
    assert in_language(reader, "Date of issue") not in text
    assert in_language(document, "Positive") in text
    # the job speaks to the head in the head's language; the next page too
    job = Job.objects.get(kind="expertise.opinion_pdf")
    assert job.language == reader
    assert f'<html lang="{reader}">' in client.get(reverse("expertise:case-list")).content.decode()


@pytest.mark.parametrize(("reader", "document"), [("ru", "kk"), ("kk", "en")])
def test_tariff_report_is_in_the_language_it_was_requested_in(
    client: Any, expert: Any, django_capture_on_commit_callbacks: Any, reader: str, document: str
) -> None:
    create_norms()
    case = case_with_routes(1, assigned_expert=expert)
    login(client, expert)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = reader
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("expertise:tariff-report", args=[case.pk]), {"language": document})
    job = Job.objects.get(kind="expertise.tariff_report")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.language == reader
    text = pdf_text(job.result_file.read())
    title = "Tariff and subsidy verification report"
    assert in_language(document, title) in text.replace("\n", " ")
    assert in_language(reader, title) not in text.replace("\n", " ")
    assert f'<html lang="{reader}">' in client.get(case.get_absolute_url()).content.decode()
