"""The only door to portfolio objects. Rules (no per-row permission rows):

- Project Office staff and administrators see and run everything: they check, schedule, record decisions.
- Coordinators of a direction screen that direction's submissions and run that direction's meetings.
- Heads of direction read their direction's submissions, meetings and assignments.
- Steering Committee members read Steering Committee meetings and packs, vote, declare conflicts.
- Independent experts invited to a meeting read it and give opinions.
- A project's manager (and its department's officers) see their project's submissions and file new ones;
  the responsible organization's people report on their assignments; the issuer accepts them.
Invisible → 404, visible but not allowed → 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from pmis.accounts import roles
from portfolio.models import (
    AgendaItem,
    AgendaPack,
    Assignment,
    AssignmentQuerySet,
    Attendance,
    Meeting,
    Submission,
    SubmissionQuerySet,
)
from projects.permissions import projects_visible_to, sees_all_projects

VIEW = "view"
SCREEN = "screen"  # coordinator: return or forward
CHECK = "check"  # Project Office: completeness check, return, schedule
RESUBMIT = "resubmit"  # the project side after a return
MANAGE = "manage"  # meeting: agenda, attendees, minutes, decisions, pack
VOTE = "vote"
OPINION = "opinion"
REPORT = "report"  # assignment: the owner reports progress and evidence
ACCEPT = "accept"  # assignment: the issuer accepts or returns

OVERSIGHT_ROLES = (roles.PMO_STAFF, roles.ADMINISTRATOR)
READ_ALL_ROLES = (roles.PMO_STAFF, roles.ADMINISTRATOR, roles.COMMITTEE_MEMBER)
CITY_ROLES = (
    roles.PMO_STAFF,
    roles.ADMINISTRATOR,
    roles.COMMITTEE_MEMBER,
    roles.DIRECTION_HEAD,
    roles.BDIG_COORDINATOR,
    roles.SAC_ANALYST,
)


_QS = TypeVar("_QS", bound=QuerySet[Any])


def _authed(user: Any) -> bool:
    return user is not None and user.is_authenticated


def is_internal(user: Any) -> bool:
    """Every signed-in user: the door of the portfolio's lists (each shows what the reader may see)."""
    return _authed(user)


def reviews_submissions(user: Any) -> bool:
    """Those whose review queue has work in it: coordinators, heads of direction, the Project Office."""
    return _authed(user) and roles.has_role(
        user, roles.BDIG_COORDINATOR, roles.PMO_STAFF, roles.DIRECTION_HEAD, roles.ADMINISTRATOR
    )


def is_pmo(user: Any) -> bool:
    return _authed(user) and roles.has_role(user, *OVERSIGHT_ROLES)


def reads_all(user: Any) -> bool:
    return _authed(user) and roles.has_role(user, *READ_ALL_ROLES)


def my_direction_ids(user: Any) -> set[int]:
    """Directions the user coordinates or heads (cached on the user for the request)."""
    if not _authed(user):
        return set()
    cached = getattr(user, "_portfolio_directions", None)
    if cached is None:
        from pmis.reference.models import Direction

        cached = set(
            Direction.objects.filter(Q(coordinators=user) | Q(head=user)).values_list("pk", flat=True)
        )
        user._portfolio_directions = cached
    return cached


def coordinated_direction_ids(user: Any) -> set[int]:
    if not _authed(user):
        return set()
    cached = getattr(user, "_portfolio_coordinated", None)
    if cached is None:
        from pmis.reference.models import Direction

        cached = set(
            Direction.coordinators.through.objects.filter(user_id=user.pk).values_list(
                "direction_id", flat=True
            )
        )
        user._portfolio_coordinated = cached
    return cached


def can_see_city(user: Any) -> bool:
    return _authed(user) and roles.has_role(user, *CITY_ROLES)


# Confidential projects (DESIGN.md §4): the Committee, the Project Office and administrators read everything on
# the agenda; anyone else reads what concerns a confidential project only where they may open that project.


def hidden_projects(user: Any) -> QuerySet[Any] | None:
    """The confidential projects this reader may not open, as a pk subquery; None when they may open all."""
    if sees_all_projects(user):
        return None
    from projects.models import Project

    return (
        Project.objects.filter(is_confidential=True)
        .exclude(pk__in=projects_visible_to(user).values("pk"))
        .values("pk")
    )


def without_hidden(qs: _QS, user: Any, field: str = "project") -> _QS:
    """`qs` without the rows about confidential projects the reader may not open (counts and lists alike)."""
    hidden = hidden_projects(user)
    return qs if hidden is None else qs.exclude(**{f"{field}__in": hidden})


def hidden_project_ids(user: Any, project_ids: Any) -> set[int]:
    """Which of these projects are confidential ones the reader may not open (one query; none for the Committee)."""
    ids = {pk for pk in project_ids if pk}
    hidden = hidden_projects(user)
    if hidden is None or not ids:
        return set()
    return set(hidden.filter(pk__in=ids).values_list("pk", flat=True))


