"""The governance path end to end at the service level: screening, check, agenda, decision taking effect."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from pmis.notifications.models import Notification
from portfolio import services
from portfolio.models import AgendaItem, Assignment, Meeting, Submission
from projects.models import Baseline, ChangeRequest, GateDecision, Project
from tests.portfolio.factories import AgendaItemFactory, SubmissionFactory
from tests.portfolio.helpers import decide, hold

pytestmark = pytest.mark.django_db


def _submit(project: Any, change: Any, manager: Any) -> Submission:
    return services.submission_create(
        project=project,
        actor=manager,
        kind=Submission.Kind.CHANGE_REQUEST,
        title="Перенос срока",
        request="Просим перенести срок",
        change_request=change,
    )


def test_forward_check_schedule_and_approve_with_conditions(
    project, change, manager, coordinator, pmo, meeting, department_a
):
    submission = _submit(project, change, manager)
    assert submission.status == Submission.Status.AT_COORDINATOR
    assert submission.step_due == timezone.localdate() + datetime.timedelta(days=services.COORDINATOR_DAYS)
    assert Notification.objects.filter(recipient=coordinator, url=submission.get_absolute_url()).exists()

    services.submission_screen(
        submission=submission, actor=coordinator, forward=True, note="Обосновано, поддерживаю"
    )
    submission.refresh_from_db()
    change.refresh_from_db()
    assert submission.status == Submission.Status.AT_PMO
    assert change.status == ChangeRequest.Status.ASSESSED  # the projects service assessed it with the note
    assert change.assessment == "Обосновано, поддерживаю"
    assert Notification.objects.filter(recipient=pmo, url=submission.get_absolute_url()).exists()

    item = services.submission_schedule(submission=submission, actor=pmo, meeting=meeting, note="Комплектно")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SCHEDULED
    assert item.project == project
    assert item.presenter == manager
    assert item.order == 1

    before = Baseline.objects.filter(project=project).count()
    decide(
        item,
        actor=pmo,
        decision=AgendaItem.Decision.APPROVED_WITH_CONDITIONS,
        conditions="Представить обновлённый график до конца месяца",
    )
    change.refresh_from_db()
    submission.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED
    assert change.resulting_baseline is not None
    assert Baseline.objects.filter(project=project).count() == before + 1
    assert submission.status == Submission.Status.DECIDED
    assert submission.step_due is None
    assignment = Assignment.objects.get(item=item)
    assert assignment.owner_organization == department_a
    assert assignment.owner_person == manager
    assert assignment.direction_id == project.direction_id
    assert "обновлённый график" in assignment.description
    meeting.refresh_from_db()
    assert meeting.status == meeting.Status.HELD


def test_return_with_remarks_and_resubmit(project, change, manager, coordinator):
    submission = _submit(project, change, manager)
    with pytest.raises(ValidationError):
        services.submission_screen(submission=submission, actor=coordinator, forward=False, note=" ")
    services.submission_screen(submission=submission, actor=coordinator, forward=False, note="Нет расчёта")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RETURNED
    assert submission.remarks == "Нет расчёта"
    assert Notification.objects.filter(recipient=manager, kind="warning").exists()
    services.submission_resubmit(submission=submission, actor=manager, request="Расчёт приложен")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.AT_COORDINATOR
    assert submission.request == "Расчёт приложен"


def test_a_step_cannot_be_taken_twice(project, change, manager, coordinator):
    submission = _submit(project, change, manager)
    services.submission_screen(submission=submission, actor=coordinator, forward=True, note="Да")
    with pytest.raises(ValidationError):
        services.submission_screen(submission=submission, actor=coordinator, forward=True, note="Да")


def test_change_within_tolerance_is_refused(project, change, manager):
    change.schedule_impact_days = 10
    change.save(update_fields=["schedule_impact_days"])
    with pytest.raises(ValidationError) as exc:
        _submit(project, change, manager)
    assert "change_request" in exc.value.error_dict


def test_decision_needs_quorum(project, pmo, meeting):
    item = AgendaItemFactory(meeting=meeting, project=project)
    meeting.attendances.update(present=False)
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=1)
    meeting.save(update_fields=["starts_at"])
    with translation.override("en"), pytest.raises(ValidationError, match="quorum"):
        services.meeting_hold(meeting=meeting, actor=pmo)
    with translation.override("en"), pytest.raises(ValidationError, match="held"):
        services.item_decide(item=item, actor=pmo, decision=AgendaItem.Decision.NOTED)
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert (item.decision, meeting.status) == ("", Meeting.Status.PLANNED)


def test_no_decision_on_a_planned_future_meeting_and_it_stays_planned(project, pmo, committee, meeting):
    item = AgendaItemFactory(meeting=meeting, project=project)
    services.vote_record(item=item, member=committee, choice="for")
    with translation.override("en"), pytest.raises(ValidationError, match="held"):
        services.item_decide(item=item, actor=pmo, decision=AgendaItem.Decision.APPROVED)
    with translation.override("en"), pytest.raises(ValidationError, match="not come"):
        services.meeting_hold(meeting=meeting, actor=pmo)
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert (meeting.status, item.decision) == (Meeting.Status.PLANNED, "")


def test_the_meeting_form_cannot_mark_a_future_meeting_held(project, pmo, meeting):
    meeting.status = Meeting.Status.HELD
    with translation.override("en"), pytest.raises(ValidationError, match="not come"):
        services.meeting_save(meeting=meeting, actor=pmo, fields=["status"])
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_a_committee_decision_needs_a_quorum_of_votes_and_a_majority_to_approve(
    project, pmo, committee, meeting
):
    item = AgendaItemFactory(meeting=meeting, project=project)
    hold(meeting)
    assert meeting.status == Meeting.Status.HELD
    with translation.override("en"), pytest.raises(ValidationError, match="0 votes recorded"):
        services.item_decide(item=item, actor=pmo, decision=AgendaItem.Decision.APPROVED)
    services.vote_record(item=item, member=committee, choice="against")
    with translation.override("en"), pytest.raises(ValidationError, match="do not carry an approval"):
        services.item_decide(item=item, actor=pmo, decision=AgendaItem.Decision.APPROVED)
    item.refresh_from_db()
    assert item.decision == ""
    services.item_decide(item=item, actor=pmo, decision=AgendaItem.Decision.REJECTED)
    item.refresh_from_db()
    assert item.decision == AgendaItem.Decision.REJECTED


def test_a_written_procedure_needs_no_presence_but_the_votes(project, pmo, committee, meeting):
    meeting.procedure = Meeting.Procedure.WRITTEN
    meeting.save(update_fields=["procedure"])
    meeting.attendances.update(present=False)
    item = AgendaItemFactory(meeting=meeting, project=project)
    hold(meeting)
    with translation.override("en"), pytest.raises(ValidationError, match="votes recorded"):
        services.item_decide(item=item, actor=pmo, decision=AgendaItem.Decision.APPROVED)
    services.vote_record(item=item, member=committee, choice="for")
    services.item_decide(item=item, actor=pmo, decision=AgendaItem.Decision.APPROVED)
    item.refresh_from_db()
    assert item.decision == AgendaItem.Decision.APPROVED


def test_rejected_change_request_is_rejected_in_the_register(project, change, manager, pmo, meeting):
    submission = SubmissionFactory(
        project=project,
        kind=Submission.Kind.CHANGE_REQUEST,
        change_request=change,
        status=Submission.Status.SCHEDULED,
        submitted_by=manager,
    )
    item = AgendaItemFactory(meeting=meeting, project=project, submission=submission)
    decide(item, actor=pmo, decision=AgendaItem.Decision.REJECTED, decision_text="Не обосновано")
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.REJECTED
    assert not Baseline.objects.filter(change_request=change).exists()


def test_gate_decision_moves_the_stage(project, manager, pmo, meeting):
    Project.objects.filter(pk=project.pk).update(stage=Project.Stage.INITIATION)
    submission = SubmissionFactory(
        project=project,
        kind=Submission.Kind.GATE,
        gate="gate_1",
        status=Submission.Status.SCHEDULED,
        submitted_by=manager,
    )
    item = AgendaItemFactory(meeting=meeting, project=project, submission=submission)
    decide(item, actor=pmo, decision=AgendaItem.Decision.APPROVED, decision_text="Одобрить")
    project.refresh_from_db()
    assert project.stage == Project.Stage.APPROVED
    assert GateDecision.objects.get(project=project).decision == GateDecision.Decision.PROCEED


def test_a_gate_from_the_wrong_stage_rolls_the_decision_back(project, manager, pmo, meeting):
    submission = SubmissionFactory(
        project=project,
        kind=Submission.Kind.GATE,
        gate="gate_1",
        status=Submission.Status.SCHEDULED,
        submitted_by=manager,
    )
    item = AgendaItemFactory(meeting=meeting, project=project, submission=submission)
    with translation.override("en"), pytest.raises(ValidationError, match="register"):
        decide(item, actor=pmo, decision=AgendaItem.Decision.APPROVED)
    item.refresh_from_db()
    assert item.decision == ""


def test_votes_and_conflicts(project, committee, meeting):
    item = AgendaItemFactory(meeting=meeting, project=project)
    services.vote_record(item=item, member=committee, choice="for")
    services.vote_record(item=item, member=committee, choice="against", comment="Передумал")
    assert item.votes.get().choice == "against"
    with pytest.raises(ValidationError):
        services.conflict_declare(item=item, member=committee, has_conflict=True, note="")
    services.conflict_declare(item=item, member=committee, has_conflict=True, note="Родственник в подрядчике")
    assert not item.votes.exists()
    with translation.override("en"), pytest.raises(ValidationError, match="conflict"):
        services.vote_record(item=item, member=committee, choice="for")


def test_assignment_report_and_acceptance(project, manager, pmo, department_a):
    assignment = services.assignment_create(
        actor=pmo,
        title="Обновить график",
        owner_organization=department_a,
        owner_person=manager,
        due_date=timezone.localdate(),
        project=project,
    )
    with pytest.raises(ValidationError):
        services.assignment_accept(assignment=assignment, actor=pmo, accept=True)
    services.assignment_report(assignment=assignment, actor=manager, evidence="График утверждён приказом №5")
    with pytest.raises(ValidationError):
        services.assignment_accept(assignment=assignment, actor=pmo, accept=False, note="")
    services.assignment_accept(assignment=assignment, actor=pmo, accept=False, note="Нет подписи")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.OPEN
    services.assignment_report(assignment=assignment, actor=manager, evidence="Подписано")
    services.assignment_accept(assignment=assignment, actor=pmo, accept=True)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ACCEPTED
    assert assignment.accepted_by == pmo
