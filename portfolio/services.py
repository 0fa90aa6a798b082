"""Writes of the governance path: submissions through the queue, meetings and their decisions, assignments.

Decisions take effect in the register through the projects app's own services (change request approval
creates the baseline; a gate decision moves the stage): nothing here writes projects' rows directly.
"""

from __future__ import annotations

import datetime
import threading
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.notifications.services import notify
from portfolio.models import (
    AgendaItem,
    Assignment,
    Attendance,
    ConflictDeclaration,
    ExpertOpinion,
    Meeting,
    Submission,
    ToleranceRule,
    Vote,
)

COORDINATOR_DAYS = 5  # working deadline for the coordinator's screening
PMO_DAYS = 5  # for the Project Office's check and scheduling
RETURN_DAYS = 10  # for the project to answer remarks
REMIND_BEFORE_DAYS = 3
OVERDUE_REMINDER_EVERY_DAYS = 7
CONDITIONS_DUE_DAYS = 30

S = Submission.Status
D = AgendaItem.Decision


def _today() -> datetime.date:
    return timezone.localdate()


def _coordinators(submission: Submission) -> list[Any]:
    return list(submission.direction.coordinators.all())


def _pmo_users() -> list[Any]:
    from pmis.accounts.models import User
    from pmis.accounts.roles import PMO_STAFF

    return list(User.objects.filter(groups__name=PMO_STAFF, is_active=True))


# Tolerance


def tolerance_rule_for(direction_id: int | None) -> ToleranceRule:
    """The direction's active rule, else the city-wide default, else the built-in limits (30 days, 10 %)."""
    rules = {
        r.direction_id: r
        for r in ToleranceRule.objects.filter(is_active=True).filter(
            Q(direction_id=direction_id) | Q(direction__isnull=True)
        )
    }
    return rules.get(direction_id) or rules.get(None) or ToleranceRule()


def change_over_tolerance(change: Any, rule: ToleranceRule | None = None) -> str:
    """Why the change request exceeds its tolerance ("" when it does not)."""
    rule = rule or tolerance_rule_for(change.project.direction_id)
    reasons = []
    if abs(change.schedule_impact_days or 0) > rule.schedule_days:
        reasons.append(
            _("schedule impact %(days)s days exceeds the tolerance of %(limit)s days")
            % {"days": change.schedule_impact_days, "limit": rule.schedule_days}
        )
    impact = abs(change.budget_impact or Decimal(0))
    limits = []
    plan = change.project.total_budget_plan or Decimal(0)
    if plan > 0:
        limits.append(plan * rule.budget_percent / Decimal(100))
    if rule.budget_amount is not None:
        limits.append(rule.budget_amount)
    if impact and (not limits or impact > min(limits)):
        reasons.append(
            _("budget impact %(amount)s ₸ exceeds the tolerance")
            % {"amount": f"{impact:,.0f}".replace(",", " ")}
        )
    return "; ".join(reasons)


@transaction.atomic
def tolerance_rule_save(*, rule: ToleranceRule, actor: Any) -> ToleranceRule:
    """Create or update a tolerance rule (the form set its fields)."""
    rule.full_clean()
    rule.save()
    return rule


# Submissions