# Submissions


def submissions_visible_to(user: Any) -> SubmissionQuerySet:
    """Everything for the Project Office, Committee and administrators; a direction's for its coordinators and
    head (cross-sectoral ones too); the project's own for its manager, curator and department officers."""
    if not _authed(user):
        return Submission.objects.none()
    if reads_all(user):
        return Submission.objects.all()
    q = Q(submitted_by=user) | Q(project__manager=user) | Q(project__curator=user)
    directions = my_direction_ids(user)
    if directions:
        q |= Q(direction_id__in=directions) | Q(other_directions__in=directions)
    if user.organization_id and roles.has_role(user, roles.DEPARTMENT_OFFICER):
        q |= Q(project__department_id=user.organization_id)
    qs = without_hidden(Submission.objects.filter(q), user)
    return qs.distinct() if directions else qs


def submission_allows(user: Any, submission: Submission, perm: str) -> bool:
    if perm == VIEW:
        return True
    if perm == SCREEN:
        return roles.is_administrator(user) or submission.direction_id in coordinated_direction_ids(user)
    if perm == CHECK:
        return is_pmo(user)
    if perm == RESUBMIT:
        return (
            is_pmo(user)
            or user.pk in (submission.submitted_by_id, submission.project.manager_id)
            or (
                roles.has_role(user, roles.DEPARTMENT_OFFICER)
                and user.organization_id == submission.project.department_id
            )
        )
    raise ValueError(f"Unknown submission permission {perm!r}")


def access_submission(user: Any, pk: Any, *, perm: str = VIEW) -> Submission:
    """The only way views get a Submission: 404 if invisible, 403 if the user may not do `perm`."""
    submission = get_object_or_404(
        submissions_visible_to(user).select_related("project", "direction", "change_request", "submitted_by"),
        pk=pk,
    )
    if not submission_allows(user, submission, perm):
        raise PermissionDenied
    return submission


# Meetings and agenda items


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Steering Committee meetings: Project Office, Committee, administrators, heads and coordinators of
    directions, and whoever is on the attendee list; direction meetings: that direction's people and attendees."""
    if not _authed(user):
        return Meeting.objects.none()
    if reads_all(user) or is_pmo(user):
        return Meeting.objects.all()
    attending = Attendance.objects.filter(user=user).values("meeting_id")
    q = Q(pk__in=attending)
    if roles.has_role(user, roles.DIRECTION_HEAD, roles.BDIG_COORDINATOR):
        q |= Q(kind=Meeting.Kind.STEERING)
    directions = my_direction_ids(user)
    if directions:
        q |= Q(direction_id__in=directions)
    return Meeting.objects.filter(q)


def can_manage_meeting(user: Any, meeting: Meeting) -> bool:
    if is_pmo(user):
        return True
    return meeting.kind == Meeting.Kind.DIRECTION and meeting.direction_id in coordinated_direction_ids(user)


def voting_attendance(user: Any, meeting: Meeting) -> Attendance | None:
    return next(
        (a for a in meeting.attendances.all() if a.user_id == user.pk and a.role in Attendance.VOTING), None
    )


def can_vote(user: Any, meeting: Meeting) -> bool:
    """Voting members on the attendee list; on the Steering Committee also any Committee member."""
    if not _authed(user):
        return False
    if voting_attendance(user, meeting) is not None:
        return True
    return (
        meeting.kind == Meeting.Kind.STEERING
        and roles.has_role(user, roles.COMMITTEE_MEMBER)
        and not user.is_superuser
    )


def can_give_opinion(user: Any, meeting: Meeting) -> bool:
    if not _authed(user):
        return False
    if any(a.user_id == user.pk and a.role == Attendance.Role.EXPERT for a in meeting.attendances.all()):
        return True
    return (
        roles.has_role(user, roles.EXPERT) and not user.is_superuser and meeting.kind == Meeting.Kind.STEERING
    )


def meeting_allows(user: Any, meeting: Meeting, perm: str) -> bool:
    if perm == VIEW:
        return True
    if perm == MANAGE:
        return can_manage_meeting(user, meeting)
    if perm == VOTE:
        return can_vote(user, meeting)
    if perm == OPINION:
        return can_give_opinion(user, meeting)
    raise ValueError(f"Unknown meeting permission {perm!r}")


def access_meeting(user: Any, pk: Any, *, perm: str = VIEW) -> Meeting:
    meeting = get_object_or_404(
        meetings_visible_to(user).select_related("direction", "secretary").prefetch_related("attendances"),
        pk=pk,
    )
    if not meeting_allows(user, meeting, perm):
        raise PermissionDenied
    return meeting


