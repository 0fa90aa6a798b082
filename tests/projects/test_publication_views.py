"""The publication tab, the edit form, the decisions and the Project Office's queue (pages and query counts)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Document, Publication
from tests.conftest import login
from tests.projects.factories import DocumentFactory, ProjectFactory
from tests.projects.factories_publication import (
    TEXTS,
    PublicationFactory,
    jpeg_bytes,
    live_publication,
    photo_document,
)

pytestmark = pytest.mark.django_db
Status = Publication.Status


def _url(name: str, *args: Any) -> str:
    return reverse(f"projects:{name}", args=args)


def test_tab_shows_status_versions_and_history_links(client: Any, project_a: Any, officer_a: Any) -> None:
    live = live_publication(project_a, version=1)
    PublicationFactory(project=project_a, version=2, status=Status.RETURNED, return_note="Add the cost.")
    login(client, officer_a)
    response = client.get(_url("publication", project_a.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="publication-live"' in body
    assert "Add the cost." in body
    assert _url("publication-history", project_a.pk, live.pk) in body
    assert 'data-testid="publication-submit"' in body  # an editor may submit the returned draft
    assert 'data-testid="withdraw-form"' not in body  # only the Project Office withdraws


def test_tab_of_a_confidential_project_says_it_is_never_published(
    client: Any, confidential_project: Any, manager: Any
) -> None:
    login(client, manager)
    response = client.get(_url("publication", confidential_project.pk))
    assert 'data-testid="publication-confidential"' in response.content.decode()
    assert 'data-testid="publication-start"' not in response.content.decode()
    response = client.get(_url("publication-edit", confidential_project.pk))
    assert response.status_code == 302


def test_card_has_the_public_page_tab(client: Any, project_a: Any, officer_a: Any) -> None:
    login(client, officer_a)
    body = client.get(_url("detail", project_a.pk)).content.decode()
    assert _url("publication", project_a.pk) in body


def test_edit_get_writes_nothing_and_post_saves_a_draft(client: Any, project_a: Any, officer_a: Any) -> None:
    photo = photo_document(project_a, title="Фасад")
    doc = DocumentFactory(project=project_a, title="Акт")
    login(client, officer_a)
    response = client.get(_url("publication-edit", project_a.pk))
    assert response.status_code == 200
    assert "Фасад" in response.content.decode()
    assert not Publication.objects.exists()
    data = dict(TEXTS, photos=[photo.pk], documents=[doc.pk])
    response = client.post(_url("publication-edit", project_a.pk), data)
    assert response.status_code == 302
    draft = Publication.objects.get()
    assert draft.status == Status.DRAFT
    assert list(draft.photos.all()) == [photo]
    assert list(draft.documents.all()) == [doc]


def test_edit_refuses_a_pdf_as_photo_next_to_the_field(client: Any, project_a: Any, officer_a: Any) -> None:
    pdf = DocumentFactory(project=project_a)
    login(client, officer_a)
    response = client.post(_url("publication-edit", project_a.pk), dict(TEXTS, photos=[pdf.pk]))
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Publication.objects.exists()


def test_save_and_submit_then_approve_by_another(
    client: Any, project_a: Any, officer_a: Any, pmo: Any
) -> None:
    login(client, officer_a)
    response = client.post(_url("publication-edit", project_a.pk), dict(TEXTS, then="submit"))
    assert response.status_code == 302
    pub = Publication.objects.get()
    assert pub.status == Status.SUBMITTED
    login(client, pmo)
    response = client.post(_url("publication-approve", project_a.pk, pub.pk))
    assert response.status_code == 302
    pub.refresh_from_db()
    assert pub.status == Status.LIVE


def test_submit_with_missing_language_shows_a_message(client: Any, project_a: Any, officer_a: Any) -> None:
    PublicationFactory(project=project_a, summary_kk="")
    login(client, officer_a)
    response = client.post(_url("publication-submit", project_a.pk), follow=True)
    assert "қазақша" in response.content.decode()
    assert Publication.objects.get().status == Status.DRAFT


def test_return_without_a_note_stays_with_the_error(client: Any, project_a: Any, pmo: Any) -> None:
    pub = PublicationFactory(project=project_a, status=Status.SUBMITTED)
    login(client, pmo)
    response = client.post(_url("publication-return", project_a.pk, pub.pk), {"note": ""})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    response = client.post(_url("publication-return", project_a.pk, pub.pk), {"note": "Add a photo."})
    assert response.status_code == 302
    pub.refresh_from_db()
    assert pub.status == Status.RETURNED


def test_withdraw_from_the_queue(client: Any, project_a: Any, pmo: Any) -> None:
    live = live_publication(project_a)
    login(client, pmo)
    response = client.post(
        _url("publication-withdraw", project_a.pk), {"reason": "Outdated.", "next": "queue"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("publication-queue")
    live.refresh_from_db()
    assert live.status == Status.WITHDRAWN


def test_history_page_lists_the_version_changes(client: Any, project_a: Any, officer_a: Any) -> None:
    login(client, officer_a)
    client.post(_url("publication-edit", project_a.pk), dict(TEXTS))
    pub = Publication.objects.get()
    response = client.get(_url("publication-history", project_a.pk, pub.pk))
    assert response.status_code == 200
    other = PublicationFactory(project=ProjectFactory())
    assert client.get(_url("publication-history", project_a.pk, other.pk)).status_code == 404


def test_public_link_only_when_the_public_side_has_the_url(project_a: Any) -> None:
    from projects.views.publication import public_url

    url = public_url(project_a)
    assert url == "" or project_a.code in url


def test_queue_filters_and_empty_state(client: Any, pmo: Any, project_a: Any, project_b: Any) -> None:
    login(client, pmo)
    response = client.get(_url("publication-queue"))
    assert 'data-testid="publication-queue-empty"' in response.content.decode()
    live_publication(project_a)
    PublicationFactory(project=project_b, status=Status.SUBMITTED)
    body = client.get(_url("publication-queue")).content.decode()
    assert project_a.code in body
    assert project_b.code in body
    body = client.get(_url("publication-queue"), {"status": "submitted"}).content.decode()
    assert project_b.code in body
    assert project_a.code not in body
    body = client.get(_url("publication-queue"), {"q": project_a.code}).content.decode()
    assert project_a.code in body
    assert project_b.code not in body
    response = client.get(_url("publication-queue"), {"status": "nonsense", "direction": "x", "page": "99"})
    assert response.status_code == 200


def test_queue_queries_do_not_grow(client: Any, pmo: Any, num_queries: Any) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            project = ProjectFactory(grant=False)
            live_publication(project)
            PublicationFactory(project=ProjectFactory(grant=False), status=Status.SUBMITTED)

    login(client, pmo)
    add(2)
    client.get(_url("publication-queue"))  # warm the per-process caches (sessions, roles)
    with num_queries(7):
        client.get(_url("publication-queue"))
    add(8)
    with num_queries(7):
        client.get(_url("publication-queue"))


def test_tab_queries_do_not_grow(client: Any, project_a: Any, pmo: Any, num_queries: Any) -> None:
    login(client, pmo)
    live_publication(project_a, version=1).photos.set([photo_document(project_a)])
    client.get(_url("publication", project_a.pk))
    with num_queries(10):
        client.get(_url("publication", project_a.pk))
    for version in range(2, 7):
        PublicationFactory(project=project_a, version=version, status=Status.SUPERSEDED).documents.set(
            [DocumentFactory(project=project_a)]
        )
    with num_queries(10):
        client.get(_url("publication", project_a.pk))


def test_home_panel_lists_pages_awaiting_approval(client: Any, pmo: Any, project_a: Any) -> None:
    PublicationFactory(project=project_a, status=Status.SUBMITTED)
    login(client, pmo)
    body = client.get(reverse("core:home")).content.decode()
    assert "public-pages-awaiting" in body or project_a.code in body


def test_photo_upload_accepts_jpeg_and_refuses_a_fake(client: Any, project_a: Any, officer_a: Any) -> None:
    login(client, officer_a)
    url = _url("document-upload", project_a.pk)
    good = SimpleUploadedFile("site.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(url, {"file": good, "doc_type": "photo", "title": "Site", "version": "1"})
    assert response.status_code == 302
    assert Document.objects.get().content_type == "image/jpeg"
    fake = SimpleUploadedFile("fake.jpg", b"\xff\xd8\xff" + b"not an image" * 10, content_type="image/jpeg")
    response = client.post(url, {"file": fake, "doc_type": "photo", "title": "Fake", "version": "1"})
    assert response.status_code == 200
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post(url, {"file": pdf, "doc_type": "photo", "title": "Pdf", "version": "1"})
    assert response.status_code == 200
    assert Document.objects.count() == 1


def test_webp_photo_is_accepted(client: Any, project_a: Any, officer_a: Any) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 200, 0)).save(buffer, format="WEBP")
    login(client, officer_a)
    upload = SimpleUploadedFile("a.webp", buffer.getvalue(), content_type="image/webp")
    response = client.post(
        _url("document-upload", project_a.pk),
        {"file": upload, "doc_type": "photo", "title": "W", "version": "1"},
    )
    assert response.status_code == 302


def test_the_author_in_the_project_office_is_not_offered_the_approval(
    client: Any, project_a: Any, pmo: Any
) -> None:
    login(client, pmo)
    client.post(_url("publication-edit", project_a.pk), dict(TEXTS, then="submit"))
    assert Publication.objects.get().status == Status.SUBMITTED
    body = client.get(_url("publication", project_a.pk)).content.decode()
    assert 'data-testid="four-eyes"' in body
    assert 'data-testid="publication-approve"' not in body


def test_missing_languages_are_named_in_the_readers_language(
    client: Any, project_a: Any, officer_a: Any
) -> None:
    PublicationFactory(project=project_a, summary_en="", benefits_kk="")
    login(client, officer_a)
    body = client.get(_url("publication", project_a.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Kazakh, English" in body


def test_queue_exports_what_is_shown_to_excel(client: Any, pmo: Any, project_a: Any, project_b: Any) -> None:
    import io

    import openpyxl

    live_publication(project_a)
    PublicationFactory(project=project_b, status=Status.SUBMITTED)
    login(client, pmo)
    response = client.get(_url("publication-queue"), {"status": "live", "export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == [project_a.code]


def test_edit_while_a_version_awaits_approval_goes_back_to_the_tab(
    client: Any, project_a: Any, officer_a: Any
) -> None:
    PublicationFactory(project=project_a, status=Status.SUBMITTED)
    login(client, officer_a)
    response = client.get(_url("publication-edit", project_a.pk))
    assert response.status_code == 302
    response = client.post(_url("publication-edit", project_a.pk), dict(TEXTS))
    assert response.status_code == 302
    assert Publication.objects.count() == 1