@transaction.atomic
def submission_create(
    *,
    project: Any,
    actor: Any,
    kind: str,
    title: str,
    request: str,
    change_request: Any = None,
    gate: str = "",
    passport: Any = None,
    other_directions: Any = (),
    origin: str = Submission.Origin.MANUAL,
    escalation_id: int | None = None,
    draft_decision: str = "",
) -> Submission:
    """File a submission into the direction coordinator's queue (deadline: COORDINATOR_DAYS)."""
    if kind == Submission.Kind.CHANGE_REQUEST:
        if change_request is None or change_request.project_id != project.pk:
            raise ValidationError({"change_request": _("Choose a change request of this project.")})
        if origin == Submission.Origin.MANUAL and not change_over_tolerance(change_request):
            raise ValidationError(
                {
                    "change_request": _(
                        "This change request is within the tolerance: it is decided in the project, not by the Committee."
                    )
                }
            )
        if Submission.objects.open().filter(change_request=change_request).exists():
            raise ValidationError(
                {"change_request": _("This change request is already in the review queue.")}
            )
    if kind == Submission.Kind.GATE and not gate:
        raise ValidationError({"gate": _("Choose the gate to be decided.")})
    submission = Submission(
        project=project,
        direction_id=project.direction_id,
        kind=kind,
        origin=origin,
        title=title.strip(),
        request=request.strip(),
        change_request=change_request,
        gate=gate,
        passport=passport,
        escalation_id=escalation_id,
        submitted_by=actor,
        submitted_at=timezone.now(),
        status=S.AT_COORDINATOR,
        step_due=_today() + datetime.timedelta(days=COORDINATOR_DAYS),
        draft_decision=draft_decision,
    )
    submission.full_clean()
    submission.save()
    if other_directions:
        submission.other_directions.set(other_directions)
    notify(
        recipients=_coordinators(submission),
        title=_("New submission for screening: %(title)s") % {"title": submission.title[:200]},
        url=submission.get_absolute_url(),
    )
    return submission


