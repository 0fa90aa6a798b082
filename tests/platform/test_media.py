"""Uploaded and generated files: never served by URL, stored under random names, sent only by download views.

The probe of issue 10: under `make run` (dev settings) `/media/jobs/…/PRJ-2026-00011.pdf` returned a confidential
project's card to anyone, and uploaded documents kept their original names.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from tests.conftest import login

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django
django.setup()
from pathlib import Path
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client
from django.urls import Resolver404, resolve

# prod's manifest storage needs collectstatic for the 404 page's {% static %}; the probe runs without it
staticfiles_storage.manifest_strict = False

path = Path(settings.MEDIA_ROOT) / "jobs" / "2026" / "12"
path.mkdir(parents=True, exist_ok=True)
(path / "PRJ-2026-00011.pdf").write_bytes(b"%PDF-1.4 confidential card")
url = settings.MEDIA_URL.rstrip("/") + "/jobs/2026/12/PRJ-2026-00011.pdf"
try:
    resolve(url)
    print("route: yes")
except Resolver404:
    print("route: no")
response = Client().get(url, secure=True, HTTP_HOST="localhost")
body = b"".join(response.streaming_content) if response.streaming else response.content
print("status:", response.status_code)
print("leaked:", b"confidential card" in body)
"""


@pytest.mark.parametrize("module", ["dev", "test", "prod", "bench"])
def test_media_files_are_not_served_by_url_under_any_settings_module(module, tmp_path, request):
    media = tmp_path / "media"
    # production pages name their static files through the collected manifest, as after docker-compose's collectstatic
    static = request.getfixturevalue("prod_static")[0] if module == "prod" else tmp_path / "static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": f"pmis.settings.{module}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(32),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "BENCH_DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "PMIS_MEDIA_ROOT": str(media),
        "PMIS_TEST_MEDIA_ROOT": str(media),
        "PMIS_STATIC_ROOT": str(static),
    }
    env.pop("DJANGO_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert (media / "jobs" / "2026" / "12" / "PRJ-2026-00011.pdf").is_file()
    assert result.stdout.splitlines() == ["route: no", "status: 404", "leaked: False"], output


def _file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, field)
        for model in apps.get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def test_the_file_fields_are_the_known_ones():
    """A new FileField must be added here, after it stores under a random name and has an access-checked view."""
    assert sorted(f"{model._meta.label}.{field.name}" for model, field in _file_fields()) == [
        "audits.AuditReport.file",
        "audits.CorrectiveAction.evidence",
        "audits.Evidence.file",
        "core.Job.result_file",
        "expertise.CaseDocument.file",
        "expertise.HistoryImport.file",
        "expertise.Opinion.pdf",
        "monitoring.Actual.evidence",
        "monitoring.ImportBatch.file",
        "portfolio.AgendaPack.file",
        "portfolio.AgendaPack.redacted_file",
        "portfolio.OpenDataRelease.csv",  # open data: served to everyone by opendata:csv / opendata:package
        "portfolio.OpenDataRelease.package",
        "projects.Document.file",
        "projects.MethodologyTemplateVersion.file",
        "surveys.Feedback.photo",  # a citizen's photo: the Project Office only, through surveys:feedback-photo
    ]


@pytest.mark.parametrize(
    ("model", "field"), _file_fields(), ids=lambda v: getattr(v, "name", None) or getattr(v, "__name__", "")
)
def test_every_file_field_stores_under_a_random_name(model, field):
    first = field.generate_filename(model(), "PRJ-2026-00011 паспорт.pdf")
    second = field.generate_filename(model(), "PRJ-2026-00011 паспорт.pdf")
    assert first != second
    for name in (first, second):
        assert "PRJ" not in name
        assert "паспорт" not in name
        assert name.endswith(".pdf")
        assert len(Path(name).stem) >= 32


