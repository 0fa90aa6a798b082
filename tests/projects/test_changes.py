"""Change requests: draft → submitted → assessed → approved / rejected / returned, each by the right person;
approval records a baseline; the variance between two baselines (days, tenge)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pmis.notifications.models import Notification
from projects.models import Baseline, BudgetLine, ChangeRequest
from projects.selectors.delivery import compare_baselines
from projects.services import plan as plan_services
from projects.services import registers as services
from tests.conftest import assert_num_queries, login
from tests.projects.factories import BudgetLineFactory, ChangeRequestFactory, MilestoneFactory, TaskFactory

pytestmark = pytest.mark.django_db
S = ChangeRequest.Status
D = datetime.date


def _act(client: Any, project: Any, change: Any, action: str, note: str = "") -> Any:
    return client.post(reverse("projects:change-action", args=[project.pk, change.pk, action]), {"note": note})


def _draft(client: Any, project: Any) -> ChangeRequest:
    response = client.post(
        reverse("projects:change-create", args=[project.pk]),
        {"title": "Перенос срока", "change_dates": "on", "justification": "Задержка поставки",
         "schedule_impact_days": "30", "budget_impact": "1000000"},
    )
    assert response.status_code == 302
    return project.change_requests.get()


def test_full_workflow_by_the_right_people(
    client: Any, project_a: Any, manager: Any, coordinator: Any, pmo: Any
) -> None:
    BudgetLineFactory(project=project_a, year=2026, plan=Decimal("1000000"))
    login(client, manager)
    change = _draft(client, project_a)
    assert (change.number, change.status) == (1, S.DRAFT)
    assert _act(client, project_a, change, "submit").status_code == 302
    change.refresh_from_db()
    assert change.status == S.SUBMITTED
    assert change.submitted_by == manager
    assert Notification.objects.filter(recipient=coordinator).count() == 1

    client.logout()
    login(client, coordinator)  # the direction's coordinator assesses
    _act(client, project_a, change, "assess", "Обосновано")
    change.refresh_from_db()
    assert (change.status, change.assessment) == (S.ASSESSED, "Обосновано")
    assert _act(client, project_a, change, "approve").status_code == 403  # only the Project Office approves

    client.logout()
    login(client, pmo)
    _act(client, project_a, change, "approve", "Согласовано")
    change.refresh_from_db()
    assert change.status == S.APPROVED
    assert change.decided_by == pmo
    baseline = change.resulting_baseline
    assert baseline.version == 1
    assert baseline.change_request == change
    assert baseline.approved_by == pmo
    assert baseline.snapshot["budget"]["total_plan"] == "1000000.00"
    assert Notification.objects.filter(recipient=manager, kind="success").count() == 1


@pytest.mark.parametrize("persona", ["officer_b", "direction_head", "sac", "auditor"])
def test_wrong_people_get_403(client: Any, request: Any, project_a: Any, persona: str) -> None:
    login(client, request.getfixturevalue(persona))
    for status, action in [(S.DRAFT, "submit"), (S.SUBMITTED, "assess"), (S.ASSESSED, "approve"), (S.ASSESSED, "reject")]:
        change = ChangeRequestFactory(project=project_a, status=status, justification="x")
        assert _act(client, project_a, change, action, "n").status_code == 403
        change.refresh_from_db()
        assert change.status == status


def test_project_editor_cannot_assess_or_approve(client: Any, project_a: Any, manager: Any) -> None:
    login(client, manager)
    submitted = ChangeRequestFactory(project=project_a, status=S.SUBMITTED)
    assessed = ChangeRequestFactory(project=project_a, status=S.ASSESSED)
    assert _act(client, project_a, submitted, "assess", "ok").status_code == 403
    assert _act(client, project_a, assessed, "approve").status_code == 403


def test_coordinator_of_another_direction_cannot_assess(
    client: Any, project_a: Any, other_direction: Any
) -> None:
    from pmis.accounts import roles
    from tests.factories import UserFactory

    stranger = UserFactory(username="coord2", roles=[roles.BDIG_COORDINATOR])
    other_direction.coordinators.add(stranger)
    change = ChangeRequestFactory(project=project_a, status=S.SUBMITTED)
    login(client, stranger)
    assert _act(client, project_a, change, "assess", "ok").status_code == 403


def test_moves_from_the_wrong_status_are_refused(project_a: Any, pmo: Any, manager: Any) -> None:
    draft = ChangeRequestFactory(project=project_a, status=S.DRAFT)
    with pytest.raises(ValidationError):
        services.change_request_approve(change=draft, actor=pmo)
    approved = ChangeRequestFactory(project=project_a, status=S.APPROVED)
    with pytest.raises(ValidationError):
        services.change_request_submit(change=approved, actor=manager)
    assert not Baseline.objects.exists()


def test_return_needs_a_note_and_reopens_for_editing(client: Any, project_a: Any, manager: Any, pmo: Any) -> None:
    change = ChangeRequestFactory(project=project_a, status=S.SUBMITTED, submitted_by=manager, justification="x")
    login(client, pmo)
    _act(client, project_a, change, "return", "")
    change.refresh_from_db()
    assert change.status == S.SUBMITTED
    _act(client, project_a, change, "return", "Приложите расчёт")
    change.refresh_from_db()
    assert change.status == S.RETURNED
    client.logout()
    login(client, manager)
    assert client.get(reverse("projects:change-update", args=[project_a.pk, change.pk])).status_code == 200
    _act(client, project_a, change, "submit")
    change.refresh_from_db()
    assert change.status == S.SUBMITTED


def test_reject_records_no_baseline(project_a: Any, pmo: Any) -> None:
    change = ChangeRequestFactory(project=project_a, status=S.ASSESSED)
    services.change_request_reject(change=change, actor=pmo, note="Нецелесообразно")
    assert change.status == S.REJECTED
    assert not Baseline.objects.exists()


def test_variance_between_two_baselines(project_a: Any, pmo: Any) -> None:
    m = MilestoneFactory(project=project_a, title="Ввод", planned_date=D(2026, 6, 1))
    t = TaskFactory(project=project_a, wbs_code="1.1", title="Работы", start=D(2026, 2, 1), finish=D(2026, 3, 31))
    line = BudgetLineFactory(project=project_a, year=2026, source=BudgetLine.Source.LOCAL, plan=Decimal("1000000.00"))
    project_a.planned_finish = D(2027, 12, 31)
    project_a.save()
    first = plan_services.baseline_create(project=project_a, actor=pmo, reason="B1")
    m.planned_date = D(2026, 8, 15)
    m.save()
    t.finish = D(2026, 4, 10)
    t.save()
    line.plan = Decimal("1250000.50")
    line.save()
    BudgetLineFactory(project=project_a, year=2027, source=BudgetLine.Source.LOCAL, plan=Decimal("300000"))
    project_a.planned_finish = D(2028, 3, 31)
    project_a.save()
    change = ChangeRequestFactory(project=project_a, status=S.ASSESSED)
    services.change_request_approve(change=change, actor=pmo)
    second = change.resulting_baseline
    assert second.version == 2
    diff = compare_baselines(first, second)
    assert diff.finish.days == 91
    assert [(r.label, r.days) for r in diff.milestones] == [("Ввод", 75)]
    assert diff.tasks[0][2].days == 10  # finish moved by 10 days
    assert diff.budget_years == [
        {"year": "2026", "a": Decimal("1000000.00"), "b": Decimal("1250000.50"), "delta": Decimal("250000.50")},
        {"year": "2027", "a": Decimal("0"), "b": Decimal("300000.00"), "delta": Decimal("300000.00")},
    ]
    assert diff.budget_total["delta"] == Decimal("550000.50")


def test_changes_tab_shows_history_and_chosen_variance(client: Any, project_a: Any, manager: Any, pmo: Any) -> None:
    for _ in range(3):
        plan_services.baseline_create(project=project_a, actor=pmo)
    login(client, manager)
    response = client.get(reverse("projects:changes", args=[project_a.pk]), {"a": 1, "b": 3})
    assert [b.version for b in response.context["baselines"]] == [3, 2, 1]
    assert (response.context["diff"].a.version, response.context["diff"].b.version) == (1, 3)
    partial = client.get(
        reverse("projects:changes", args=[project_a.pk]), {"a": 2, "b": 3}, HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="baseline-diff",
    )
    assert partial.content.decode().strip().startswith('<div id="baseline-diff"')
    assert client.get(reverse("projects:changes", args=[project_a.pk]), {"a": "x", "b": "999"}).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_changes_tab_queries_do_not_grow(client: Any, project_a: Any, manager: Any, pmo: Any, rows: int) -> None:
    for i in range(rows):
        change = ChangeRequestFactory(project=project_a, submitted_by=manager, decided_by=pmo)
        plan_services.baseline_create(project=project_a, actor=pmo, change_request=change, reason=f"CR {i}")
    login(client, manager)
    client.get(reverse("projects:changes", args=[project_a.pk]))
    with assert_num_queries(11):
        response = client.get(reverse("projects:changes", args=[project_a.pk]))
    assert len(response.context["changes"]) == rows
