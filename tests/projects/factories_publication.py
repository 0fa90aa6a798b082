"""Factories and helpers of the publication workflow tests (a live version, a photo document)."""

from __future__ import annotations

import io
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from projects.models import Document, Publication
from tests.projects.factories import DocumentFactory, ProjectFactory

TEXTS = {
    "summary_kk": "Жол салынады.",
    "summary_ru": "Строится дорога.",
    "summary_en": "A road is being built.",
    "benefits_kk": "Жол жылдамырақ болады.",
    "benefits_ru": "Дорога станет быстрее.",
    "benefits_en": "The trip gets faster.",
}


def jpeg_bytes(size: tuple[int, int] = (32, 24)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


class PublicationFactory(DjangoModelFactory[Publication]):
    class Meta:
        model = Publication
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    version = factory.Sequence(lambda n: n + 1)
    status = Publication.Status.DRAFT
    summary_kk = TEXTS["summary_kk"]
    summary_ru = TEXTS["summary_ru"]
    summary_en = TEXTS["summary_en"]
    benefits_kk = TEXTS["benefits_kk"]
    benefits_ru = TEXTS["benefits_ru"]
    benefits_en = TEXTS["benefits_en"]


def live_publication(project: Any, **kwargs: Any) -> Publication:
    now = timezone.now()
    return PublicationFactory(
        project=project, status=Publication.Status.LIVE, published_at=now, decided_at=now, **kwargs
    )


def photo_document(project: Any, **kwargs: Any) -> Document:
    content = jpeg_bytes()
    return DocumentFactory(
        project=project,
        doc_type=Document.Type.PHOTO,
        content=content,
        content_type="image/jpeg",
        original_name="photo.jpg",
        **kwargs,
    )