def _lock(submission: Submission, allowed: tuple[str, ...]) -> Submission:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status not in allowed:
        raise ValidationError(
            _("The submission is “%(status)s”; this action is not possible now.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def submission_screen(*, submission: Submission, actor: Any, forward: bool, note: str) -> Submission:
    """The coordinator forwards (with a screening note) to the Project Office or returns with remarks."""
    if not (note or "").strip():
        raise ValidationError(
            {"note": _("Write the screening note.") if forward else _("Write the remarks.")}
        )
    locked = _lock(submission, (S.AT_COORDINATOR,))
    locked.screened_by = actor
    locked.screened_at = timezone.now()
    if forward:
        locked.screening_note = note.strip()
        locked.status = S.AT_PMO
        locked.step_due = _today() + datetime.timedelta(days=PMO_DAYS)
        change = locked.change_request
        if change is not None and change.status == change.Status.SUBMITTED:
            from projects.services.registers import change_request_assess

            change_request_assess(change=change, actor=actor, assessment=locked.screening_note)
        recipients, title = _pmo_users(), _("Submission forwarded to the Project Office: %(title)s")
    else:
        locked.remarks = note.strip()
        locked.status = S.RETURNED
        locked.step_due = _today() + datetime.timedelta(days=RETURN_DAYS)
        recipients, title = [locked.submitted_by], _("Submission returned with remarks: %(title)s")
    locked.save(
        update_fields=[
            "screened_by",
            "screened_at",
            "screening_note",
            "remarks",
            "status",
            "step_due",
            "updated_at",
        ]
    )
    notify(
        recipients=recipients,
        title=title % {"title": locked.title[:200]},
        body=note.strip(),
        url=locked.get_absolute_url(),
        kind="info" if forward else "warning",
    )
    return locked


@transaction.atomic
def submission_resubmit(*, submission: Submission, actor: Any, request: str) -> Submission:
    """The project answers the remarks; the submission goes back to the coordinator."""
    if not (request or "").strip():
        raise ValidationError({"request": _("Describe the request.")})
    locked = _lock(submission, (S.RETURNED,))
    locked.request = request.strip()
    locked.status = S.AT_COORDINATOR
    locked.step_due = _today() + datetime.timedelta(days=COORDINATOR_DAYS)
    locked.save(update_fields=["request", "status", "step_due", "updated_at"])
    notify(
        recipients=_coordinators(locked),
        title=_("Submission resubmitted: %(title)s") % {"title": locked.title[:200]},
        url=locked.get_absolute_url(),
    )
    return locked


@transaction.atomic
def submission_return_by_pmo(*, submission: Submission, actor: Any, note: str) -> Submission:
    """The Project Office finds the submission incomplete and returns it to the project."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Write the remarks.")})
    locked = _lock(submission, (S.AT_PMO,))
    locked.pmo_note = note.strip()
    locked.remarks = note.strip()
    locked.checked_by, locked.checked_at = actor, timezone.now()
    locked.status = S.RETURNED
    locked.step_due = _today() + datetime.timedelta(days=RETURN_DAYS)
    locked.save(
        update_fields=["pmo_note", "remarks", "checked_by", "checked_at", "status", "step_due", "updated_at"]
    )
    notify(
        recipients=[locked.submitted_by, *_coordinators(locked)],
        title=_("Submission returned by the Project Office: %(title)s") % {"title": locked.title[:200]},
        body=locked.pmo_note,
        url=locked.get_absolute_url(),
        kind="warning",
    )
    return locked


def _next_order(meeting: Meeting) -> int:
    return (meeting.items.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def submission_schedule(
    *,
    submission: Submission,
    actor: Any,
    meeting: Meeting,
    note: str,
    presenter: Any = None,
    draft_decision: str = "",
) -> AgendaItem:
    """The Project Office records its completeness and cross-sectoral check and puts the item on a meeting's agenda."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Record the completeness and cross-sectoral check.")})
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError({"meeting": _("Items can only be added to a planned meeting.")})
    locked = _lock(submission, (S.AT_PMO,))
    locked.pmo_note = note.strip()
    locked.checked_by, locked.checked_at = actor, timezone.now()
    locked.status = S.SCHEDULED
    locked.step_due = timezone.localtime(meeting.starts_at).date()
    if draft_decision.strip():
        locked.draft_decision = draft_decision.strip()
    locked.save(
        update_fields=[
            "pmo_note",
            "checked_by",
            "checked_at",
            "status",
            "step_due",
            "draft_decision",
            "updated_at",
        ]
    )
    item = AgendaItem(
        meeting=meeting,
        order=_next_order(meeting),
        submission=locked,
        project=locked.project,
        title=locked.title,
        presenter=presenter or locked.project.manager,
        draft_decision=locked.draft_decision,
    )
    item.full_clean()
    item.save()
    notify(
        recipients=[locked.submitted_by, *_coordinators(locked)],
        title=_("Submission placed on the agenda of %(meeting)s") % {"meeting": str(meeting)},
        url=locked.get_absolute_url(),
        kind="success",
    )
    return item


# Rules that fill the queue automatically


def tolerance_scan() -> int:
    """Submitted change requests over their tolerance that are not yet in the queue become submissions."""
    from projects.models import ChangeRequest

    queued = Submission.objects.filter(change_request__isnull=False).values("change_request_id")
    changes = (
        ChangeRequest.objects.filter(
            status__in=[ChangeRequest.Status.SUBMITTED, ChangeRequest.Status.ASSESSED]
        )
        .exclude(pk__in=queued)
        .select_related("project", "project__direction", "submitted_by")
    )
    rules = {r.direction_id: r for r in ToleranceRule.objects.filter(is_active=True)}
    made = 0
    for change in changes:
        rule = rules.get(change.project.direction_id) or rules.get(None) or ToleranceRule()
        reason = change_over_tolerance(change, rule)
        if reason:
            submission_create(
                project=change.project,
                actor=change.submitted_by,
                kind=Submission.Kind.CHANGE_REQUEST,
                title=_("Change request %(n)s: %(title)s") % {"n": change.number, "title": change.title},
                request=f"{change.description}\n\n{change.justification}\n\n{_('Over tolerance')}: {reason}".strip(),
                change_request=change,
                origin=Submission.Origin.TOLERANCE,
            )
            made += 1
    return made


_pending = threading.local()


def _pending_escalations() -> list[tuple[Any, Any, str]]:
    """This transaction's escalations waiting to be filed; a rolled-back transaction's leftovers are dropped."""
    from django.db import connection

    items = getattr(_pending, "items", None)
    registered = any(entry[1] is _file_pending_escalations for entry in connection.run_on_commit)
    if items is None or not registered:
        items = _pending.items = []
        transaction.on_commit(_file_pending_escalations)
    return items


def escalation_receive(project: Any, alert: Any, reason: str) -> None:
    """monitoring's hook: an item Red for two consecutive periods becomes a status-exception submission.

    monitoring calls it once per item inside its scan transaction; the items are filed together when that
    transaction commits (bulk rows, one notice per direction). Until then the Escalation rows, untaken, are the
    durable record: if filing fails, the periodic sweep takes them."""
    from django.db import connection

    if project is None:
        return
    if not connection.in_atomic_block:  # autocommit: nothing to wait for
        escalations_file([(project, alert, reason)])
        return
    _pending_escalations().append((project, alert, reason))


def _file_pending_escalations() -> None:
    items = getattr(_pending, "items", None) or []
    _pending.items = None
    if items:
        escalations_file(items)


@transaction.atomic
def escalations_file(items: list[tuple[Any, Any, str]]) -> list[Submission]:
    """File escalated items as status-exception submissions in bulk: each once, in the coordinator's queue."""
    from django.urls import reverse
    from django.utils.translation import ngettext
    from simple_history.utils import bulk_create_with_history

    from monitoring.models import Escalation
    from pmis.reference.models import Direction

    by_alert = dict(
        Escalation.objects.filter(alert_id__in=[a.pk for _p, a, _r in items]).values_list("alert_id", "pk")
    )
    taken = set(
        Submission.objects.filter(escalation_id__in=list(by_alert.values())).values_list(
            "escalation_id", flat=True
        )
    )
    now, due = timezone.now(), _today() + datetime.timedelta(days=COORDINATOR_DAYS)
    rows, seen = [], set(taken)
    for project, alert, reason in items:
        escalation_id = by_alert.get(alert.pk)
        if escalation_id is None or escalation_id in seen:
            continue
        seen.add(escalation_id)
        rows.append(
            Submission(
                project=project,
                direction_id=project.direction_id,
                kind=Submission.Kind.STATUS_EXCEPTION,
                origin=Submission.Origin.ESCALATION,
                escalation_id=escalation_id,
                status=S.AT_COORDINATOR,
                title=(_("Red for two consecutive periods: %(subject)s") % {"subject": alert.title})[:500],
                request=reason or alert.detail or alert.title,
                submitted_at=now,
                step_due=due,
            )
        )
    created = bulk_create_with_history(rows, Submission, batch_size=1000)
    Escalation.objects.filter(pk__in=list(by_alert.values()), taken_at__isnull=True).update(taken_at=now)
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        counts[row.direction_id] += 1
    for direction in Direction.objects.filter(pk__in=list(counts)).prefetch_related("coordinators"):
        n = counts[direction.pk]
        notify(
            recipients=direction.coordinators.all(),
            title=ngettext(
                "%(n)d item Red for two consecutive periods is in your review queue",
                "%(n)d items Red for two consecutive periods are in your review queue",
                n,
            )
            % {"n": n},
            url=f"{reverse('portfolio:queue')}?kind={Submission.Kind.STATUS_EXCEPTION}",
            kind="warning",
        )
    return created


def escalations_take() -> int:
    """Take escalations recorded while no handler was registered, or whose filing failed."""
    from monitoring.models import Escalation

    rows = list(
        Escalation.objects.filter(taken_at__isnull=True, project__isnull=False).select_related(
            "alert", "project"
        )[:2000]
    )
    return len(escalations_file([(e.project, e.alert, e.reason) for e in rows])) if rows else 0


# Meetings


@transaction.atomic
def meeting_save(*, meeting: Meeting, actor: Any, fields: list[str] | None = None) -> Meeting:
    """Create or update a meeting (the form set its fields); a new meeting takes the overdue assignments."""
    if meeting.kind == Meeting.Kind.DIRECTION and not meeting.direction_id:
        raise ValidationError({"direction": _("Choose the direction of the meeting.")})
    if meeting.kind == Meeting.Kind.STEERING:
        meeting.direction = None
    meeting.full_clean()
    created = meeting.pk is None
    if created:
        meeting.secretary = meeting.secretary or actor
        meeting.save()
        carry_overdue_assignments(meeting=meeting)
    else:
        meeting.save(update_fields=[*(fields or []), "direction", "updated_at"])
    return meeting


@transaction.atomic
def attendance_save(*, meeting: Meeting, user: Any, role: str, present: bool, actor: Any) -> Attendance:
    attendance, _created = Attendance.objects.get_or_create(
        meeting=meeting, user=user, defaults={"role": role}
    )
    attendance.role, attendance.present = role, present
    attendance.full_clean()
    attendance.save(update_fields=["role", "present", "updated_at"])
    return attendance


@transaction.atomic
def attendance_remove(*, attendance: Attendance, actor: Any) -> None:
    attendance.delete()


def quorum_present(meeting: Meeting) -> tuple[int, bool]:
    present = sum(1 for a in meeting.attendances.all() if a.present and a.role in Attendance.VOTING)
    return present, present >= meeting.quorum


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, actor: Any) -> AgendaItem:
    if item.pk is None:
        item.order = item.order or _next_order(item.meeting)
    item.full_clean()
    item.save()
    return item


def _apply_to_register(item: AgendaItem, actor: Any) -> None:
    """Make the decision take effect in the project register through the projects services."""
    submission = item.submission
    if submission is None:
        return
    approved = item.decision in (D.APPROVED, D.APPROVED_WITH_CONDITIONS)
    note = "\n".join(p for p in (item.decision_text, item.conditions) if p).strip()
    if submission.kind == Submission.Kind.CHANGE_REQUEST and submission.change_request_id:
        from projects.models import ChangeRequest
        from projects.services import registers

        change = ChangeRequest.objects.select_related("project", "project__direction").get(
            pk=submission.change_request_id
        )
        if (
            item.decision in (D.APPROVED, D.APPROVED_WITH_CONDITIONS, D.REJECTED)
            and change.status == ChangeRequest.Status.SUBMITTED
        ):
            registers.change_request_assess(
                change=change,
                actor=actor,
                assessment=submission.screening_note or submission.pmo_note or note,
            )
        if approved:
            registers.change_request_approve(change=change, actor=actor, note=note)
        elif item.decision == D.REJECTED:
            registers.change_request_reject(
                change=change, actor=actor, note=note or str(item.get_decision_display())
            )
        elif item.decision == D.RETURNED:
            registers.change_request_return(
                change=change, actor=actor, note=note or str(item.get_decision_display())
            )
    elif (
        submission.kind == Submission.Kind.GATE
        and submission.gate
        and item.decision in (D.APPROVED, D.APPROVED_WITH_CONDITIONS, D.REJECTED)
    ):
        # Returned for revision records no gate decision: the project stays at its stage and resubmits.
        from projects.services.project import gate_decision_record

        gate_decision_record(
            project=submission.project,
            actor=actor,
            gate=submission.gate,
            decision=gate_decision_for(item),
            decided_on=timezone.localtime(item.meeting.starts_at).date(),
            decided_by_body=str(item.meeting),
            conditions=item.conditions,
        )
    elif submission.kind == Submission.Kind.PASSPORT and submission.passport_id:
        from projects.models import PassportVersion
        from projects.services.project import passport_version_approve, passport_version_return

        passport = PassportVersion.objects.get(pk=submission.passport_id)
        if passport.status == PassportVersion.Status.SUBMITTED:
            if approved:
                passport_version_approve(passport=passport, actor=actor)
            elif item.decision in (D.REJECTED, D.RETURNED):  # back to draft, so the project can revise it
                passport_version_return(passport=passport, actor=actor)


def gate_decision_for(item: AgendaItem) -> str:
    """The register's gate decision for an item's decision (LIFECYCLE: proceed / proceed with conditions / hold /
    stop): a rejection stops the project unless the meeting chose to hold (suspend) it."""
    from projects.models import GateDecision

    if item.decision == D.APPROVED:
        return GateDecision.Decision.PROCEED
    if item.decision == D.APPROVED_WITH_CONDITIONS:
        return GateDecision.Decision.PROCEED_WITH_CONDITIONS
    if item.gate_outcome == AgendaItem.GateOutcome.HOLD:
        return GateDecision.Decision.HOLD
    return GateDecision.Decision.STOP


@transaction.atomic
def item_decide(
    *,
    item: AgendaItem,
    actor: Any,
    decision: str,
    decision_text: str = "",
    conditions: str = "",
    assignment_due: datetime.date | None = None,
    gate_outcome: str = "",
) -> AgendaItem:
    """Record the decision on an agenda item, make it take effect in the register, and issue the assignment for
    its conditions. A Steering Committee decision needs the quorum present."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "submission", "project", "project__department", "project__manager")
        .get(pk=item.pk)
    )
    if item.decision:
        raise ValidationError(_("A decision has already been recorded for this item."))
    if decision not in D.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    if decision == D.APPROVED_WITH_CONDITIONS and not conditions.strip():
        raise ValidationError({"conditions": _("State the conditions of the decision.")})
    meeting = item.meeting
    if meeting.kind == Meeting.Kind.STEERING:
        present, ok = quorum_present(meeting)
        if not ok:
            raise ValidationError(
                _("There is no quorum: %(present)s voting members present, %(quorum)s needed.")
                % {"present": present, "quorum": meeting.quorum}
            )
    if gate_outcome and gate_outcome not in AgendaItem.GateOutcome.values:
        raise ValidationError({"gate_outcome": _("Choose stop or hold.")})
    is_gate = bool(item.submission_id and item.submission.kind == Submission.Kind.GATE)
    item.decision, item.decision_text, item.conditions = decision, decision_text.strip(), conditions.strip()
    item.gate_outcome = (
        (gate_outcome or AgendaItem.GateOutcome.STOP) if is_gate and decision == D.REJECTED else ""
    )
    item.decided_at, item.decided_by = timezone.now(), actor
    item.save(
        update_fields=[
            "decision",
            "decision_text",
            "conditions",
            "gate_outcome",
            "decided_at",
            "decided_by",
            "updated_at",
        ]
    )
    try:
        _apply_to_register(item, actor)
    except ValidationError as exc:
        raise ValidationError(
            _("The decision cannot take effect in the register: %(reason)s")
            % {"reason": " ".join(exc.messages)}
        ) from exc
    if item.submission_id:
        Submission.objects.filter(pk=item.submission_id).update(
            status=S.DECIDED, step_due=None, updated_at=timezone.now()
        )
        submission = item.submission
        notify(
            recipients=[submission.submitted_by, *_coordinators(submission)],
            title=_("Decision on %(title)s: %(decision)s")
            % {"title": submission.title[:200], "decision": item.get_decision_display()},
            body=item.conditions or item.decision_text,
            url=submission.get_absolute_url(),
        )
    if item.carried_assignment_id and decision == D.NOTED:
        pass  # the assignment stays open; the meeting only took note of the delay
    if item.conditions and item.project_id and decision in (D.APPROVED_WITH_CONDITIONS, D.RETURNED):
        due = assignment_due or timezone.localtime(meeting.starts_at).date() + datetime.timedelta(
            days=CONDITIONS_DUE_DAYS
        )
        assignment_create(
            actor=actor,
            title=_("Fulfil the conditions of the decision: %(title)s") % {"title": item.title[:400]},
            description=item.conditions,
            owner_organization=item.project.department,
            owner_person=item.project.manager,
            due_date=due,
            meeting=meeting,
            item=item,
            project=item.project,
        )
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
    return item


@transaction.atomic
def vote_record(*, item: AgendaItem, member: Any, choice: str, comment: str = "") -> Vote:
    """A member's vote on an undecided item; a member who declared a conflict of interest does not vote."""
    if item.decision:
        raise ValidationError(_("The item is decided; votes are closed."))
    if ConflictDeclaration.objects.filter(item=item, member=member, has_conflict=True).exists():
        raise ValidationError(_("You declared a conflict of interest on this item and do not vote on it."))
    vote, _created = Vote.objects.get_or_create(item=item, member=member, defaults={"choice": choice})
    vote.choice, vote.comment = choice, comment.strip()
    vote.full_clean()
    vote.save(update_fields=["choice", "comment", "updated_at"])
    return vote


@transaction.atomic
def opinion_record(*, item: AgendaItem, expert: Any, recommendation: str, text: str) -> ExpertOpinion:
    if not text.strip():
        raise ValidationError({"text": _("Write the opinion.")})
    opinion, _created = ExpertOpinion.objects.get_or_create(
        item=item, expert=expert, defaults={"recommendation": recommendation, "text": text.strip()}
    )
    opinion.recommendation, opinion.text = recommendation, text.strip()
    opinion.full_clean()
    opinion.save(update_fields=["recommendation", "text", "updated_at"])
    return opinion


@transaction.atomic
def conflict_declare(
    *, item: AgendaItem, member: Any, has_conflict: bool, note: str = ""
) -> ConflictDeclaration:
    if has_conflict and not note.strip():
        raise ValidationError({"note": _("Explain the conflict of interest.")})
    declaration, _created = ConflictDeclaration.objects.get_or_create(
        item=item, member=member, defaults={"has_conflict": has_conflict, "note": note.strip()}
    )
    declaration.has_conflict, declaration.note = has_conflict, note.strip()
    declaration.save(update_fields=["has_conflict", "note", "updated_at"])
    if has_conflict:
        Vote.objects.filter(item=item, member=member).delete()
    return declaration


# Assignments


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    title: str,
    owner_organization: Any,
    due_date: datetime.date,
    description: str = "",
    owner_person: Any = None,
    meeting: Meeting | None = None,
    item: AgendaItem | None = None,
    project: Any = None,
) -> Assignment:
    """Issue an assignment; the responsible person (or the organization's people) is notified."""
    direction_id = (
        project.direction_id if project is not None else (meeting.direction_id if meeting else None)
    )
    assignment = Assignment(
        title=title.strip()[:500],
        description=description.strip(),
        owner_organization=owner_organization,
        owner_person=owner_person,
        due_date=due_date,
        meeting=meeting,
        item=item,
        project=project,
        direction_id=direction_id,
        issued_by=actor,
    )
    assignment.full_clean()
    assignment.save()
    notify(
        recipients=_assignment_owners(assignment),
        title=_("New assignment: %(title)s") % {"title": assignment.title[:200]},
        body=_("Due date: %(date)s") % {"date": due_date.strftime("%d.%m.%Y")},
        url=assignment.get_absolute_url(),
    )
    return assignment


