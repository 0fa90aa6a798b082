"""Rules that fill the queue and follow assignments up: tolerance, Red-twice escalation, reminders, carry-over."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from monitoring.escalation import escalate
from monitoring.models import Alert, Escalation
from pmis.notifications.models import Notification
from portfolio import services
from portfolio.models import AgendaItem, Meeting, Submission, ToleranceRule
from portfolio.tasks import sweep_task
from tests.portfolio.factories import AssignmentFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_tolerance_scan_queues_only_changes_over_tolerance(project, change, manager):
    small = change.__class__.objects.create(
        project=project,
        number=2,
        title="Мелкое",
        justification="x",
        schedule_impact_days=5,
        budget_impact=Decimal("1000"),
        status="submitted",
        submitted_by=manager,
    )
    assert services.tolerance_scan() == 1
    submission = Submission.objects.get()
    assert submission.change_request == change
    assert submission.origin == Submission.Origin.TOLERANCE
    assert submission.request == "Сдвиг срока завершения\n\nЗадержка поставок"
    # the rule's explanation and the title are stored as message keys: each reader gets their own language
    with translation.override("en"):
        assert submission.display_title == "Change request 1: Перенос срока ввода на 4 месяца"
        assert submission.reason_text == (
            "Over tolerance: schedule impact 120 days exceeds the tolerance of 30 days."
        )
    with translation.override("ru"):
        assert submission.display_title == "Запрос на изменение № 1: Перенос срока ввода на 4 месяца"
        assert submission.reason_text.startswith("Сверх допусков: ")
    assert services.tolerance_scan() == 0  # idempotent
    assert not Submission.objects.filter(change_request=small).exists()


def test_direction_rule_wins_and_budget_percent_counts(project, change, direction):
    ToleranceRule.objects.create(schedule_days=30)
    ToleranceRule.objects.create(direction=direction, schedule_days=200, budget_percent=Decimal("5"))
    assert services.change_over_tolerance(change) == ""  # 120 days is within the direction's 200
    change.budget_impact = Decimal("60000000")  # 6 % of 1 bn
    with translation.override("en"):
        assert services.change_over_tolerance(change) == (
            "Over tolerance: budget impact ₸60,000,000 exceeds the tolerance of ₸50,000,000."
        )


def test_red_twice_escalation_becomes_a_status_exception(
    project, coordinator, django_capture_on_commit_callbacks
):
    now = timezone.now()
    alert = Alert.objects.create(
        object_type="indicator",
        object_id=1,
        year=2026,
        period=2,
        period_label="2026-Q2",
        severity="red",
        kind="indicator_lag",
        title="Показатель PRJ-1",
        project=project,
        direction=project.direction,
        opened_at=now,
        lagging_since=now.date(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        escalate(alert=alert, reason="Красный два периода подряд")
    submission = Submission.objects.get(kind=Submission.Kind.STATUS_EXCEPTION)
    assert submission.origin == Submission.Origin.ESCALATION
    assert submission.project == project
    assert submission.status == Submission.Status.AT_COORDINATOR
    assert Escalation.objects.get(alert=alert).taken_at is not None
    # one notice per direction and scan, pointing at the queue (not one per item)
    assert (
        Notification.objects.filter(recipient=coordinator, url__startswith="/portfolio/queue/").count() == 1
    )
    assert services.escalations_take() == 0


def test_untaken_escalations_are_picked_up_by_the_sweep(project):
    now = timezone.now()
    alert = Alert.objects.create(
        object_type="milestone",
        object_id=9,
        year=2026,
        period=2,
        period_label="2026-Q2",
        severity="red",
        kind="milestone_lag",
        title="Веха",
        project=project,
        direction=project.direction,
        opened_at=now,
        lagging_since=now.date(),
    )
    Escalation.objects.create(alert=alert, project=project, reason="Красный")
    result = sweep_task()
    assert result["escalations"] == 1
    assert Submission.objects.filter(escalation_id__isnull=False).count() == 1


def test_reminders_before_and_after_the_due_date_once_a_day(manager, pmo, department_a):
    today = timezone.localdate()
    soon = AssignmentFactory(
        owner_organization=department_a,
        owner_person=manager,
        issued_by=pmo,
        due_date=today + datetime.timedelta(days=2),
    )
    late = AssignmentFactory(
        owner_organization=department_a,
        owner_person=manager,
        issued_by=pmo,
        due_date=today - datetime.timedelta(days=1),
    )
    AssignmentFactory(
        owner_organization=department_a, owner_person=manager, due_date=today + datetime.timedelta(days=30)
    )
    assert services.assignments_remind(today) == {"before": 1, "after": 1}
    assert services.assignments_remind(today) == {"before": 0, "after": 0}
    assert Notification.objects.filter(recipient=manager, title__contains=soon.title).count() == 1
    assert Notification.objects.filter(recipient=pmo, title__contains=late.title).count() == 1
    assert (
        services.assignments_remind(today + datetime.timedelta(days=7))["after"] >= 1
    )  # weekly while overdue


def test_overdue_assignments_are_carried_to_the_next_meeting_once(manager, department_a, project):
    today = timezone.localdate()
    past = MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=30), status=Meeting.Status.HELD)
    late = AssignmentFactory(
        owner_organization=department_a,
        owner_person=manager,
        meeting=past,
        project=project,
        due_date=today - datetime.timedelta(days=3),
    )
    AssignmentFactory(
        owner_organization=department_a, due_date=today + datetime.timedelta(days=3), meeting=past
    )
    later = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=20))
    nxt = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=5))
    assert services.carry_overdue_assignments() == 1
    item = AgendaItem.objects.get(carried_assignment=late)
    assert item.meeting == nxt
    assert item.presenter == manager
    assert item.project == project
    assert services.carry_overdue_assignments() == 0
    assert not later.items.exists()


def test_a_new_meeting_takes_the_overdue_assignments(pmo, department_a):
    late = AssignmentFactory(
        owner_organization=department_a, due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    meeting = services.meeting_save(
        meeting=Meeting(title="Очередное заседание", starts_at=timezone.now() + datetime.timedelta(days=3)),
        actor=pmo,
    )
    assert meeting.items.get().carried_assignment == late
    assert meeting.secretary == pmo


def test_escalations_of_a_rolled_back_scan_are_not_filed_later(project, django_capture_on_commit_callbacks):
    from django.db import transaction

    now = timezone.now()

    def alert(n: int) -> Alert:
        return Alert.objects.create(
            object_type="indicator",
            object_id=n,
            year=2026,
            period=2,
            period_label="2026-Q2",
            severity="red",
            kind="indicator_lag",
            title=f"Показатель {n}",
            project=project,
            direction=project.direction,
            opened_at=now,
            lagging_since=now.date(),
        )

    first = alert(1)

    def rolled_back_scan() -> None:
        with transaction.atomic():
            services.escalation_receive(project, first, "откат")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        rolled_back_scan()
    with django_capture_on_commit_callbacks(execute=True):
        escalate(alert=alert(2), reason="Красный")
    assert Submission.objects.count() == 1
    assert "Показатель 2" in Submission.objects.get().title


def test_an_overdue_assignment_has_at_most_one_open_carry_over(pmo, department_a, manager):
    """It was copied into every planned meeting created while it was overdue."""
    late = AssignmentFactory(
        owner_organization=department_a,
        owner_person=manager,
        issued_by=pmo,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    for days in (5, 12, 19):
        services.meeting_save(
            meeting=Meeting(
                title=f"Заседание +{days}", starts_at=timezone.now() + datetime.timedelta(days=days)
            ),
            actor=pmo,
        )
        services.carry_overdue_assignments()
    carried = AgendaItem.objects.filter(carried_assignment=late)
    assert carried.count() == 1
    assert carried.get().meeting.title == "Заседание +5"
    with translation.override("en"):
        assert carried.get().display_title == f"Overdue assignment: {late.title}"

    item = carried.get()
    item.title = "Отчёт о ходе поручения"  # the secretary retypes the generated title
    services.agenda_item_save(item=item, actor=pmo)
    item.refresh_from_db()
    with translation.override("en"):
        assert (item.display_title, item.title_msg) == ("Отчёт о ходе поручения", {})
