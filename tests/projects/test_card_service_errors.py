"""A service's ValidationError on the card's forms: shown on the page whatever field it names, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.services import documents as document_services
from projects.services import project as project_services
from tests.conftest import login
from tests.projects.factories import MethodologyTemplateFactory, project_form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_service_error_on_a_field_the_project_form_lacks_is_shown_on_top(
    client: Any, officer_a: Any, project_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: Any) -> None:
        raise ValidationError({"code": "The code is taken.", "title_ru": "Too short."})

    monkeypatch.setattr(project_services, "project_update_details", refuse)
    login(client, officer_a)
    response = client.post(
        reverse("projects:update", args=[project_a.pk]), project_form_data(project_a, "Новый заголовок")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == ["The code is taken."]
    assert form.errors["title_ru"] == ["Too short."]


def test_a_field_error_from_publishing_a_template_is_shown_instead_of_a_500(
    client: Any, pmo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: Any) -> None:
        raise ValidationError({"notes": "Say what changed.", "original_name": "The name is too long."})

    monkeypatch.setattr(document_services, "methodology_template_version_publish", refuse)
    template = MethodologyTemplateFactory()
    login(client, pmo)
    response = client.post(
        reverse("projects:methodology-publish"),
        {"template": template.pk, "file": SimpleUploadedFile("t.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["notes"] == ["Say what changed."]
    assert form.non_field_errors() == ["The name is too long."]


def test_a_rejected_upload_says_why_next_to_the_file(client: Any, officer_a: Any, project_a: Any) -> None:
    login(client, officer_a)
    response = client.post(
        reverse("projects:document-upload", args=[project_a.pk]),
        {
            "title": "x",
            "doc_type": "act",
            "version": "1",
            "file": SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert len(form.errors["file"]) == 1  # the service's content check, in the reader's language
    assert not form.non_field_errors()
    assert form.fields["file"].widget.attrs["aria-invalid"] == "true"
