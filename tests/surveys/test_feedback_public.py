"""The public feedback pages: the form on a published project, bad input (script/HTML, oversized or non-image
files, a flood from one address, the honeypot, unpublished/confidential projects), the tracking pages."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from surveys.models import Feedback, FeedbackRateBucket
from tests.projects.factories import ProjectFactory
from tests.surveys.factories_feedback import make_feedback, publish, published_project

pytestmark = pytest.mark.django_db

GOOD = {
    "kind": "question",
    "text": "When will the road near school No. 12 be open again?",
    "consent": "on",
    "email": "",
}


def _image(fmt: str = "JPEG", size: tuple[int, int] = (40, 30), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 10, 10))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0)}  # GPS
        image.save(out, format=fmt, exif=data)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def _url(project: Any, lang: str = "en") -> str:
    return f"/{lang}/projects/{project.code}/feedback/"


def test_form_shows_the_rules_and_labelled_fields(client: Any) -> None:
    project = published_project()
    response = client.get(_url(project))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No insults" in html
    assert "never published" in html
    assert "15 working days" in html
    for name in ("id_text", "id_email", "id_photo", "id_consent"):
        assert f'for="{name}"' in html
    assert response.headers.get("Cache-Control", "").find("no-cache") >= 0


def test_submit_stores_and_redirects_to_the_tracking_page(client: Any) -> None:
    project = published_project()
    response = client.post(_url(project, "kk"), {**GOOD, "email": "me@example.kz"})
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kk/feedback/{feedback.reference}/?new=1"
    assert feedback.language == "kk"
    assert feedback.status == Feedback.Status.PENDING
    assert feedback.email == "me@example.kz"
    assert feedback.reference.startswith("FB-20")
    assert len(feedback.reference) == 14
    page = client.get(response["Location"])
    assert feedback.reference in page.content.decode()
    assert "me@example.kz" not in page.content.decode()


def test_script_and_html_are_stripped(client: Any) -> None:
    project = published_project()
    text = '<script>alert("x")</script><b>The pavement</b> near the\x07 bus stop is broken again.\x00'
    client.post(_url(project), {**GOOD, "text": text})
    feedback = Feedback.objects.get()
    assert "<" not in feedback.text
    assert "\x07" not in feedback.text
    assert "\x00" not in feedback.text
    assert feedback.text == 'alert("x")The pavement near the bus stop is broken again.'


def test_only_html_is_too_short(client: Any) -> None:
    project = published_project()
    response = client.post(_url(project), {**GOOD, "text": "<img src=x onerror=alert(1)><p>hi</p>"})
    assert response.status_code == 200
    assert "at least 10 characters" in response.content.decode()
    assert not Feedback.objects.exists()


def test_every_missing_field_is_reported_next_to_it(client: Any) -> None:
    project = published_project()
    response = client.post(_url(project), {"text": "x" * 2001, "email": "not-an-address"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose what you are writing" in html
    assert "at most 2000 characters" in html
    assert "valid e-mail" in html
    assert "consent" in html
    assert 'aria-invalid="true"' in html
    assert not Feedback.objects.exists()


def test_photo_is_reencoded_without_exif(client: Any) -> None:
    project = published_project()
    photo = SimpleUploadedFile("street.jpg", _image(exif=True), content_type="image/jpeg")
    client.post(_url(project), {**GOOD, "photo": photo})
    feedback = Feedback.objects.get()
    assert feedback.photo_content_type == "image/jpeg"
    with feedback.photo.open("rb") as stored:
        data = stored.read()
    assert b"PhoneMaker" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("virus.jpg", b"MZ\x90\x00 this is not an image at all", "image/jpeg", "JPEG, PNG or WebP"),
        ("doc.pdf", b"%PDF-1.4 fake", "application/pdf", "JPEG, PNG or WebP"),
        ("anim.gif", b"GIF89a" + b"\x00" * 40, "image/gif", "JPEG, PNG or WebP"),
        ("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 1), "image/jpeg", "at most 5 MB"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    client: Any, settings: Any, name: str, content: bytes, content_type: str, message: str
) -> None:
    project = published_project()
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client.post(_url(project), {**GOOD, "photo": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Feedback.objects.exists()
    media = settings.MEDIA_ROOT
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_flood_from_one_address_gets_429(client: Any, settings: Any) -> None:
    settings.PMIS_FEEDBACK_RATE_LIMIT = 3
    project = published_project()
    statuses = [client.post(_url(project), GOOD).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Feedback.objects.count() == 3
    bucket = FeedbackRateBucket.objects.get()
    assert bucket.count == 5
    assert "127.0.0.1" not in bucket.ip_hash
    assert len(bucket.ip_hash) == 64


def test_invalid_posts_count_against_the_limit_too(client: Any, settings: Any) -> None:
    settings.PMIS_FEEDBACK_RATE_LIMIT = 2
    project = published_project()
    client.post(_url(project), {"text": "short"})
    client.post(_url(project), {"text": "short"})
    assert client.post(_url(project), GOOD).status_code == 429
    assert not Feedback.objects.exists()


def test_honeypot_pretends_success_and_stores_nothing(client: Any) -> None:
    project = published_project()
    response = client.post(_url(project), {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "FB-" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("case", ["missing", "unpublished", "confidential"])
def test_unpublished_or_confidential_project_is_404(client: Any, case: str) -> None:
    if case == "missing":
        code = "PRJ-NOPE"
    else:
        project = ProjectFactory(is_confidential=(case == "confidential"))
        if case == "confidential":
            publish(project)
        code = project.code
    assert client.get(f"/en/projects/{code}/feedback/").status_code == 404
    assert client.post(f"/en/projects/{code}/feedback/", GOOD).status_code == 404
    assert not Feedback.objects.exists()
    assert not FeedbackRateBucket.objects.exists()


def test_tracking_pages(client: Any) -> None:
    project = published_project()
    pending = make_feedback(project, email="secret@example.kz")
    answered = make_feedback(project, status=Feedback.Status.ANSWERED, public_text="Published words here")
    rejected = make_feedback(project, status=Feedback.Status.REJECTED, text="Private insulting words")
    track = client.get("/en/feedback/", {"reference": answered.reference.lower()})
    assert track.status_code == 302
    assert track["Location"].endswith(f"/feedback/{answered.reference}/")
    unknown = client.get("/en/feedback/", {"reference": "FB-2000-000000"})
    assert unknown.status_code == 200
    assert "No message has this reference number" in unknown.content.decode()
    html = client.get(f"/en/feedback/{answered.reference}/").content.decode()
    assert "Published words here" in html
    assert "The works end in October." in html
    html = client.get(f"/en/feedback/{pending.reference}/").content.decode()
    assert "Awaiting moderation" in html
    assert pending.text not in html
    assert "secret@example.kz" not in html
    html = client.get(f"/en/feedback/{rejected.reference}/").content.decode()
    assert "Not published" in html
    assert "Private insulting words" not in html
    assert client.get("/en/feedback/FB-2000-000000/").status_code == 404


def test_tracking_page_is_404_once_the_project_is_withdrawn(client: Any) -> None:
    project = published_project()
    feedback = make_feedback(project, status=Feedback.Status.ANSWERED)
    project.publications.update(status="withdrawn")
    assert client.get(f"/en/feedback/{feedback.reference}/").status_code == 404


def test_an_unknown_kind_gets_one_message(client: Any) -> None:
    project = published_project()
    html = client.post(_url(project), {**GOOD, "kind": "<script>"}).content.decode()
    assert html.count("Choose what you are writing") == 1
    assert "Select a valid choice" not in html
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(("fmt", "content_type"), [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_png_and_webp_are_accepted(client: Any, fmt: str, content_type: str) -> None:
    project = published_project()
    photo = SimpleUploadedFile(f"p.{fmt.lower()}", _image(fmt), content_type=content_type)
    assert client.post(_url(project), {**GOOD, "photo": photo}).status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.photo_content_type == content_type
    with feedback.photo.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).format == fmt


def test_a_jpeg_named_png_is_stored_as_what_it_is(client: Any) -> None:
    project = published_project()
    photo = SimpleUploadedFile("looks.png", _image("JPEG"), content_type="image/png")
    client.post(_url(project), {**GOOD, "photo": photo})
    feedback = Feedback.objects.get()
    assert feedback.photo_content_type == "image/jpeg"
    assert feedback.photo.name.endswith(".jpg")
