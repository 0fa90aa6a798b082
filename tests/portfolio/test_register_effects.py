"""Decisions take the right effect in the register (LIFECYCLE: proceed / proceed with conditions / hold / stop),
and the project card offers "submit to the Steering Committee" to those who may act for the project."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmis.core import portal
from portfolio import services
from portfolio.models import AgendaItem, Submission
from projects.models import GateDecision, PassportVersion, Project, ProjectMember
from projects.services.project import department_officer_add, project_member_add
from tests.conftest import assert_num_queries, login
from tests.factories import UserFactory
from tests.portfolio.factories import AgendaItemFactory, SubmissionFactory
from tests.portfolio.helpers import decide, hold
from tests.projects.factories import MilestoneFactory, PassportVersionFactory, RiskFactory

pytestmark = pytest.mark.django_db

D = AgendaItem.Decision


def _gate_item(project: Any, manager: Any, meeting: Any) -> AgendaItem:
    Project.objects.filter(pk=project.pk).update(stage=Project.Stage.INITIATION)
    submission = SubmissionFactory(
        project=project,
        kind=Submission.Kind.GATE,
        gate="gate_1",
        status=Submission.Status.SCHEDULED,
        submitted_by=manager,
    )
    return AgendaItemFactory(meeting=meeting, project=project, submission=submission)


@pytest.mark.parametrize(
    ("decision", "outcome", "recorded", "stage"),
    [
        (D.APPROVED, "", GateDecision.Decision.PROCEED, Project.Stage.APPROVED),
        (D.REJECTED, "", GateDecision.Decision.STOP, Project.Stage.TERMINATED),
        (D.REJECTED, AgendaItem.GateOutcome.STOP, GateDecision.Decision.STOP, Project.Stage.TERMINATED),
        (D.REJECTED, AgendaItem.GateOutcome.HOLD, GateDecision.Decision.HOLD, Project.Stage.SUSPENDED),
    ],
)
def test_gate_decision_in_the_register(project, manager, pmo, meeting, decision, outcome, recorded, stage):
    item = _gate_item(project, manager, meeting)
    decide(item, actor=pmo, decision=decision, decision_text="Решение", gate_outcome=outcome)
    project.refresh_from_db()
    record = GateDecision.objects.get(project=project)
    assert (record.decision, record.stage_before, record.stage_after) == (
        recorded,
        Project.Stage.INITIATION,
        stage,
    )
    assert project.stage == stage
    item.refresh_from_db()
    assert item.gate_outcome == (outcome or "stop" if decision == D.REJECTED else "")


@pytest.mark.parametrize("decision", [D.RETURNED, D.NOTED])
def test_returned_or_noted_gate_leaves_the_project_at_its_stage(project, manager, pmo, meeting, decision):
    item = _gate_item(project, manager, meeting)
    decide(item, actor=pmo, decision=decision, gate_outcome=AgendaItem.GateOutcome.HOLD)
    project.refresh_from_db()
    assert project.stage == Project.Stage.INITIATION
    assert not GateDecision.objects.filter(project=project).exists()
    item.refresh_from_db()
    assert item.gate_outcome == ""  # an outcome only means something for a rejection


def test_an_unknown_gate_outcome_is_refused(project, manager, pmo, meeting):
    item = _gate_item(project, manager, meeting)
    with pytest.raises(Exception, match="gate_outcome"):
        decide(item, actor=pmo, decision=D.REJECTED, gate_outcome="explode")
    project.refresh_from_db()
    assert project.stage == Project.Stage.INITIATION


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        (D.APPROVED, PassportVersion.Status.APPROVED),
        (D.RETURNED, PassportVersion.Status.DRAFT),
        (D.REJECTED, PassportVersion.Status.DRAFT),
        (D.NOTED, PassportVersion.Status.SUBMITTED),
    ],
)
def test_passport_decision_in_the_register(project, manager, pmo, meeting, decision, status):
    passport = PassportVersionFactory(project=project, status=PassportVersion.Status.SUBMITTED)
    submission = SubmissionFactory(
        project=project,
        kind=Submission.Kind.PASSPORT,
        passport=passport,
        status=Submission.Status.SCHEDULED,
        submitted_by=manager,
    )
    item = AgendaItemFactory(meeting=meeting, project=project, submission=submission)
    decide(item, actor=pmo, decision=decision)
    passport.refresh_from_db()
    assert passport.status == status


def test_the_decision_form_asks_for_the_gate_outcome_and_the_page_records_hold(
    client, project, manager, pmo, meeting
):
    item = _gate_item(project, manager, meeting)
    hold(meeting)
    services.vote_record(item=item, member=meeting.attendances.get().user, choice="against")
    login(client, pmo)
    url = reverse("portfolio:item", args=[item.pk])
    assert 'name="gate_outcome"' in client.get(url).content.decode()
    response = client.post(
        reverse("portfolio:item-decide", args=[item.pk]),
        {"decision": D.REJECTED, "decision_text": "Отложить", "gate_outcome": "hold"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Project.Stage.SUSPENDED
    body = client.get(url).content.decode()
    assert "gate-outcome" in body


def test_no_gate_outcome_field_for_other_items(client, project, change, manager, pmo, meeting):
    submission = SubmissionFactory(
        project=project,
        kind=Submission.Kind.CHANGE_REQUEST,
        change_request=change,
        status=Submission.Status.SCHEDULED,
        submitted_by=manager,
    )
    item = AgendaItemFactory(meeting=meeting, project=project, submission=submission)
    login(client, pmo)
    assert 'name="gate_outcome"' not in client.get(reverse("portfolio:item", args=[item.pk])).content.decode()


# The card action


def _card(client: Any, user: Any, project: Any) -> str:
    login(client, user)
    response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["manager", "officer", "pmo"])
def test_card_offers_the_submission_to_those_who_act_for_the_project(
    client, request, project, persona, department_a
):
    if persona == "officer":  # the department's officers edit its projects once they are its officers
        department_officer_add(user=request.getfixturevalue(persona), department=department_a)
    body = _card(client, request.getfixturevalue(persona), project)
    assert 'data-testid="card-submit-committee"' in body
    assert f"{reverse('portfolio:submission-create')}?project={project.code}" in body


def test_a_team_member_with_edit_rights_sees_it(client, project, manager, department_a):
    deputy = UserFactory(organization=department_a, roles=["project_manager"])
    project_member_add(project=project, user=deputy, role=ProjectMember.Role.DEPUTY, actor=manager)
    assert 'data-testid="card-submit-committee"' in _card(client, deputy, project)


@pytest.mark.parametrize("persona", ["coordinator", "committee", "direction_head", "outsider_officer"])
def test_readers_do_not_see_it(client, request, project, persona):
    assert 'data-testid="card-submit-committee"' not in _card(
        client, request.getfixturevalue(persona), project
    )


def test_a_project_manager_of_another_project_does_not_see_it(client, project, department_a):
    other = UserFactory(organization=department_a, roles=["project_manager"])
    assert 'data-testid="card-submit-committee"' not in _card(client, other, project)


def test_the_button_opens_the_form_prefilled(client, project, manager):
    login(client, manager)
    body = client.get(f"{reverse('portfolio:submission-create')}?project={project.code}").content.decode()
    assert f'value="{project.code}"' in body


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("persona", "queries"), [("manager", 18), ("pmo", 16), ("coordinator", 18), ("officer", 20)]
)
def test_the_action_costs_the_card_no_query_and_the_count_stays_flat(
    client, request, project, persona, queries, monkeypatch
):
    login(client, request.getfixturevalue(persona))
    url = reverse("projects:detail", args=[project.pk])
    client.get(url)
    with_action = _count(client, url)
    assert with_action == queries  # exact, so a regression shows in the diff
    monkeypatch.setattr(portal, "_CARD_ACTIONS", [])
    # the department's officer: the object permission is read again (two queries); everyone else: nothing more
    assert _count(client, url) == with_action - (2 if persona == "officer" else 0)
    monkeypatch.undo()
    for _ in range(10):
        MilestoneFactory(project=project)
        RiskFactory(project=project)
    with assert_num_queries(with_action):
        client.get(url)


# Review findings


def test_execution_rates_name_organizations_in_the_active_language(project, pmo, department_a, direction):
    from django.utils import timezone, translation

    from portfolio import selectors

    services.assignment_create(
        actor=pmo,
        title="Обновить график",
        owner_organization=department_a,
        due_date=timezone.localdate(),
        project=project,
    )
    with translation.override("en"):
        rates = selectors.execution_rates(pmo)
    assert [r["name"] for r in rates["departments"]] == ["Department A"]
    assert [r["name"] for r in rates["directions"]] == [direction.name_en]
    direction.name_en = ""
    direction.save(update_fields=["name_en"])
    with translation.override("en"):
        assert [r["name"] for r in selectors.execution_rates(pmo)["directions"]] == [
            "Развитие транспортной системы"
        ]
    with translation.override("ru"):
        assert [r["name"] for r in selectors.execution_rates(pmo)["departments"]] == ["Управление А"]


def test_radio_groups_do_not_take_the_inputs_class(client, project, change, manager, coordinator):
    submission = services.submission_create(
        project=project,
        actor=manager,
        kind=Submission.Kind.CHANGE_REQUEST,
        title="Перенос срока",
        request="Просим",
        change_request=change,
    )
    login(client, coordinator)
    body = client.get(reverse("portfolio:submission", args=[submission.pk])).content.decode()
    assert 'type="radio" name="action"' in body  # a group of radio buttons (templates/_form_fields.html) …
    assert body.count('class="form-check-input"') == 2  # the two options, not their container


def test_the_decision_is_never_preselected(client, project, pmo, meeting):
    item = AgendaItemFactory(meeting=meeting, project=project)
    login(client, pmo)
    response = client.post(reverse("portfolio:item-decide", args=[item.pk]), {"decision_text": "—"})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.decision == ""
