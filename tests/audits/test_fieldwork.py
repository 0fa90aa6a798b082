"""Fieldwork: starting an audit (team, conflicts of interest, one audit per drawn project, the checklist version),
team and schedule, notification, document requests, answers and evidence, the audit page and its history."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from audits import models
from audits.services import fieldwork as svc
from pmis.accounts import roles
from pmis.notifications.models import Notification
from tests.audits.factories import AuditFactory, AuditorFactory, ProgrammeFactory, checklist_v1
from tests.audits.factories_fieldwork import drawn_item, pdf_upload
from tests.conftest import login
from tests.factories import UserFactory
from tests.projects.factories import DocumentFactory, ProjectFactory, ProjectMemberFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 10, 5)
FINISH = datetime.date(2026, 10, 30)
CUTOFF = datetime.date(2026, 9, 30)


@pytest.fixture
def project(department_a: Any, manager: Any) -> Any:
    return ProjectFactory(department=department_a, manager=manager)


def start(actor: Any, project: Any, **kwargs: Any) -> models.Audit:
    checklist_v1()
    args: dict[str, Any] = {
        "actor": actor,
        "project": project,
        "programme": ProgrammeFactory(year=2026),
        "lead": actor,
        "members": [],
        "cutoff_date": CUTOFF,
        "planned_start": START,
        "planned_finish": FINISH,
        "declared": True,
        **kwargs,
    }
    return svc.audit_start(**args)


class TestStart:
    def test_start_from_a_drawn_item_through_the_page(self, client: Any, auditor: Any, project: Any) -> None:
        checklist_v1()
        item = drawn_item(project)
        member = AuditorFactory()
        login(client, auditor)
        url = reverse("audits:audit-create") + f"?item={item.pk}"
        page = client.get(url)
        assert page.status_code == 200
        assert page.context["form"].initial["cutoff_date"] == item.draw.cutoff_date
        response = client.post(
            url,
            {
                "lead": auditor.pk,
                "members": [member.pk],
                "cutoff_date": "2026-09-30",
                "planned_start": "2026-10-05",
                "planned_finish": "2026-10-30",
                "scope": "Отчётность 2026 года",
                "declared": "on",
            },
        )
        audit = models.Audit.objects.get()
        assert response.status_code == 302
        assert response.url == audit.get_absolute_url()
        assert audit.number == "AUD-2026-001"
        assert audit.draw == item.draw
        assert audit.project == project
        assert audit.programme == item.draw.programme
        assert audit.checklist.version == 1
        assert audit.status == models.Audit.Status.PLANNED
        assert {(m.user_id, m.role) for m in audit.team.all()} == {
            (auditor.pk, "lead"),
            (member.pk, "member"),
        }
        assert all(m.declared_at for m in audit.team.all())
        assert audit.answers.count() == 14
        assert audit.history.count() == 1
        assert models.ChecklistAnswer.history.count() == 14

    def test_items_of_another_project_type_start_as_not_applicable(self, auditor: Any, project: Any) -> None:
        audit = start(auditor, project)
        ppp = audit.answers.get(item__code="ppp")
        assert ppp.result == "na"
        assert ppp.precheck_status == "not_checked"
        assert ppp.precheck_facts[0]["key"] == "Applies only to projects of type %(type)s."
        with pytest.raises(ValidationError, match="does not apply"):
            svc.answer_save(answer=ppp, actor=auditor, result="compliant")
        passport = audit.answers.get(item__code="passport")
        assert passport.result == ""
        assert passport.precheck_status == "failed"

    def test_the_newest_active_checklist_version_is_kept(self, auditor: Any, project: Any) -> None:
        checklist_v1()
        models.ChecklistVersion.objects.create(version=2, status=models.ChecklistVersion.Status.DRAFT)
        v3 = models.ChecklistVersion.objects.create(version=3, status=models.ChecklistVersion.Status.ACTIVE)
        models.ChecklistItem.objects.create(
            version=v3, number=1, code="passport", text_ru="Паспорт", precheck="passport"
        )
        audit = start(auditor, project)
        assert audit.checklist == v3
        assert audit.answers.count() == 1

    def test_numbers_count_up_within_the_programme_year(self, auditor: Any) -> None:
        first = start(auditor, ProjectFactory())
        second = start(auditor, ProjectFactory())
        assert (first.number, second.number) == ("AUD-2026-001", "AUD-2026-002")

    def test_one_audit_per_drawn_project(self, auditor: Any, project: Any) -> None:
        item = drawn_item(project)
        first = start(auditor, project, draw_item=item, programme=item.draw.programme)
        with pytest.raises(ValidationError, match=first.number):
            start(auditor, project, draw_item=item, programme=item.draw.programme)
        assert models.Audit.objects.count() == 1

    def test_the_declaration_must_be_confirmed(self, auditor: Any, project: Any) -> None:
        with pytest.raises(ValidationError) as exc:
            start(auditor, project, declared=False)
        assert "declared" in exc.value.message_dict
        assert not models.Audit.objects.exists()

    def test_only_auditors_join_the_team(self, auditor: Any, project: Any, pmo: Any) -> None:
        with pytest.raises(ValidationError, match="does not hold the auditor role"):
            start(auditor, project, members=[pmo])

    def test_finish_before_start_is_refused(self, auditor: Any, project: Any) -> None:
        with pytest.raises(ValidationError):
            start(auditor, project, planned_finish=START - datetime.timedelta(days=1))
        assert not models.Audit.objects.exists()


class TestConflictOfInterest:
    def _refused(self, actor: Any, project: Any, person: Any, reason: str) -> None:
        with pytest.raises(ValidationError) as exc:
            start(actor, project, members=[person])
        text = " ".join(exc.value.messages)
        assert (person.get_full_name() or person.username) in text
        assert reason in text
        assert not models.Audit.objects.exists()
        assert not models.AuditTeamMember.objects.exists()
        assert not models.ChecklistAnswer.objects.exists()

    def test_own_department(self, auditor: Any, project: Any, department_a: Any) -> None:
        colleague = AuditorFactory(organization=department_a)
        self._refused(auditor, project, colleague, "own department")

    def test_manager_or_curator(self, auditor: Any, project: Any) -> None:
        curator = AuditorFactory()
        project.curator = curator
        project.save()
        self._refused(auditor, project, curator, "manage or curate")

    def test_team_member(self, auditor: Any, project: Any) -> None:
        member = AuditorFactory()
        ProjectMemberFactory(project=project, user=member)
        self._refused(auditor, project, member, "member of the project's team")

    def test_the_lead_too(self, project: Any, department_a: Any) -> None:
        lead = AuditorFactory(organization=department_a)
        with pytest.raises(ValidationError, match="own department"):
            start(lead, project)

    def test_a_team_addition_is_checked_the_same_way(self, auditor: Any, project: Any) -> None:
        audit = start(auditor, project)
        member = AuditorFactory()
        ProjectMemberFactory(project=project, user=member)
        with pytest.raises(ValidationError, match="member of the project's team"):
            svc.team_add(audit=audit, actor=auditor, user=member, declared=True)
        assert audit.team.count() == 1
        fine = AuditorFactory()
        svc.team_add(audit=audit, actor=auditor, user=fine, declared=True)
        assert audit.team.count() == 2

    def test_the_start_page_shows_the_refusal(
        self, client: Any, auditor: Any, project: Any, department_a: Any
    ) -> None:
        checklist_v1()
        ProgrammeFactory(year=2026)
        colleague = AuditorFactory(organization=department_a, first_name="Айгерим", last_name="Сапарова")
        login(client, auditor)
        response = client.post(
            reverse("audits:audit-create"),
            {
                "programme": models.AuditProgramme.objects.get().pk,
                "project_code": project.code,
                "lead": auditor.pk,
                "members": [colleague.pk],
                "cutoff_date": "2026-09-30",
                "planned_start": "2026-10-05",
                "planned_finish": "2026-10-30",
                "declared": "on",
            },
        )
        assert response.status_code == 400
        assert "Сапарова" in response.content.decode()
        assert not models.Audit.objects.exists()


class TestTeamScheduleNotify:
    def test_lead_is_never_removed(self, auditor: Any, project: Any) -> None:
        audit = start(auditor, project)
        with pytest.raises(ValidationError, match="lead auditor"):
            svc.team_remove(audit=audit, actor=auditor, member=audit.team.get())

    def test_member_removal_keeps_history(self, auditor: Any, project: Any) -> None:
        other = AuditorFactory()
        audit = start(auditor, project, members=[other])
        row = audit.team.get(user=other)
        row_id = row.pk
        svc.team_remove(audit=audit, actor=auditor, member=row)
        assert not audit.team.filter(user=other).exists()
        assert models.AuditTeamMember.history.filter(
            id=row_id, history_type="-", history_user=auditor
        ).exists()

    def test_schedule_and_fieldwork(self, auditor: Any, project: Any) -> None:
        audit = start(auditor, project)
        svc.schedule_update(
            audit=audit,
            actor=auditor,
            cutoff_date=CUTOFF,
            planned_start=START,
            planned_finish=FINISH,
            scope="x",
        )
        svc.fieldwork_start(audit=audit, actor=auditor)
        assert audit.status == "fieldwork"
        with pytest.raises(ValidationError):
            svc.fieldwork_start(audit=audit, actor=auditor)
        assert audit.history.count() == 3

    def test_notify_the_project_team(
        self, auditor: Any, project: Any, officer: Any, outsider_officer: Any
    ) -> None:
        curator = UserFactory()
        project.curator = curator
        project.save()
        audit = start(auditor, project)
        sent = svc.team_notify(audit=audit, actor=auditor)
        recipients = set(Notification.objects.values_list("recipient_id", flat=True))
        assert recipients == {project.manager_id, curator.pk, officer.pk}
        assert sent == 3
        note = Notification.objects.first()
        assert note is not None
        assert note.title_msg["key"] == "Audit %(number)s of project %(code)s"
        audit.refresh_from_db()
        assert audit.team_notified_at is not None

    def test_document_requests(self, auditor: Any, project: Any) -> None:
        audit = start(auditor, project)
        row = svc.request_add(audit=audit, actor=auditor, text="Договор подряда", due_date=START)
        with pytest.raises(ValidationError) as exc:
            svc.request_update(request_row=row, actor=auditor, status="not_provided", note="")
        assert "note" in exc.value.message_dict
        svc.request_update(request_row=row, actor=auditor, status="received")
        assert row.history.count() == 2


class TestAnswers:
    def test_override_needs_a_reason_and_agreement_confirms(self, auditor: Any, project: Any) -> None:
        audit = start(auditor, project)
        passport = audit.answers.get(item__code="passport")  # failed: no passport
        with pytest.raises(ValidationError) as exc:
            svc.answer_save(answer=passport, actor=auditor, result="compliant")
        assert "override_reason" in exc.value.message_dict
        passport.refresh_from_db()
        assert passport.result == ""
        svc.answer_save(
            answer=passport, actor=auditor, result="compliant", override_reason="Паспорт в бумажном виде"
        )
        assert not passport.precheck_confirmed
        assert passport.override_reason
        svc.answer_save(answer=passport, actor=auditor, result="non_compliant", override_reason="ignored")
        assert passport.precheck_confirmed
        assert passport.override_reason == ""
        assert passport.answered_by == auditor
        assert passport.history.count() == 3

    @pytest.mark.parametrize("status", ["issued", "cancelled"])
    def test_answers_on_an_issued_or_cancelled_audit_are_refused(
        self, auditor: Any, project: Any, status: str
    ) -> None:
        audit = start(auditor, project)
        models.Audit.objects.filter(pk=audit.pk).update(status=status)
        answer = models.ChecklistAnswer.objects.select_related("audit", "item").get(
            audit=audit, item__code="plan"
        )
        with pytest.raises(ValidationError, match="can no longer change"):
            svc.answer_save(answer=answer, actor=auditor, result="compliant", override_reason="x")
        with pytest.raises(ValidationError):
            svc.evidence_upload(answer=answer, actor=auditor, uploaded_file=pdf_upload())
        answer.refresh_from_db()
        assert answer.result == ""
        assert not models.Evidence.objects.exists()

    def test_answer_in_place_with_htmx_updates_the_score(
        self, client: Any, auditor: Any, project: Any
    ) -> None:
        audit = start(auditor, project)
        answer = audit.answers.get(item__code="procurement")  # no pre-check
        login(client, auditor)
        url = reverse("audits:audit-answer", args=[audit.pk, answer.pk])
        form = client.get(url + "?edit=1", headers={"HX-Request": "true", "HX-Target": f"answer-{answer.pk}"})
        assert form.status_code == 200
        assert 'data-testid="answer-form"' in form.content.decode()
        response = client.post(
            url, {"result": "partial", "comment": "Акты не все"}, headers={"HX-Request": "true"}
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert f'id="answer-{answer.pk}"' in body
        assert 'hx-swap-oob="true"' in body
        assert "50" in body  # the running score: one partial answer
        answer.refresh_from_db()
        assert answer.result == "partial"
        assert answer.comment == "Акты не все"

    def test_the_view_refuses_an_answer_on_an_issued_audit(
        self, client: Any, auditor: Any, project: Any
    ) -> None:
        audit = start(auditor, project)
        models.Audit.objects.filter(pk=audit.pk).update(status="issued")
        answer = audit.answers.get(item__code="procurement")
        login(client, auditor)
        response = client.post(
            reverse("audits:audit-answer", args=[audit.pk, answer.pk]), {"result": "compliant"}
        )
        assert response.status_code == 403
        answer.refresh_from_db()
        assert answer.result == ""


class TestEvidence:
    def test_upload_keeps_the_sha256(self, auditor: Any, project: Any) -> None:
        audit = start(auditor, project)
        answer = audit.answers.get(item__code="procurement")
        content = b"%PDF-1.4 act of completed works"
        evidence = svc.evidence_upload(
            answer=answer, actor=auditor, uploaded_file=pdf_upload(content=content)
        )
        assert evidence.sha256 == hashlib.sha256(content).hexdigest()
        assert evidence.size == len(content)
        assert evidence.original_name == "act.pdf"
        assert evidence.file.name.startswith("audits/evidence/")
        assert "act" not in evidence.file.name.rsplit("/", 1)[-1]

    @pytest.mark.parametrize(
        ("name", "content", "content_type", "error"),
        [
            ("virus.exe", b"MZ...", "application/octet-stream", "not accepted"),
            ("fake.pdf", b"not a pdf", "application/pdf", "content does not match"),
            ("empty.pdf", b"", "application/pdf", "empty"),
        ],
    )
    def test_upload_checks(
        self, auditor: Any, project: Any, name: str, content: bytes, content_type: str, error: str
    ) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        audit = start(auditor, project)
        answer = audit.answers.get(item__code="procurement")
        with override("en"), pytest.raises(ValidationError, match=error):
            svc.evidence_upload(
                answer=answer,
                actor=auditor,
                uploaded_file=SimpleUploadedFile(name, content, content_type=content_type),
            )
        assert not models.Evidence.objects.exists()

    def test_upload_too_large(self, auditor: Any, project: Any, settings: Any) -> None:
        settings.PMIS_UPLOAD_MAX_BYTES = 10
        audit = start(auditor, project)
        answer = audit.answers.get(item__code="procurement")
        with override("en"), pytest.raises(ValidationError, match="too large"):
            svc.evidence_upload(answer=answer, actor=auditor, uploaded_file=pdf_upload())

    def test_register_document_by_reference(self, auditor: Any, project: Any) -> None:
        audit = start(auditor, project)
        answer = audit.answers.get(item__code="documents")
        document = DocumentFactory(project=project)
        evidence = svc.evidence_link(answer=answer, actor=auditor, document=document)
        assert evidence.project_document == document
        assert evidence.sha256 == document.sha256
        with pytest.raises(ValidationError, match="already cited"):
            svc.evidence_link(answer=answer, actor=auditor, document=document)
        with pytest.raises(ValidationError, match="another project"):
            svc.evidence_link(answer=answer, actor=auditor, document=DocumentFactory())

    def test_upload_through_the_page_and_download(self, client: Any, auditor: Any, project: Any) -> None:
        audit = start(auditor, project)
        answer = audit.answers.get(item__code="procurement")
        login(client, auditor)
        response = client.post(
            reverse("audits:audit-evidence-upload", args=[audit.pk, answer.pk]),
            {"file": pdf_upload(), "description": "Акт"},
        )
        assert response.status_code == 302
        evidence = models.Evidence.objects.get()
        download = client.get(reverse("audits:audit-evidence", args=[audit.pk, evidence.pk]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == b"%PDF-1.4 evidence"
        bad = client.post(
            reverse("audits:audit-evidence-upload", args=[audit.pk, answer.pk]),
            {"file": pdf_upload("x.pdf", b"nope")},
        )
        assert bad.status_code == 400
        assert models.Evidence.objects.count() == 1


class TestAccess:
    def test_project_team_reads_only_after_issue(
        self, client: Any, auditor: Any, project: Any, manager: Any
    ) -> None:
        audit = start(auditor, project)
        answer = audit.answers.get(item__code="procurement")
        evidence = svc.evidence_upload(answer=answer, actor=auditor, uploaded_file=pdf_upload())
        login(client, manager)
        detail = reverse("audits:audit-detail", args=[audit.pk])
        download = reverse("audits:audit-evidence", args=[audit.pk, evidence.pk])
        assert client.get(detail).status_code == 404
        assert client.get(download).status_code == 404
        models.Audit.objects.filter(pk=audit.pk).update(status="issued", issued_at=timezone.now())
        page = client.get(detail)
        assert page.status_code == 200
        assert 'data-testid="audit-checklist"' in page.content.decode()
        assert 'data-testid="answer-edit"' not in page.content.decode()
        assert client.get(download).status_code == 200
        answer_url = reverse("audits:audit-answer", args=[audit.pk, answer.pk])
        assert client.post(answer_url, {"result": "compliant"}).status_code == 403

    def test_auditor_outside_the_team_reads_but_does_not_work(
        self, client: Any, auditor: Any, project: Any
    ) -> None:
        audit = start(auditor, project)
        answer = audit.answers.get(item__code="procurement")
        login(client, AuditorFactory())
        assert client.get(reverse("audits:audit-detail", args=[audit.pk])).status_code == 200
        url = reverse("audits:audit-answer", args=[audit.pk, answer.pk])
        assert client.post(url, {"result": "compliant"}).status_code == 403
        assert client.post(reverse("audits:audit-notify", args=[audit.pk])).status_code == 403

    def test_pmo_sees_an_audit_once_shared(self, client: Any, auditor: Any, project: Any, pmo: Any) -> None:
        audit = start(auditor, project)
        login(client, pmo)
        assert client.get(reverse("audits:audit-detail", args=[audit.pk])).status_code == 404
        models.Audit.objects.filter(pk=audit.pk).update(status="response")
        page = client.get(reverse("audits:audit-detail", args=[audit.pk]))
        assert page.status_code == 200
        assert 'data-testid="audit-checklist"' not in page.content.decode()


class TestListAndPage:
    def test_list_filters_search_and_export(self, client: Any, auditor: Any) -> None:
        mine = AuditFactory(
            lead=auditor, project=ProjectFactory(title_ru="Мост через реку")
        )  # SQLite folds ASCII case only
        other = AuditFactory(status="fieldwork")
        login(client, auditor)
        url = reverse("audits:home")
        assert list(client.get(url).context["page"]) == [other, mine] or set(
            client.get(url).context["page"]
        ) == {mine, other}
        assert list(client.get(url, {"mine": "1"}).context["page"]) == [mine]
        assert list(client.get(url, {"status": "fieldwork"}).context["page"]) == [other]
        assert list(client.get(url, {"q": "Мост"}).context["page"]) == [mine]
        assert list(client.get(url, {"q": other.number}).context["page"]) == [other]
        assert list(client.get(url, {"lead": str(other.lead_id)}).context["page"]) == [other]
        assert list(client.get(url, {"department": str(mine.project.department_id)}).context["page"]) == [
            mine
        ]
        assert list(client.get(url, {"year": "1999"}).context["page"]) == []
        assert "audit-empty" in client.get(url, {"year": "1999"}).content.decode()
        sorted_numbers = [a.number for a in client.get(url, {"sort": "number"}).context["page"]]
        assert sorted_numbers == sorted([mine.number, other.number])
        export = client.get(url, {"mine": "1", "export": "xlsx"})
        assert export.status_code == 200
        assert export["Content-Type"].startswith("application/vnd.openxmlformats")

    def test_list_swap_returns_the_table(self, client: Any, auditor: Any) -> None:
        AuditFactory()
        login(client, auditor)
        response = client.get(
            reverse("audits:home"), headers={"HX-Request": "true", "HX-Target": "audit-table"}
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert body.lstrip().startswith('<div id="audit-table">')

    def test_a_department_officer_sees_no_unshared_audit(
        self, client: Any, officer: Any, project: Any
    ) -> None:
        AuditFactory(project=project)
        login(client, officer)
        assert list(client.get(reverse("audits:home")).context["page"]) == []

    def test_the_page_renders_prechecks_in_the_readers_language(
        self, client: Any, auditor: Any, project: Any
    ) -> None:
        audit = start(auditor, project)
        login(client, auditor)
        body = client.get(
            reverse("audits:audit-detail", args=[audit.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
        assert "The project has no passport." in body
        assert "90% and above: compliant" in body  # the rating bands
        assert body.count('data-testid="precheck"') == 10

    def test_history_covers_answers_team_requests_and_evidence(
        self, client: Any, auditor: Any, project: Any
    ) -> None:
        audit = start(auditor, project)
        answer = audit.answers.get(item__code="procurement")
        svc.answer_save(answer=answer, actor=auditor, result="compliant")
        svc.request_add(audit=audit, actor=auditor, text="Договор", due_date=START)
        svc.evidence_upload(answer=answer, actor=auditor, uploaded_file=pdf_upload())
        svc.fieldwork_start(audit=audit, actor=auditor)
        login(client, auditor)
        response = client.get(reverse("audits:audit-history", args=[audit.pk]), HTTP_ACCEPT_LANGUAGE="en")
        rows = response.context["history"]
        actions = " ".join(r.action for r in rows)
        assert "audit" in actions
        assert "team" in actions
        assert "Договор" in actions
        assert "checklist item 8" in actions
        assert "evidence for item 8" in actions
        changed = [r for r in rows if r.action.startswith("Changed") and "checklist item 8" in r.action]
        assert changed
        assert any(c.new == "Compliant" for c in changed[0].changes)


class TestQueryCounts:
    def _page_queries(self, client: Any, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def test_list_is_flat(self, client: Any, auditor: Any) -> None:
        AuditFactory()
        login(client, auditor)
        url = reverse("audits:home")
        one = self._page_queries(client, url)
        for _ in range(6):
            AuditFactory()
        assert self._page_queries(client, url) == one
        print(f"audit list: {one} queries")

    def test_audit_page_is_flat(self, client: Any, auditor: Any, project: Any) -> None:
        audit = start(auditor, project)
        answers = list(audit.answers.order_by("item__number"))
        svc.evidence_upload(answer=answers[0], actor=auditor, uploaded_file=pdf_upload())
        svc.answer_save(answer=answers[7], actor=auditor, result="compliant")
        login(client, auditor)
        url = reverse("audits:audit-detail", args=[audit.pk])
        few = self._page_queries(client, url)
        for answer in answers:
            svc.answer_save(answer=answer, actor=auditor, result="na")
            svc.evidence_upload(answer=answer, actor=auditor, uploaded_file=pdf_upload())
            svc.evidence_link(answer=answer, actor=auditor, document=DocumentFactory(project=project))
            svc.request_add(audit=audit, actor=auditor, text="Документ", due_date=START)
        svc.team_add(audit=audit, actor=auditor, user=AuditorFactory(), declared=True)
        assert self._page_queries(client, url) == few
        print(f"audit page: {few} queries")

    def test_audit_page_counted(self, client: Any, auditor: Any, project: Any, num_queries: Any) -> None:
        audit = start(auditor, project)
        login(client, auditor)
        url = reverse("audits:audit-detail", args=[audit.pk])
        client.get(url)
        with num_queries(self._page_queries(client, url)):
            client.get(url)


def test_auditor_role_constant() -> None:
    assert roles.AUDITOR == "auditor"


def test_home_panel_lists_the_auditors_open_audits(client: Any, auditor: Any, officer: Any) -> None:
    mine = AuditFactory(lead=auditor, status="fieldwork")
    AuditFactory(lead=auditor, status="issued")
    AuditFactory(status="fieldwork")
    login(client, auditor)
    panel = next(p for p in client.get(reverse("core:home")).context["panels"] if p.key == "my-audits")
    assert [item.url for item in panel.items] == [mine.get_absolute_url()]
    login(client, officer)
    assert all(p.key != "my-audits" for p in client.get(reverse("core:home")).context["panels"])


def test_request_marked_through_the_page_with_a_new_due_date(client: Any, auditor: Any) -> None:
    audit = AuditFactory(lead=auditor, status="fieldwork")
    row = svc.request_add(audit=audit, actor=auditor, text="Акты выполненных работ", due_date=START)
    login(client, auditor)
    url = reverse("audits:audit-request-update", args=[audit.pk, row.pk])
    response = client.post(url, {"status": "not_provided", "note": "", "due_date": "2026-10-20"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "requested"  # a "not provided" needs a note: nothing written
    client.post(url, {"status": "not_provided", "note": "Нет в архиве", "due_date": "2026-10-20"})
    row.refresh_from_db()
    assert (row.status, row.due_date) == ("not_provided", datetime.date(2026, 10, 20))
    assert row.history.count() == 2
