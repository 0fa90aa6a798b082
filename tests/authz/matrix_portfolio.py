"""Portfolio URLs. Coordinators act on their direction only; the Project Office (and administrators) check,
schedule, run meetings and record decisions; Committee members read packs and vote; invited experts give
opinions; owners report on assignments and issuers accept them. Invisible objects give 404 (IDOR entries)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from portfolio.models import AgendaPack, Assignment, Attendance, Meeting, Submission, ToleranceRule
from projects.models import ChangeRequest
from tests.authz import LOGIN, Entry
from tests.factories import DirectionFactory, UserFactory
from tests.portfolio.factories import AgendaItemFactory, AssignmentFactory, MeetingFactory, SubmissionFactory
from tests.projects.factories import ProjectFactory

ALL = {"anonymous": LOGIN, "*": 200}
PMO_GET = {"anonymous": LOGIN, "pmo": 200, "admin": 200, "*": 403}
# who sees the direction-1 submissions: the project's side (department A officer, manager), the direction's
# coordinator and head, the Project Office, the Committee and administrators
SUB_SEEN = ("officer", "manager", "coordinator", "direction_head", "pmo", "committee", "admin")
# who sees the Steering Committee meeting: governance roles, coordinators and heads, invited attendees
MEETING_SEEN = ("coordinator", "direction_head", "pmo", "committee", "expert", "admin")
ASSIGNMENT_SEEN = ("officer", "manager", "coordinator", "direction_head", "pmo", "committee", "admin")


def _expect(seen: tuple[str, ...], allowed: dict[str, int], other: int = 403) -> dict[str, int]:
    out = {"anonymous": LOGIN, "*": 404}
    out.update(dict.fromkeys(seen, other))
    out.update(allowed)
    return out


def setup(world: Any) -> None:
    u = world.users
    direction = u["coordinator"].coordinated_directions.first()
    other = DirectionFactory(number=7, code="pf-other", name_ru="Другое направление")
    world.pf_direction = direction
    world.pf_project = ProjectFactory(
        direction=direction,
        department=u["officer"].organization,
        manager=u["manager"],
        total_budget_plan=Decimal(1_000_000),
    )
    world.pf_other_project = ProjectFactory(direction=other, department=u["outsider_officer"].organization)
    change = ChangeRequest.objects.create(
        project=world.pf_project,
        number=1,
        title="Перенос сроков",
        justification="Да",
        schedule_impact_days=90,
        status=ChangeRequest.Status.SUBMITTED,
        submitted_by=u["manager"],
    )
    common = {"project": world.pf_project, "submitted_by": u["manager"]}
    world.pf_sub = SubmissionFactory(**common, kind=Submission.Kind.CHANGE_REQUEST, change_request=change)
    world.pf_sub_pmo = SubmissionFactory(**common, status=Submission.Status.AT_PMO)
    world.pf_sub_returned = SubmissionFactory(**common, status=Submission.Status.RETURNED)
    world.pf_other_sub = SubmissionFactory(project=world.pf_other_project)
    world.pf_meeting = MeetingFactory(secretary=u["pmo"])
    Attendance.objects.create(
        meeting=world.pf_meeting, user=u["committee"], role=Attendance.Role.MEMBER, present=True
    )
    Attendance.objects.create(meeting=world.pf_meeting, user=u["expert"], role=Attendance.Role.EXPERT)
    world.pf_guest_att = Attendance.objects.create(
        meeting=world.pf_meeting, user=UserFactory(username="pf-guest"), role=Attendance.Role.INVITED
    )
    world.pf_other_meeting = MeetingFactory(
        kind=Meeting.Kind.DIRECTION, direction=other, title="Совещание направления 7"
    )
    world.pf_item = AgendaItemFactory(
        meeting=world.pf_meeting,
        project=world.pf_project,
        submission=SubmissionFactory(**common, status=Submission.Status.SCHEDULED),
    )
    world.pf_pack = AgendaPack.objects.create(
        meeting=world.pf_meeting, version=1, language="ru", html="<p>Пакет</p>"
    )
    world.pf_pack.file.save("pack.pdf", ContentFile(b"%PDF-1.7 test"))
    world.pf_assignment = AssignmentFactory(
        owner_organization=u["officer"].organization,
        owner_person=u["manager"],
        issued_by=u["pmo"],
        direction=direction,
        project=world.pf_project,
        meeting=world.pf_meeting,
    )
    world.pf_reported = AssignmentFactory(
        owner_organization=u["officer"].organization,
        issued_by=u["pmo"],
        direction=direction,
        status=Assignment.Status.REPORTED,
        evidence="Сделано",
    )
    world.pf_other_assignment = AssignmentFactory(
        owner_organization=u["outsider_officer"].organization,
        direction=other,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    world.pf_rule = ToleranceRule.objects.create(schedule_days=30)


ENTRIES = [
    Entry(
        "portfolio:city",
        expect={
            "anonymous": LOGIN,
            "pmo": 200,
            "admin": 200,
            "committee": 200,
            "direction_head": 200,
            "coordinator": 200,
            "sac": 200,
            "*": 403,
        },
    ),
    Entry("portfolio:direction", args=lambda w: [w.pf_direction.pk], expect=ALL),
    Entry(
        "portfolio:direction-pdf",
        args=lambda w: [w.pf_direction.pk],
        method="POST",
        expect={"anonymous": LOGIN, "*": 302},
    ),
    Entry("portfolio:committee", expect=ALL),
    Entry("portfolio:queue", expect=ALL),
    Entry("portfolio:submissions", expect=ALL),
    Entry("portfolio:submission-create", expect=ALL, note="the form; only editable projects are accepted"),
    Entry(
        "portfolio:submission",
        args=lambda w: [w.pf_sub.pk],
        expect=_expect(SUB_SEEN, dict.fromkeys(SUB_SEEN, 200)),
    ),
    Entry(
        "portfolio:submission",
        args=lambda w: [w.pf_other_sub.pk],
        note="IDOR: another direction",
        expect={
            "anonymous": LOGIN,
            "outsider_officer": 200,
            "pmo": 200,
            "committee": 200,
            "admin": 200,
            "*": 404,
        },
    ),
    Entry(
        "portfolio:submission-screen",
        args=lambda w: [w.pf_sub.pk],
        method="POST",
        note="empty form re-renders",
        expect=_expect(SUB_SEEN, {"coordinator": 200, "admin": 200}),
    ),
    Entry(
        "portfolio:submission-screen",
        args=lambda w: [w.pf_other_sub.pk],
        method="POST",
        note="IDOR: a coordinator cannot screen another direction's submission",
        expect={
            "anonymous": LOGIN,
            "outsider_officer": 403,
            "pmo": 403,
            "committee": 403,
            "admin": 200,
            "*": 404,
        },
    ),
    Entry(
        "portfolio:submission-schedule",
        args=lambda w: [w.pf_sub_pmo.pk],
        method="POST",
        expect=_expect(SUB_SEEN, {"pmo": 200, "admin": 200}),
    ),
    Entry(
        "portfolio:submission-return",
        args=lambda w: [w.pf_sub_pmo.pk],
        method="POST",
        expect=_expect(SUB_SEEN, {"pmo": 200, "admin": 200}),
    ),
    Entry(
        "portfolio:submission-resubmit",
        args=lambda w: [w.pf_sub_returned.pk],
        method="POST",
        expect=_expect(SUB_SEEN, {"officer": 200, "manager": 200, "pmo": 200, "admin": 200}),
    ),
    Entry("portfolio:meetings", expect=ALL),
    Entry(
        "portfolio:meeting-create",
        expect={"anonymous": LOGIN, "pmo": 200, "admin": 200, "coordinator": 200, "*": 403},
    ),
    Entry(
        "portfolio:meeting",
        args=lambda w: [w.pf_meeting.pk],
        expect=_expect(MEETING_SEEN, dict.fromkeys(MEETING_SEEN, 200)),
    ),
    Entry(
        "portfolio:meeting",
        args=lambda w: [w.pf_other_meeting.pk],
        note="IDOR: another direction's meeting",
        expect={"anonymous": LOGIN, "pmo": 200, "committee": 200, "admin": 200, "*": 404},
    ),
    Entry(
        "portfolio:meeting-update",
        args=lambda w: [w.pf_meeting.pk],
        expect=_expect(MEETING_SEEN, {"pmo": 200, "admin": 200}),
    ),
    Entry(
        "portfolio:meeting-hold",
        args=lambda w: [w.pf_meeting.pk],
        method="POST",
        note="a future meeting is not held: the message comes back on the page",
        expect=_expect(MEETING_SEEN, {"pmo": 302, "admin": 302}),
    ),
    Entry(
        "portfolio:attendee-add",
        args=lambda w: [w.pf_meeting.pk],
        method="POST",
        expect=_expect(MEETING_SEEN, {"pmo": 302, "admin": 302}),
    ),
    Entry(
        "portfolio:attendee-remove",
        args=lambda w: [w.pf_meeting.pk, w.pf_guest_att.pk],
        method="POST",
        expect=_expect(MEETING_SEEN, {"pmo": 302, "admin": 302}),
    ),
    Entry(
        "portfolio:item-create",
        args=lambda w: [w.pf_meeting.pk],
        method="POST",
        expect=_expect(MEETING_SEEN, {"pmo": 302, "admin": 302}),
    ),
    Entry(
        "portfolio:pack-publish",
        args=lambda w: [w.pf_meeting.pk],
        method="POST",
        expect=_expect(MEETING_SEEN, {"pmo": 302, "admin": 302}),
    ),
    Entry(
        "portfolio:item",
        args=lambda w: [w.pf_item.pk],
        expect=_expect(MEETING_SEEN, dict.fromkeys(MEETING_SEEN, 200)),
    ),
    Entry(
        "portfolio:item-update",
        args=lambda w: [w.pf_item.pk],
        method="POST",
        expect=_expect(MEETING_SEEN, {"pmo": 200, "admin": 200}),
    ),
    Entry(
        "portfolio:item-decide",
        args=lambda w: [w.pf_item.pk],
        method="POST",
        expect=_expect(MEETING_SEEN, {"pmo": 200, "admin": 200}),
    ),
    Entry(
        "portfolio:item-vote",
        args=lambda w: [w.pf_item.pk],
        method="POST",
        expect=_expect(MEETING_SEEN, {"committee": 200}),
    ),
    Entry(
        "portfolio:item-conflict",
        args=lambda w: [w.pf_item.pk],
        method="POST",
        note="an empty form declares no conflict",
        expect=_expect(MEETING_SEEN, {"committee": 302}),
    ),
    Entry(
        "portfolio:item-opinion",
        args=lambda w: [w.pf_item.pk],
        method="POST",
        expect=_expect(MEETING_SEEN, {"expert": 200}),
    ),
    Entry(
        "portfolio:item-assignment",
        args=lambda w: [w.pf_item.pk],
        method="POST",
        expect=_expect(MEETING_SEEN, {"pmo": 200, "admin": 200}),
    ),
    Entry(
        "portfolio:pack",
        args=lambda w: [w.pf_pack.pk],
        expect=_expect(MEETING_SEEN, dict.fromkeys(MEETING_SEEN, 200)),
    ),
    Entry(
        "portfolio:pack-download",
        args=lambda w: [w.pf_pack.pk],
        expect=_expect(MEETING_SEEN, dict.fromkeys(MEETING_SEEN, 200)),
    ),
    Entry("portfolio:assignments", expect=ALL),
    Entry("portfolio:assignment-stats", expect=ALL),
    Entry(
        "portfolio:assignment",
        args=lambda w: [w.pf_assignment.pk],
        expect=_expect(ASSIGNMENT_SEEN, dict.fromkeys(ASSIGNMENT_SEEN, 200)),
    ),
    Entry(
        "portfolio:assignment",
        args=lambda w: [w.pf_other_assignment.pk],
        note="IDOR: another department and direction",
        expect={
            "anonymous": LOGIN,
            "outsider_officer": 200,
            "pmo": 200,
            "committee": 200,
            "admin": 200,
            "*": 404,
        },
    ),
    Entry(
        "portfolio:assignment-report",
        args=lambda w: [w.pf_assignment.pk],
        method="POST",
        expect=_expect(
            ASSIGNMENT_SEEN, {"officer": 200, "manager": 200, "direction_head": 200, "admin": 200}
        ),
    ),
    Entry(
        "portfolio:assignment-accept",
        args=lambda w: [w.pf_reported.pk],
        method="POST",
        expect=_expect(ASSIGNMENT_SEEN, {"pmo": 200, "admin": 200}),
    ),
    Entry("portfolio:tolerance", expect=PMO_GET),
    Entry("portfolio:tolerance-edit", args=lambda w: [w.pf_rule.pk], expect=PMO_GET),
]