def items_visible_to(user: Any) -> QuerySet[AgendaItem]:
    """Items of the meetings the user sees, except those about a confidential project they may not open (the
    meeting's agenda shows those as a redacted line)."""
    if (reads_all(user) or is_pmo(user)) and hidden_projects(user) is None:
        return (
            AgendaItem.objects.all()
        )  # every meeting and every project: no filter, so link checks cost no query
    return without_hidden(AgendaItem.objects.filter(meeting__in=meetings_visible_to(user)), user)


def visible_ids(visible: QuerySet[Any], objects: Iterable[Any]) -> set[int]:
    """Which of `objects` (None allowed) are in `visible`, a `*_visible_to(user)` queryset: a page links only
    to those and shows the others as plain text. One query, none when there is nothing to check."""
    pks = {obj.pk for obj in objects if obj is not None}
    if not pks or not visible.query.where:  # nothing to check, or the reader sees every row: no query
        return pks
    return set(visible.filter(pk__in=pks).values_list("pk", flat=True))


def access_item(user: Any, pk: Any, *, perm: str = VIEW) -> AgendaItem:
    item = get_object_or_404(
        items_visible_to(user)
        .select_related(
            "meeting",
            "meeting__direction",
            "submission",
            "submission__change_request",
            "project",
            "project__department",
            "project__manager",
            "presenter",
            "carried_assignment",
        )
        .prefetch_related("meeting__attendances"),
        pk=pk,
    )
    if not meeting_allows(user, item.meeting, perm):
        raise PermissionDenied
    return item


def packs_visible_to(user: Any) -> QuerySet[AgendaPack]:
    return AgendaPack.objects.filter(meeting__in=meetings_visible_to(user))


def access_pack(user: Any, pk: Any) -> AgendaPack:
    return get_object_or_404(packs_visible_to(user).select_related("meeting"), pk=pk)


def pack_is_redacted_for(user: Any, pack: AgendaPack) -> bool:
    """Whether this reader gets the pack's public edition: some item concerns a confidential project they may not
    open (the Committee and the Project Office always read the full pack)."""
    snapshot = pack.snapshot or {}
    if "confidential" in snapshot:
        return bool(hidden_project_ids(user, snapshot["confidential"]))
    # a pack published before public editions existed: judge by its items' projects
    projects = AgendaItem.objects.filter(pk__in=snapshot.get("order", [])).values_list(
        "project_id", flat=True
    )
    return bool(hidden_project_ids(user, list(projects)))


# Assignments


def assignments_visible_to(user: Any) -> AssignmentQuerySet:
    """Everything for the Project Office, Committee and administrators; a direction's for its people; one's own
    (as owner, as someone of the owner organization, or as issuer) for everyone else."""
    if not _authed(user):
        return Assignment.objects.none()
    if reads_all(user):
        return Assignment.objects.all()
    q = Q(owner_person=user) | Q(issued_by=user)
    if user.organization_id:
        q |= Q(owner_organization_id=user.organization_id)
    directions = my_direction_ids(user)
    if directions:
        q |= Q(direction_id__in=directions)
    return without_hidden(Assignment.objects.filter(q), user)


def assignment_allows(user: Any, assignment: Assignment, perm: str) -> bool:
    if perm == VIEW:
        return True
    if perm == REPORT:
        return (
            assignment.owner_person_id == user.pk
            or (bool(user.organization_id) and user.organization_id == assignment.owner_organization_id)
            or roles.is_administrator(user)
        )
    if perm == ACCEPT:
        return is_pmo(user) or assignment.issued_by_id == user.pk
    raise ValueError(f"Unknown assignment permission {perm!r}")


def access_assignment(user: Any, pk: Any, *, perm: str = VIEW) -> Assignment:
    assignment = get_object_or_404(
        assignments_visible_to(user).select_related(
            "owner_organization", "owner_person", "issued_by", "project", "direction", "meeting", "item"
        ),
        pk=pk,
    )
    if not assignment_allows(user, assignment, perm):
        raise PermissionDenied
    return assignment


def submits_for_any_project(user: Any) -> bool:
    """The Project Office (global change right) may file for any visible project; others for their own."""
    from projects.permissions import has_global_change

    return has_global_change(user)


def submittable_projects(user: Any) -> QuerySet[Any]:
    """Projects the user may file a submission for: those they may edit (the Project Office: every visible one)."""
    from guardian.shortcuts import get_objects_for_user

    from projects.permissions import CHANGE_PROJECT, has_global_change

    visible = projects_visible_to(user)
    if has_global_change(user):
        return visible
    return get_objects_for_user(user, CHANGE_PROJECT, klass=visible, accept_global_perms=False)


def can_create_meeting(user: Any) -> bool:
    return is_pmo(user) or bool(coordinated_direction_ids(user))


def can_manage_tolerance(user: Any) -> bool:
    return is_pmo(user)