@pytest.mark.django_db
def test_a_case_document_is_stored_under_a_random_name_and_downloads_under_its_own(
    client, department_a, expert, expertise_head, outsider_officer
):
    from expertise.services.cases import document_add
    from tests.expertise.factories import ReviewCaseFactory

    case = ReviewCaseFactory(applicant=department_a)
    upload = SimpleUploadedFile("ТЭО школы №5.pdf", b"%PDF-1.4 teo", content_type="application/pdf")
    document = document_add(case=case, actor=expert, doc_type="feasibility", title="ТЭО", upload=upload)

    stored = Path(document.file.name)
    assert stored.parent.parts[:2] == ("expertise", "documents")
    assert "ТЭО" not in document.file.name
    assert len(stored.stem) == 32
    assert document.original_name == "ТЭО школы №5.pdf"

    url = reverse("expertise:document-download", args=[case.pk, document.pk])
    login(client, expertise_head)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 teo"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('ТЭО школы №5.pdf')}"
    assert response["X-Content-Type-Options"] == "nosniff"

    login(client, outsider_officer)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_file_stored_before_random_names_still_downloads(client, department_a, expert, expertise_head):
    from expertise.models import CaseDocument
    from tests.expertise.factories import ReviewCaseFactory

    case = ReviewCaseFactory(applicant=department_a)
    document = CaseDocument(
        case=case, doc_type="feasibility", title="ТЭО", sha256="0" * 64, size=3, uploaded_by=expert
    )
    document.file.name = default_storage.save("expertise/documents/2025/old-teo.pdf", ContentFile(b"old"))
    document.save()
    assert document.original_name == ""

    login(client, expertise_head)
    response = client.get(reverse("expertise:document-download", args=[case.pk, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"old"
    assert response["Content-Disposition"] == 'attachment; filename="old-teo.pdf"'


@pytest.mark.django_db
def test_evidence_is_stored_under_a_random_name_and_downloads_under_its_own(client, officer, sac):
    from monitoring.services.actuals import actual_save
    from tests.monitoring.factories import IndicatorFactory

    indicator = IndicatorFactory(level="city")
    evidence = SimpleUploadedFile("Акт приёмки 12.2026.pdf", b"%PDF-1.4 act", content_type="application/pdf")
    actual = actual_save(
        indicator=indicator, actor=officer, year=2026, period=1, value=Decimal(5), evidence=evidence
    )
    actual.refresh_from_db()
    assert "Акт" not in actual.evidence.name
    assert len(Path(actual.evidence.name).stem) == 32
    assert actual.evidence_name == "Акт приёмки 12.2026.pdf"

    login(client, sac)
    response = client.get(reverse("monitoring:actual-evidence", args=[actual.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 act"
    assert (
        response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('Акт приёмки 12.2026.pdf')}"
    )
    detail = client.get(reverse("monitoring:actual", args=[actual.pk]))
    assert "Акт приёмки 12.2026.pdf" in detail.content.decode()


@pytest.mark.django_db
def test_the_migrations_give_files_stored_before_random_names_their_display_name(
    department_a, expert, officer
):
    import importlib

    from expertise.models import CaseDocument
    from monitoring.models import Actual
    from tests.expertise.factories import ReviewCaseFactory
    from tests.monitoring.factories import IndicatorFactory

    case = ReviewCaseFactory(applicant=department_a)
    document = CaseDocument.objects.create(
        case=case,
        doc_type="feasibility",
        title="ТЭО",
        sha256="0" * 64,
        size=3,
        uploaded_by=expert,
        file="expertise/documents/2025/ТЭО школы.pdf",
    )
    actual = Actual.objects.create(
        indicator=IndicatorFactory(level="city"),
        year=2025,
        period=1,
        value=Decimal(1),
        evidence="monitoring/evidence/2025/акт.pdf",
    )
    without_file = Actual.objects.create(indicator=actual.indicator, year=2025, period=2, value=Decimal(2))

    for name in (
        "expertise.migrations.0007_document_random_storage_name",
        "monitoring.migrations.0007_evidence_random_storage_name",
    ):
        importlib.import_module(name).backfill_names(apps, None)

    document.refresh_from_db()
    actual.refresh_from_db()
    without_file.refresh_from_db()
    assert document.original_name == "ТЭО школы.pdf"
    assert actual.evidence_name == "акт.pdf"
    assert without_file.evidence_name == ""
