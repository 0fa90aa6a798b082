"""The printable card is rendered in the document language chosen when it is ordered, not in the reader's, and
ordering it changes neither the reader's language nor the messages of the job page."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from pmis.core.models import Job
from pmis.core.pdf import document_language, render_pdf
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True, timeout=30
    ).stdout.decode()
    return " ".join(out.split())


def _as_russian_reader(client: Any, user: Any) -> None:
    login(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    session = client.session
    session["_language"] = "ru"
    session.save()


def test_a_russian_reader_orders_the_card_in_kazakh(
    client: Any, project_a: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    project_a.title_kk = "Қазақша атауы"
    project_a.save(update_fields=["title_kk"])
    _as_russian_reader(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:card-pdf", args=[project_a.pk]), {"language": "kk"})
    assert response.status_code == 302
    job = Job.objects.get(kind="projects.card_pdf")
    assert job.params["language"] == "kk"
    assert job.status == Job.Status.SUCCEEDED, job.error
    text = _pdf_text(job.result_file.read())
    with translation.override("kk"):
        assert translation.gettext("Responsible department") in text
    with translation.override("ru"):
        assert translation.gettext("Responsible department") not in text
    assert "Қазақша атауы" in text

    page = client.get(response["Location"])
    html = page.content.decode()
    assert '<html lang="ru"' in html  # the reader's own pages stay Russian
    with translation.override("ru"):
        assert translation.gettext("The project card is ready.") in html
    assert client.session.get("_language") == "ru"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_a_tampered_document_language_falls_back_to_the_readers(
    client: Any, project_a: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _as_russian_reader(client, manager)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("projects:card-pdf", args=[project_a.pk]), {"language": "../../etc"})
    assert response.status_code == 302
    assert Job.objects.get(kind="projects.card_pdf").params["language"] == "ru"


def test_the_card_offers_the_three_document_languages(client: Any, project_a: Any, manager: Any) -> None:
    _as_russian_reader(client, manager)
    html = client.get(reverse("projects:detail", args=[project_a.pk])).content.decode()
    assert 'data-testid="card-pdf-language"' in html
    assert '<option value="ru" selected>' in html
    assert '<option value="kk">' in html
    assert '<option value="en">' in html


def test_render_pdf_builds_a_callable_context_in_the_document_language_and_restores_the_readers() -> None:
    seen: list[str] = []

    def context() -> dict[str, Any]:
        seen.append(translation.gettext("Responsible department"))
        return {"rows": [], "bars": []}

    with translation.override("ru"):
        content = render_pdf("pdf/selfcheck.html", context, language="kk")
        assert translation.get_language() == "ru"
    assert content.startswith(b"%PDF-")
    with translation.override("kk"):
        assert seen == [translation.gettext("Responsible department")]


@pytest.mark.parametrize(
    ("requested", "default", "expected"),
    [("kk", None, "kk"), ("en-us", None, "en"), ("xx", "kk", "kk"), (None, None, "ru"), ("", "zz", "ru")],
)
def test_document_language_accepts_only_our_languages(requested: Any, default: Any, expected: str) -> None:
    with translation.override("ru"):
        assert document_language(requested, default) == expected
