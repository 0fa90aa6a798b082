"""Portfolio part of the synthetic city: at scale 10,000 about 2,000 submissions, 100 meetings with 1,000 agenda
items and votes, 5,000 assignments (a fifth overdue), and one planned 20-item Steering Committee meeting whose
agenda pack the job benchmark builds. Rows are bulk-created (no per-row signals)."""

from __future__ import annotations

import datetime
import random
import time
from typing import Any


def build(scale: int, stdout: Any) -> None:
    from django.utils import timezone

    from pmis.accounts.models import User
    from portfolio.models import AgendaItem, Assignment, Attendance, Meeting, Submission, Vote
    from projects.models import Project

    started = time.perf_counter()
    rng = random.Random(40)
    now = timezone.now()
    today = timezone.localdate()
    projects = list(Project.objects.order_by("pk").values("pk", "direction_id", "department_id", "manager_id")[: scale])
    if not projects:
        stdout.write("portfolio: no projects, nothing built\n")
        return
    bench = User.objects.get(username="bench")
    members = list(User.objects.filter(username__startswith="bench-user-").order_by("pk")[:12]) or [bench]

    statuses = [Submission.Status.AT_COORDINATOR, Submission.Status.AT_PMO, Submission.Status.SCHEDULED,
                Submission.Status.DECIDED, Submission.Status.RETURNED]
    kinds = list(Submission.Kind.values)
    n_sub = max(20, scale // 5)
    Submission.objects.bulk_create([
        Submission(project_id=p["pk"], direction_id=p["direction_id"], kind=kinds[i % len(kinds)],
                   title=f"Синтетическое обращение {i}", request="Просим рассмотреть.", status=statuses[i % len(statuses)],
                   step_due=today + datetime.timedelta(days=rng.randint(-10, 10)), submitted_by_id=p["manager_id"])
        for i, p in enumerate(rng.choices(projects, k=n_sub))
    ], batch_size=2000)

    n_meet = max(5, scale // 100)
    meetings = Meeting.objects.bulk_create([
        Meeting(kind=Meeting.Kind.STEERING, number=f"B-{i}", title=f"Заседание Проектного комитета {i}",
                starts_at=now - datetime.timedelta(days=7 * (n_meet - i)), status=Meeting.Status.CLOSED, quorum=3,
                secretary=bench)
        for i in range(n_meet)
    ])
    Attendance.objects.bulk_create([Attendance(meeting=m, user=u, role=Attendance.Role.MEMBER, present=True)
                                    for m in meetings for u in members[:5]])
    items = AgendaItem.objects.bulk_create([
        AgendaItem(meeting=m, order=k + 1, project_id=rng.choice(projects)["pk"], title=f"Вопрос {k + 1}",
                   decision=AgendaItem.Decision.NOTED, decided_at=m.starts_at)
        for m in meetings for k in range(10)
    ], batch_size=2000)
    Vote.objects.bulk_create([Vote(item=it, member=u, choice=Vote.Choice.FOR) for it in items for u in members[:3]],
                             batch_size=5000)

    n_asg = max(50, scale // 2)
    rows = []
    for i in range(n_asg):
        p = rng.choice(projects)
        overdue = i % 5 == 0
        rows.append(Assignment(
            title=f"Синтетическое поручение {i}", owner_organization_id=p["department_id"], owner_person_id=p["manager_id"],
            project_id=p["pk"], direction_id=p["direction_id"], meeting=meetings[i % n_meet], issued_by=bench,
            due_date=today + datetime.timedelta(days=-rng.randint(1, 60) if overdue else rng.randint(1, 90)),
            status=Assignment.Status.OPEN if overdue or i % 3 else Assignment.Status.ACCEPTED,
        ))
    Assignment.objects.bulk_create(rows, batch_size=5000)

    # the meeting whose 20-item agenda pack is timed
    pack_meeting = Meeting.objects.create(kind=Meeting.Kind.STEERING, number="BENCH-PACK", title="Заседание для замера пакета",
                                          starts_at=now + datetime.timedelta(days=5), quorum=1, secretary=bench)
    Attendance.objects.bulk_create([Attendance(meeting=pack_meeting, user=u, role=Attendance.Role.MEMBER, present=True)
                                    for u in members[:5]])
    AgendaItem.objects.bulk_create([
        AgendaItem(meeting=pack_meeting, order=k + 1, project_id=p["pk"], title=f"Вопрос повестки {k + 1}",
                   draft_decision="Одобрить.", materials="Паспорт, план-график, расчёт.")
        for k, p in enumerate(rng.sample(projects, k=min(20, len(projects))))
    ])
    stdout.write(f"portfolio: {n_sub} submissions, {n_meet} meetings, {len(items)} items, {n_asg} assignments "
                 f"in {time.perf_counter() - started:.1f} s\n")
