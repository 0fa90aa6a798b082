"""Every change the portfolio services make is in the history: after a whole governance cycle, each tracked row's
latest historical record equals the row (a queryset .update() would leave the record behind)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import models
from django.utils import timezone

from monitoring.escalation import escalate
from monitoring.models import Alert, Escalation
from portfolio import services
from portfolio.models import AgendaItem, Assignment, Meeting, Submission, Vote
from tests.portfolio.helpers import hold

pytestmark = pytest.mark.django_db


def _assert_history_matches_rows(model: type[models.Model]) -> int:
    tracked = {f.attname for f in model.history.model._meta.concrete_fields}  # type: ignore[attr-defined]
    fields = [f.attname for f in model._meta.concrete_fields if f.attname in tracked]
    rows = list(model.objects.all())
    for row in rows:
        latest = row.history.order_by("-history_date", "-history_id").first()  # type: ignore[attr-defined]
        assert latest is not None, (model.__name__, row.pk)
        differing = [f for f in fields if getattr(latest, f) != getattr(row, f)]
        assert differing == [], (model.__name__, row.pk, differing)
    return len(rows)


def test_a_governance_cycle_leaves_history_equal_to_the_rows(
    project: Any,
    change: Any,
    manager: Any,
    coordinator: Any,
    pmo: Any,
    committee: Any,
    meeting: Meeting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    submission = services.submission_create(
        project=project,
        actor=manager,
        kind=Submission.Kind.CHANGE_REQUEST,
        title="Перенос",
        request="Просим",
        change_request=change,
    )
    services.submission_screen(submission=submission, actor=coordinator, forward=True, note="Поддерживаю")
    item = services.submission_schedule(submission=submission, actor=pmo, meeting=meeting, note="Комплектно")
    hold(meeting)
    services.vote_record(item=item, member=committee, choice="for")
    services.item_decide(
        item=item, actor=pmo, decision=AgendaItem.Decision.APPROVED_WITH_CONDITIONS, conditions="График"
    )
    assignment = Assignment.objects.get(item=item)
    services.assignments_remind(today=assignment.due_date - datetime.timedelta(days=2))  # "due soon"
    services.assignments_remind(today=assignment.due_date + datetime.timedelta(days=1))  # "overdue"
    services.meeting_save(
        meeting=Meeting(title="Следующее заседание", starts_at=timezone.now() + datetime.timedelta(days=60)),
        actor=pmo,
    )
    for _ in range(2):  # idempotent: one open carry-over
        services.carry_overdue_assignments(today=assignment.due_date + datetime.timedelta(days=1))
    now = timezone.now()
    alert = Alert.objects.create(
        object_type="indicator",
        object_id=1,
        year=2026,
        period=2,
        period_label="2026-Q2",
        severity="red",
        kind="indicator_lag",
        title="Показатель",
        project=project,
        direction=project.direction,
        opened_at=now,
        lagging_since=now.date(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        escalate(alert=alert, reason="Красный")

    assignment.refresh_from_db()
    assert (assignment.reminded_before_on, assignment.reminded_after_on) != (None, None)
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.DECIDED
    assert Escalation.objects.get().taken_at is not None
    assert AgendaItem.objects.filter(carried_assignment=assignment).count() == 1
    counts = {
        m.__name__: _assert_history_matches_rows(m)
        for m in (Submission, AgendaItem, Meeting, Assignment, Vote)
    }
    counts["Escalation"] = _assert_history_matches_rows(Escalation)
    assert counts == {
        "Submission": 2,
        "AgendaItem": 2,
        "Meeting": 2,
        "Assignment": 1,
        "Vote": 1,
        "Escalation": 1,
    }