def _assignment_owners(assignment: Assignment) -> list[Any]:
    if assignment.owner_person_id:
        return [assignment.owner_person]
    from pmis.accounts.models import User

    return list(User.objects.filter(organization_id=assignment.owner_organization_id, is_active=True)[:20])


@transaction.atomic
def assignment_report(*, assignment: Assignment, actor: Any, evidence: str) -> Assignment:
    """The owner reports the assignment done, with the evidence; the issuer is asked to accept it."""
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("Describe the evidence of completion.")})
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status != Assignment.Status.OPEN:
        raise ValidationError(_("Only an assignment in progress can be reported as done."))
    locked.evidence, locked.status, locked.reported_at = (
        evidence.strip(),
        Assignment.Status.REPORTED,
        timezone.now(),
    )
    locked.save(update_fields=["evidence", "status", "reported_at", "updated_at"])
    notify(
        recipients=[locked.issued_by],
        title=_("Assignment reported as done: %(title)s") % {"title": locked.title[:200]},
        url=locked.get_absolute_url(),
    )
    return locked


@transaction.atomic
def assignment_accept(*, assignment: Assignment, actor: Any, accept: bool, note: str = "") -> Assignment:
    """The issuer accepts the reported result, or returns the assignment to work with a note."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status != Assignment.Status.REPORTED:
        raise ValidationError(_("Only an assignment reported as done can be accepted or returned."))
    if not accept and not (note or "").strip():
        raise ValidationError({"note": _("Say what is still missing.")})
    locked.acceptance_note = (note or "").strip()
    if accept:
        locked.status, locked.accepted_at, locked.accepted_by = (
            Assignment.Status.ACCEPTED,
            timezone.now(),
            actor,
        )
    else:
        locked.status = Assignment.Status.OPEN
    locked.save(update_fields=["acceptance_note", "status", "accepted_at", "accepted_by", "updated_at"])
    notify(
        recipients=_assignment_owners(locked),
        title=(_("Assignment accepted: %(title)s") if accept else _("Assignment returned to work: %(title)s"))
        % {"title": locked.title[:200]},
        body=locked.acceptance_note,
        url=locked.get_absolute_url(),
        kind="success" if accept else "warning",
    )
    return locked


def assignments_remind(today: datetime.date | None = None) -> dict[str, int]:
    """Reminders REMIND_BEFORE_DAYS before the due date (once) and after it (weekly); idempotent per day."""
    today = today or _today()
    before = 0
    soon = Assignment.objects.filter(
        status=Assignment.Status.OPEN,
        reminded_before_on__isnull=True,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=REMIND_BEFORE_DAYS),
    )
    for assignment in soon.select_related("owner_person"):
        notify(
            recipients=_assignment_owners(assignment),
            title=_("Assignment due on %(date)s: %(title)s")
            % {"date": assignment.due_date.strftime("%d.%m.%Y"), "title": assignment.title[:200]},
            url=assignment.get_absolute_url(),
        )
        before += 1
    soon.update(reminded_before_on=today)
    after = 0
    late = Assignment.objects.overdue(today).filter(
        Q(reminded_after_on__isnull=True)
        | Q(reminded_after_on__lte=today - datetime.timedelta(days=OVERDUE_REMINDER_EVERY_DAYS))
    )
    for assignment in late.select_related("owner_person", "issued_by"):
        notify(
            recipients=[*_assignment_owners(assignment), assignment.issued_by],
            title=_("Assignment overdue since %(date)s: %(title)s")
            % {"date": assignment.due_date.strftime("%d.%m.%Y"), "title": assignment.title[:200]},
            url=assignment.get_absolute_url(),
            kind="warning",
        )
        after += 1
    late.update(reminded_after_on=today)
    return {"before": before, "after": after}


def carry_overdue_assignments(*, meeting: Meeting | None = None, today: datetime.date | None = None) -> int:
    """Put each overdue assignment on the agenda of the next planned meeting of its body (once per meeting)."""
    today = today or _today()
    now = timezone.now()
    upcoming = Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__gte=now).order_by("starts_at")
    if meeting is not None:
        upcoming = upcoming.filter(pk=meeting.pk)
    next_steering = next((m for m in upcoming if m.kind == Meeting.Kind.STEERING), None)
    next_direction: dict[int, Meeting] = {}
    for m in upcoming:
        if m.kind == Meeting.Kind.DIRECTION and m.direction_id not in next_direction:
            next_direction[m.direction_id] = m
    carried = 0
    overdue = Assignment.objects.overdue(today).select_related("meeting")
    on_agenda = set(
        AgendaItem.objects.filter(
            carried_assignment__isnull=False, meeting__status=Meeting.Status.PLANNED
        ).values_list("meeting_id", "carried_assignment_id")
    )
    for assignment in overdue:
        issuing_kind = assignment.meeting.kind if assignment.meeting_id else Meeting.Kind.STEERING
        target = (
            next_direction.get(assignment.meeting.direction_id)
            if issuing_kind == Meeting.Kind.DIRECTION
            else next_steering
        )
        if target is None or (target.pk, assignment.pk) in on_agenda:
            continue
        AgendaItem.objects.create(
            meeting=target,
            order=_next_order(target),
            carried_assignment=assignment,
            project_id=assignment.project_id,
            title=_("Overdue assignment: %(title)s") % {"title": assignment.title[:400]},
            presenter_id=assignment.owner_person_id,
            draft_decision=_("Hear the responsible person; set a new due date or take measures."),
        )
        on_agenda.add((target.pk, assignment.pk))
        carried += 1
    return carried


def portfolio_sweep() -> dict[str, int]:
    """The periodic pass: rule-made submissions, escalations, reminders, overdue assignments to the next agenda."""
    return {
        "tolerance": tolerance_scan(),
        "escalations": escalations_take(),
        **assignments_remind(),
        "carried": carry_overdue_assignments(),
    }
