"""Services of the project card: creation and codes, edit rights, passport freezing, gates, uploads."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from projects.models import GateDecision, PassportVersion, Project
from projects.permissions import can_edit_project
from projects.services import documents as doc_services
from projects.services import project as services
from tests.conftest import login
from tests.factories import UserFactory
from tests.projects.factories import (
    MethodologyTemplateFactory,
    MilestoneFactory,
    PassportVersionFactory,
)

pytestmark = pytest.mark.django_db


def _new_project(direction: Any, department: Any, **kwargs: Any) -> Project:
    return Project(direction=direction, department=department, title_ru="Новый проект", summary_ru="Описание", **kwargs)


def test_project_create_assigns_sequential_codes_and_rights(direction: Any, department_a: Any, manager: Any, officer_a: Any) -> None:
    first = services.project_create(actor=officer_a, project=_new_project(direction, department_a, manager=manager))
    second = services.project_create(actor=officer_a, project=_new_project(direction, department_a))
    year = timezone.localdate().year
    assert first.code == f"PRJ-{year}-00001"
    assert second.code == f"PRJ-{year}-00002"
    assert first.code in first.search_document
    assert "Новый проект" in first.search_document
    assert can_edit_project(type(manager).objects.get(pk=manager.pk), first)
    assert can_edit_project(type(officer_a).objects.get(pk=officer_a.pk), second)
    assert first.history.count() == 1


def test_project_create_requires_russian_title(direction: Any, department_a: Any, officer_a: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.project_create(actor=officer_a, project=Project(direction=direction, department=department_a))
    assert "title_ru" in exc.value.message_dict


def test_changing_manager_and_department_moves_edit_rights(project_a: Any, manager: Any, department_b: Any, officer_a: Any) -> None:
    new_manager = UserFactory()
    project_a.manager = new_manager
    project_a.department = department_b
    services.project_update_details(project=project_a, actor=officer_a, fields=["manager", "department"])
    fresh = type(manager).objects.get
    assert not can_edit_project(fresh(pk=manager.pk), project_a)
    assert can_edit_project(fresh(pk=new_manager.pk), project_a)
    assert not can_edit_project(fresh(pk=officer_a.pk), project_a)


def test_team_member_rights_follow_the_role(project_a: Any, sac: Any) -> None:
    membership = services.project_member_add(project=project_a, user=sac, role="member", actor=None)
    assert can_edit_project(type(sac).objects.get(pk=sac.pk), project_a)
    services.project_member_add(project=project_a, user=sac, role="observer", actor=None)
    assert not can_edit_project(type(sac).objects.get(pk=sac.pk), project_a)
    services.project_member_add(project=project_a, user=sac, role="deputy", actor=None)
    membership.refresh_from_db()
    services.project_member_remove(membership=membership, actor=None)
    assert not can_edit_project(type(sac).objects.get(pk=sac.pk), project_a)
    assert project_a.memberships.count() == 0


def test_passport_is_frozen_once_approved_and_a_new_version_copies_it(project_a: Any, pmo: Any) -> None:
    draft = services.passport_version_create_draft(project=project_a, actor=pmo)
    assert draft.version == 1
    with pytest.raises(ValidationError):
        services.passport_version_create_draft(project=project_a, actor=pmo)
    with pytest.raises(ValidationError):
        services.passport_version_submit(passport=draft, actor=pmo)  # goals missing
    draft.goals, draft.expected_results = "Цель", "Результат"
    services.passport_version_update(passport=draft, actor=pmo, fields=["goals", "expected_results"])
    services.passport_version_submit(passport=draft, actor=pmo)
    approved = services.passport_version_approve(passport=draft, actor=pmo)
    assert approved.status == PassportVersion.Status.APPROVED
    assert approved.approved_by == pmo
    approved.goals = "Изменено"
    with pytest.raises(ValidationError):
        services.passport_version_update(passport=approved, actor=pmo, fields=["goals"])
    assert PassportVersion.objects.get(pk=approved.pk).goals == "Цель"
    second = services.passport_version_create_draft(project=project_a, actor=pmo)
    assert (second.version, second.goals, second.status) == (2, "Цель", PassportVersion.Status.DRAFT)


def test_frozen_passport_edit_page_refuses(client: Any, project_a: Any, officer_a: Any) -> None:
    passport = PassportVersionFactory(project=project_a, version=1, status=PassportVersion.Status.APPROVED)
    login(client, officer_a)
    response = client.post(reverse("projects:passport-edit", args=[project_a.pk, passport.pk]), {"goals": "x"})
    assert response.status_code == 302
    passport.refresh_from_db()
    assert passport.goals != "x"


def _gate(project: Any, gate: str, decision: str = "proceed", **kw: Any) -> GateDecision:
    return services.gate_decision_record(
        project=project, actor=None, gate=gate, decision=decision, decided_on=datetime.date(2026, 3, 1),
        decided_by_body="Управляющий комитет", **kw,
    )


def test_lifecycle_cannot_skip_a_gate(project_a: Any) -> None:
    Project.objects.filter(pk=project_a.pk).update(stage=Project.Stage.IDEA)
    project_a.refresh_from_db()
    with pytest.raises(ValidationError):
        _gate(project_a, "gate_1")  # an idea must first go to initiation
    project_a = services.project_stage_advance(project=project_a, actor=None)
    assert project_a.stage == "initiation"
    with pytest.raises(ValidationError):
        services.project_stage_advance(project=project_a, actor=None)  # initiation → approved needs gate 1
    with pytest.raises(ValidationError):
        _gate(project_a, "gate_2")
    record = _gate(project_a, "gate_1")
    assert (record.stage_before, record.stage_after) == ("initiation", "approved")
    project_a.refresh_from_db()
    assert services.project_stage_advance(project=project_a, actor=None).stage == "planning"
    with pytest.raises(ValidationError) as exc:
        _gate(project_a, "gate_2", "proceed_with_conditions")
    assert "conditions" in exc.value.message_dict
    _gate(project_a, "gate_2", "proceed_with_conditions", conditions="Уточнить смету")
    project_a.refresh_from_db()
    assert project_a.stage == "execution"
    with pytest.raises(ValidationError):
        _gate(project_a, "gate_3")  # closure first
    assert services.project_stage_advance(project=project_a, actor=None).stage == "closure"
    project_a.refresh_from_db()
    _gate(project_a, "gate_3")
    project_a.refresh_from_db()
    assert project_a.stage == "post_project"


def test_hold_suspends_and_stop_terminates(project_a: Any) -> None:
    Project.objects.filter(pk=project_a.pk).update(stage=Project.Stage.PLANNING)
    project_a.refresh_from_db()
    _gate(project_a, "gate_2", "hold")
    project_a.refresh_from_db()
    assert project_a.stage == "suspended"
    _gate(project_a, "gate_2", "stop")
    project_a.refresh_from_db()
    assert project_a.stage == "terminated"
    assert services.allowed_gates(project_a) == []


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def test_document_upload_hashes_and_names_the_file(project_a: Any, officer_a: Any) -> None:
    milestone = MilestoneFactory(project=project_a)
    upload = SimpleUploadedFile("../../etc/Акт приёмки.pdf", PDF, content_type="application/pdf")
    document = doc_services.document_upload(
        project=project_a, actor=officer_a, uploaded_file=upload, doc_type="act", title="Акт", version="2",
        milestone=milestone,
    )
    import hashlib

    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.size == len(PDF)
    assert document.original_name == "Акт приёмки.pdf"
    assert document.file.name.startswith(f"projects/{project_a.pk}/")
    assert ".." not in document.file.name
    assert doc_services.document_download_name(document) == f"{project_a.code}-act-v2.pdf"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("virus.exe", b"MZ\x90\x00", "application/octet-stream"),
        ("fake.pdf", b"<html>hi</html>", "application/pdf"),
        ("fake.docx", b"%PDF-1.4", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("empty.pdf", b"", "application/pdf"),
        ("mismatch.pdf", PDF, "text/html"),
    ],
)
def test_document_upload_refuses_bad_files(project_a: Any, name: str, content: bytes, content_type: str) -> None:
    with pytest.raises(ValidationError):
        doc_services.document_upload(
            project=project_a, actor=None, uploaded_file=SimpleUploadedFile(name, content, content_type=content_type),
            doc_type="other", title="x",
        )
    assert project_a.documents.count() == 0


def test_document_upload_size_limit(project_a: Any, settings: Any) -> None:
    settings.PMIS_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        doc_services.document_upload(
            project=project_a, actor=None, uploaded_file=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
            doc_type="other", title="x",
        )


def test_upload_through_the_page_and_download(client: Any, project_a: Any, officer_a: Any) -> None:
    template = MethodologyTemplateFactory()
    version = doc_services.methodology_template_version_publish(
        template=template, actor=None, uploaded_file=SimpleUploadedFile("t.pdf", PDF, content_type="application/pdf")
    )
    login(client, officer_a)
    url = reverse("projects:document-upload", args=[project_a.pk])
    bad = client.post(url, {"title": "x", "doc_type": "act", "version": "1",
                            "file": SimpleUploadedFile("x.exe", b"MZ", content_type="application/x-msdownload")})
    assert bad.status_code == 200
    assert "invalid-feedback" in bad.content.decode()
    ok = client.post(url, {"title": "Паспорт", "doc_type": "passport", "version": "1", "template_version": version.pk,
                           "file": SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf")})
    assert ok.status_code == 302
    document = project_a.documents.get()
    assert document.template_version == version
    download = client.get(reverse("projects:document-download", args=[project_a.pk, document.pk]))
    assert download.status_code == 200
    assert f'filename="{project_a.code}-passport-v1.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


def test_template_versions_keep_one_current(pmo: Any) -> None:
    template = MethodologyTemplateFactory()
    first = doc_services.methodology_template_version_publish(
        template=template, actor=pmo, uploaded_file=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    )
    second = doc_services.methodology_template_version_publish(
        template=template, actor=pmo, uploaded_file=SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
        notes="Новая форма",
    )
    first.refresh_from_db()
    assert (first.version, first.is_current, second.version, second.is_current) == (1, False, 2, True)


def test_create_page_registers_a_project(client: Any, officer_a: Any, direction: Any, department_a: Any) -> None:
    login(client, officer_a)
    data = {
        "title_ru": "Велодорожки", "summary_ru": "Сеть велодорожек", "direction": direction.pk,
        "department": department_a.pk, "stage": "idea", "project_type": "construction", "priority": "high",
        "planned_start": "2026-05-01", "planned_finish": "2026-04-01", "latitude": "43.25",
    }
    response = client.post(reverse("projects:create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("invalid-feedback") == 2  # finish before start; latitude without longitude
    data.update(planned_finish="2027-04-01", longitude="76.95")
    response = client.post(reverse("projects:create"), data)
    project = Project.objects.get(title_ru="Велодорожки")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.code.startswith("PRJ-")


def test_officer_cannot_register_for_another_department(client: Any, officer_a: Any, direction: Any, department_b: Any) -> None:
    login(client, officer_a)
    response = client.post(reverse("projects:create"), {
        "title_ru": "Чужой", "summary_ru": "x", "direction": direction.pk, "department": department_b.pk,
        "stage": "idea", "project_type": "other", "priority": "low",
    })
    assert response.status_code == 200
    assert not Project.objects.filter(title_ru="Чужой").exists()


def test_gate_page_records_a_decision(client: Any, project_a: Any, pmo: Any) -> None:
    Project.objects.filter(pk=project_a.pk).update(stage=Project.Stage.INITIATION)
    login(client, pmo)
    url = reverse("projects:gate-record", args=[project_a.pk])
    assert client.post(url, {"gate": "gate_2", "decision": "proceed", "decided_on": "2026-03-01",
                             "decided_by_body": "УК"}).status_code == 200
    response = client.post(url, {"gate": "gate_1", "decision": "proceed", "decided_on": "2026-03-01",
                                 "decided_by_body": "УК"})
    assert response.status_code == 302
    project_a.refresh_from_db()
    assert project_a.stage == "approved"


def test_card_pdf_job_renders_in_the_users_language(project_a: Any, manager: Any) -> None:
    from pmis.core.jobs import job_create, job_run

    job = job_create(kind="projects.card_pdf", requested_by=manager, params={"project_id": project_a.pk}, language="kk")
    job = job_run(job_id=job.pk)
    assert job.status == "succeeded", job.error
    assert job.result_name == f"{project_a.code}.pdf"
    assert job.result_file.read().startswith(b"%PDF")


def test_card_pdf_template_context_in_kazakh(project_a: Any) -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    from projects.selectors.card import project_overview

    project_a.title_kk = "Қазақша атауы"
    with translation.override("kk"):
        html = render_to_string("projects/pdf/card.html", {"project": project_a, "overview": project_overview(project_a)})
    assert "Қазақша атауы" in html
