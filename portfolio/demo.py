"""Demo governance cycle for `manage.py load_demo`: a tolerance rule, submissions in the coordinator's and the
Project Office's queues, a held meeting with its decisions and assignments (one overdue), the next Steering
Committee meeting with attendees, an agenda (including the overdue assignment carried over) and its pack,
and a direction meeting. Runs after the projects demo and before monitoring's (INSTALLED_APPS order), so the pack is
compiled when the whole demo commits; skips what already exists."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone


def load(ctx: dict[str, Any]) -> None:
    from portfolio import services
    from portfolio.models import AgendaItem, Attendance, Meeting, Submission, ToleranceRule
    from portfolio.pack import agenda_pack_build
    from projects.models import ChangeRequest, Project
    from projects.services import registers

    users = ctx["users"]
    pmo, coordinator, manager = users["pmo"], users["coordinator"], users["manager"]
    if Meeting.objects.filter(number="DEMO-12").exists():
        return
    ToleranceRule.objects.get_or_create(
        direction=None, is_active=True, defaults={"schedule_days": 30, "budget_percent": Decimal("10")}
    )
    projects = list(
        Project.objects.filter(direction__coordinators=coordinator)
        .select_related("department", "manager")
        .order_by("pk")
    )
    if len(projects) < 3:
        return
    now = timezone.now()
    today = timezone.localdate()

    # a change request over tolerance: the sweep files it into the coordinator's queue
    fleet = next((p for p in projects if p.stage == Project.Stage.PLANNING), projects[0])
    author = fleet.manager or manager
    if not ChangeRequest.objects.filter(project=fleet, title__startswith="Увеличение бюджета").exists():
        change = registers.change_request_save(
            change=ChangeRequest(
                project=fleet,
                title="Увеличение бюджета закупки подвижного состава",
                change_budget=True,
                change_dates=True,
                justification="Рост курса и цен поставщиков.",
                impact="Дополнительные средства из местного бюджета.",
                schedule_impact_days=60,
                budget_impact=Decimal("1500000000"),
            ),
            actor=author,
        )
        registers.change_request_submit(change=change, actor=author)
    services.tolerance_scan()

    # a status exception already screened by the coordinator: with the Project Office
    lanes = projects[0]
    exception = services.submission_create(
        project=lanes,
        actor=lanes.manager or manager,
        kind=Submission.Kind.STATUS_EXCEPTION,
        title="Отставание по вводу выделенных полос",
        request="Подрядчик отстаёт от графика на 45 дней; просим рассмотреть меры.",
        draft_decision="Поручить управлению мобильности представить план восстановления графика.",
    )
    services.submission_screen(
        submission=exception,
        actor=coordinator,
        forward=True,
        note="Отставание подтверждено отчётом за прошлый месяц; вопрос требует решения Комитета.",
    )

    # the last meeting: held a month ago, its decisions and assignments
    held = Meeting.objects.create(
        kind=Meeting.Kind.STEERING,
        number="DEMO-11",
        title="Заседание Проектного комитета",
        starts_at=now - datetime.timedelta(days=30),
        location="Акимат, зал заседаний",
        quorum=2,
        secretary=pmo,
    )
    for user, role in (
        (users["committee"], Attendance.Role.CHAIR),
        (users["head"], Attendance.Role.MEMBER),
        (users["expert"], Attendance.Role.EXPERT),
    ):
        Attendance.objects.create(meeting=held, user=user, role=role, present=True)
    held = services.meeting_hold(meeting=held, actor=pmo)
    noted = AgendaItem.objects.create(
        meeting=held, order=1, project=lanes, title="Ход реализации выделенных полос", presenter=lanes.manager
    )
    services.item_decide(
        item=noted, actor=pmo, decision=AgendaItem.Decision.NOTED, decision_text="Принять к сведению."
    )
    department = lanes.department
    late = services.assignment_create(
        actor=pmo,
        title="Согласовать перенос инженерных сетей с владельцами",
        owner_organization=department,
        owner_person=lanes.manager or manager,
        due_date=today + datetime.timedelta(days=1),
        meeting=held,
        item=noted,
        project=lanes,
    )
    late.due_date = today - datetime.timedelta(days=5)  # issued earlier; now five days overdue
    late.save(update_fields=["due_date", "updated_at"])
    services.assignment_create(
        actor=pmo,
        title="Представить график поставки автобусов",
        owner_organization=department,
        owner_person=lanes.manager or manager,
        due_date=today + datetime.timedelta(days=20),
        meeting=held,
        item=noted,
        project=lanes,
    )
    done = services.assignment_create(
        actor=pmo,
        title="Провести общественные слушания",
        owner_organization=department,
        due_date=today + datetime.timedelta(days=2),
        meeting=held,
        item=noted,
        project=lanes,
    )
    services.assignment_report(
        assignment=done, actor=manager, evidence="Протокол слушаний опубликован на сайте акимата."
    )
    services.assignment_accept(assignment=done, actor=pmo, accept=True)
    held.status, held.minutes = Meeting.Status.CLOSED, "Протокол подписан председателем."
    services.meeting_save(meeting=held, actor=pmo, fields=["status", "minutes"])

    # the next meeting: attendees, the exception on the agenda, the overdue assignment carried over, a pack
    upcoming = services.meeting_save(
        meeting=Meeting(
            kind=Meeting.Kind.STEERING,
            number="DEMO-12",
            title="Заседание Проектного комитета",
            starts_at=(now + datetime.timedelta(days=5)).replace(hour=10, minute=0, second=0, microsecond=0),
            location="Акимат, зал заседаний",
            quorum=2,
        ),
        actor=pmo,
    )
    for user, role in (
        (users["committee"], Attendance.Role.CHAIR),
        (users["head"], Attendance.Role.MEMBER),
        (users["expert"], Attendance.Role.EXPERT),
    ):
        Attendance.objects.create(meeting=upcoming, user=user, role=role, present=True)
    services.submission_schedule(
        submission=exception,
        actor=pmo,
        meeting=upcoming,
        note="Материалы комплектны; затрагивает направление «Безопасный город».",
    )
    # monitoring's demo (indicators for the briefs' charts) loads after this one in the same transaction
    transaction.on_commit(lambda: agenda_pack_build(meeting=upcoming, actor=pmo))

    # the transport direction's own meeting
    services.meeting_save(
        meeting=Meeting(
            kind=Meeting.Kind.DIRECTION,
            direction=lanes.direction,
            title="Совещание направления: транспорт",
            starts_at=(now + datetime.timedelta(days=2)).replace(hour=15, minute=0, second=0, microsecond=0),
            location="Алматыгенплан",
            quorum=1,
            secretary=coordinator,
        ),
        actor=coordinator,
    )
