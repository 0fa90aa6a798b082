"""Decisions on agenda items (taking effect in the register through the projects services), votes, expert
opinions and conflict-of-interest declarations."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core.texts import choice, msg
from pmis.notifications.services import notify
from portfolio.models import (
    AgendaItem,
    ConflictDeclaration,
    ExpertOpinion,
    Meeting,
    Submission,
    Vote,
)
from portfolio.services.assignments import assignment_create
from portfolio.services.common import (
    CONDITIONS_DUE_DAYS,
    coordinators_of,
)
from portfolio.services.meetings import quorum_present

S = Submission.Status
D = AgendaItem.Decision


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
    _check_decision_allowed(item, meeting, decision)
    if gate_outcome and gate_outcome not in AgendaItem.GateOutcome.values:
        raise ValidationError({"gate_outcome": _("Choose stop or hold.")})
    is_gate = item.submission is not None and item.submission.kind == Submission.Kind.GATE
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
        submission = Submission.objects.select_for_update().get(pk=item.submission_id)
        submission.status, submission.step_due = S.DECIDED, None
        submission.save(update_fields=["status", "step_due", "updated_at"])  # with its history row
        item.submission = submission
        notify(
            recipients=[submission.submitted_by, *coordinators_of(submission)],
            title=msg(
                "Decision on %(title)s: %(decision)s",
                title=submission.title_arg,
                decision=choice(item, "decision"),
            ),
            body=item.conditions or item.decision_text,
            url=submission.get_absolute_url(),
        )
    if item.carried_assignment_id and decision == D.NOTED:
        pass  # the assignment stays open; the meeting only took note of the delay
    if item.conditions and decision in (D.APPROVED_WITH_CONDITIONS, D.RETURNED) and item.project is not None:
        due = assignment_due or timezone.localtime(meeting.starts_at).date() + datetime.timedelta(
            days=CONDITIONS_DUE_DAYS
        )
        assignment_create(
            actor=actor,
            title=msg("Fulfil the conditions of the decision: %(title)s", title=item.title_arg),
            description=item.conditions,
            owner_organization=item.project.department,
            owner_person=item.project.manager,
            due_date=due,
            meeting=meeting,
            item=item,
            project=item.project,
        )
    return item


def _check_decision_allowed(item: AgendaItem, meeting: Meeting, decision: str) -> None:
    """A decision is recorded on a held meeting (or a written procedure whose voting closed); on the Steering
    Committee it needs the quorum: enough voting members present (in person), at least `quorum` votes on the
    item (except a note taken), and an approval needs more votes for than against."""
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(
            _("Decisions are recorded once the meeting is recorded as held.")
            if meeting.status == Meeting.Status.PLANNED
            else _("The minutes of this meeting are signed; decisions can no longer be recorded.")
        )
    if meeting.kind != Meeting.Kind.STEERING:
        return
    if meeting.procedure == Meeting.Procedure.IN_PERSON:
        present, ok = quorum_present(meeting)
        if not ok:
            raise ValidationError(
                _("There is no quorum: %(present)s voting members present, %(quorum)s needed.")
                % {"present": present, "quorum": meeting.quorum}
            )
    if decision == D.NOTED:
        return
    tally = dict.fromkeys(Vote.Choice.values, 0)
    for cast_choice in Vote.objects.filter(item=item).values_list("choice", flat=True):
        tally[cast_choice] += 1
    cast = sum(tally.values())
    if cast < meeting.quorum:
        raise ValidationError(
            _("There is no quorum of votes on this item: %(cast)s votes recorded, %(quorum)s needed.")
            % {"cast": cast, "quorum": meeting.quorum}
        )
    if (
        decision in (D.APPROVED, D.APPROVED_WITH_CONDITIONS)
        and tally[Vote.Choice.FOR] <= tally[Vote.Choice.AGAINST]
    ):
        raise ValidationError(
            {
                "decision": _("The votes do not carry an approval: %(for)s for, %(against)s against.")
                % {"for": tally[Vote.Choice.FOR], "against": tally[Vote.Choice.AGAINST]}
            }
        )


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
