"""The demo publishes six projects (kk / ru / en texts, coordinates in Almaty, one drawn JPEG photo), once."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from projects.models import Document, Publication
from projects.selectors.public import published_projects

pytestmark = pytest.mark.django_db


def test_demo_publishes_six_projects_idempotently() -> None:
    from pmis.accounts.demo import load as load_people
    from projects.demo import load as load_projects
    from projects.demo_publication import load as load_publication

    call_command("loaddata", "fixtures/reference.json", verbosity=0)
    out = io.StringIO()
    ctx: dict[str, Any] = {"password": "demo-Password-1", "stdout": out}
    load_people(ctx)
    load_projects(ctx)
    assert "Public pages: 6 demo projects published." in out.getvalue()
    published = list(published_projects())
    assert len(published) == 6
    for project in published:
        assert not project.is_confidential
        assert 43.18 <= float(project.latitude) <= 43.33
        assert 76.82 <= float(project.longitude) <= 77.02
        live = project.publications.get(status=Publication.Status.LIVE)
        assert live.missing_languages() == []
        assert live.decided_by.username == "pmo"
        assert live.author.username in ("officer", "manager")
        photos = list(live.photos.all())
        assert len(photos) == 1
        assert photos[0].content_type == "image/jpeg"
    load_publication(io.StringIO())
    assert Publication.objects.count() == 6
    assert Document.objects.filter(doc_type=Document.Type.PHOTO).count() == 6
