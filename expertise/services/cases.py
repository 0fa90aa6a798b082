"""Case workflow: intake with documents, completeness check, assignment, remarks rounds, return and resubmission."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from expertise.models import (
    Assignment,
    CaseDocument,
    Remark,
    RemarkRound,
    ReviewCase,
    ReviewDeadlineRule,
)
from expertise.services.calendar import add_working_days, working_days_between
from pmis.core import texts
from pmis.core.files import display_name
from pmis.notifications.services import notify

CHECKLIST_ITEMS = ("application", "main_document", "financial_model", "cost_estimates", "approvals")

S = ReviewCase.Status
REVIEWING = (S.IN_REVIEW, S.RETURNED, S.HEAD_REVIEW)


def sha256_of(upload: UploadedFile[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def case_deadline(case: ReviewCase) -> date | None:
    """Receipt + the kind's statutory working days + the working days the case spent with the initiator."""
    rule = ReviewDeadlineRule.objects.filter(kind=case.kind).first()
    if rule is None:
        return None
    return add_working_days(case.received_on, rule.working_days + case.paused_days)


def _next_case_number(year: int) -> str:
    prefix = f"ЭК-{year}-"
    last = (
        ReviewCase.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


@transaction.atomic
def case_register(
    *, actor: Any, data: dict[str, Any], documents: list[tuple[str, str, UploadedFile[bytes]]]
) -> ReviewCase:
    """Register an incoming case with its documents; the number and the deadline are assigned here."""
    case = ReviewCase(created_by=actor, status=S.INTAKE, **data)
    case.number = _next_case_number(case.received_on.year)
    case.full_clean()
    case.save()
    case.deadline = case_deadline(case)
    case.save(update_fields=["deadline", "updated_at"])
    for doc_type, title, upload in documents:
        document_add(case=case, actor=actor, doc_type=doc_type, title=title, upload=upload)
    return case


@transaction.atomic
def document_add(
    *, case: ReviewCase, actor: Any, doc_type: str, title: str, upload: UploadedFile[bytes]
) -> CaseDocument:
    """Attach a file with its SHA-256; a file of the same type in the same round becomes a new version."""
    current_round = case.rounds.aggregate(n=Max("number"))["n"] or 1
    version = (
        case.documents.filter(doc_type=doc_type, title=title).aggregate(v=Max("version"))["v"] or 0
    ) + 1
    document = CaseDocument(
        case=case,
        doc_type=doc_type,
        title=title or upload.name or "",
        sha256=sha256_of(upload),
        size=upload.size or 0,
        version=version,
        round=current_round,
        uploaded_by=actor,
        original_name=display_name(upload.name or ""),
    )
    document.file.save(upload.name or "", upload, save=False)  # stored under a random name (RandomName)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def completeness_record(*, case: ReviewCase, actor: Any, checklist: dict[str, bool]) -> ReviewCase:
    """Record the completeness checklist; the case is then under (or has passed) the completeness check."""
    if case.status not in (S.INTAKE, S.COMPLETENESS_CHECK):
        raise ValidationError(_("The completeness check is done before the review starts."))
    case.checklist = {item: bool(checklist.get(item)) for item in CHECKLIST_ITEMS}
    case.status = S.COMPLETENESS_CHECK
    case.save(update_fields=["checklist", "status", "updated_at"])
    return case


def checklist_complete(case: ReviewCase) -> bool:
    return all(case.checklist.get(item) for item in CHECKLIST_ITEMS)


@transaction.atomic
def experts_assign(*, case: ReviewCase, actor: Any, lead: Any, members: list[Any]) -> ReviewCase:
    """The head assigns a lead expert and members; the first assignment starts the review (round 1)."""
    if case.status in (S.ISSUED, S.CLOSED):
        raise ValidationError(
            _("The opinion on this case has been issued; experts can no longer be changed.")
        )
    if case.status in (S.INTAKE, S.COMPLETENESS_CHECK) and not checklist_complete(case):
        raise ValidationError(_("Complete the completeness check before assigning experts."))
    wanted = {lead.pk: Assignment.Role.LEAD}
    for member in members:
        wanted.setdefault(member.pk, Assignment.Role.MEMBER)
    existing = {a.expert_id: a for a in case.assignments.all()}
    told: list[Assignment] = []  # new assignments and changed roles: the expert hears of them
    for expert_id, assignment in existing.items():
        if expert_id not in wanted:
            assignment.delete()
        elif assignment.role != wanted[expert_id]:
            assignment.role = wanted[expert_id]
            assignment.save(update_fields=["role", "updated_at"])
            told.append(assignment)
    for expert_id, role in wanted.items():
        if expert_id not in existing:
            told.append(
                Assignment.objects.create(case=case, expert_id=expert_id, role=role, assigned_by=actor)
            )
    if case.status in (S.INTAKE, S.COMPLETENESS_CHECK):
        case.status = S.IN_REVIEW
        case.save(update_fields=["status", "updated_at"])
        RemarkRound.objects.get_or_create(case=case, number=1, defaults={"opened_at": timezone.now()})
    case.__dict__.pop("_assigned_ids", None)
    for assignment in told:
        notify(
            recipients=[assignment.expert],
            title=texts.msg(
                "You are assigned to expertise case %(number)s as %(role)s",
                number=case.number,
                role=texts.choice(assignment, "role"),
            ),
            body=texts.msg(
                "%(title)s. Review deadline: %(deadline)s.",
                title=case.title,
                deadline=texts.date(case.deadline),
            )
            if case.deadline
            else texts.msg("%(title)s.", title=case.title),
            url=case.get_absolute_url(),
        )
    return case


def current_round(case: ReviewCase) -> RemarkRound | None:
    return case.rounds.order_by("-number").first()


@transaction.atomic
def remark_add(*, case: ReviewCase, actor: Any, section: str, severity: str, text: str) -> Remark:
    """Add a remark to the case's open round."""
    round_ = current_round(case)
    if round_ is None or round_.closed_at is not None or case.status != S.IN_REVIEW:
        raise ValidationError(_("Remarks are added while the case is in review."))
    remark = Remark(round=round_, section=section, severity=severity, text=text, author=actor)
    remark.full_clean()
    remark.save()
    return remark


@transaction.atomic
def remark_update(*, remark: Remark, actor: Any, initiator_response: str, resolved: bool) -> Remark:
    """Record the initiator's response and whether the remark is resolved (remarks of closed rounds are kept as they were)."""
    if RemarkRound.objects.filter(pk=remark.round_id, closed_at__isnull=False).exists():
        raise ValidationError(_("This round is closed; its remarks are kept as they were."))
    remark.initiator_response = initiator_response
    remark.resolved = resolved
    remark.full_clean()
    remark.save(update_fields=["initiator_response", "resolved", "updated_at"])
    return remark


@transaction.atomic
def remark_respond(*, remark: Remark, actor: Any, response: str) -> Remark:
    """The applicant's response to a remark of the case's latest round, while the case is in review or returned
    for revision (a resubmission carries unresolved remarks, with their responses, into the new round)."""
    case = remark.round.case
    if case.status not in (S.IN_REVIEW, S.RETURNED):
        raise ValidationError(_("Responses are given while the case is in review or returned for revision."))
    latest = current_round(case)
    if latest is None or latest.pk != remark.round_id:
        raise ValidationError(_("Only remarks of the current round can be answered."))
    if remark.resolved:
        raise ValidationError(_("This remark is already resolved."))
    text = response.strip()
    if not text:
        raise ValidationError({"initiator_response": _("Write the response.")})
    remark.initiator_response = text
    remark.full_clean()
    remark.save(update_fields=["initiator_response", "updated_at"])
    return remark


@transaction.atomic
def case_return_for_revision(*, case: ReviewCase, actor: Any) -> ReviewCase:
    """Send the remarks to the initiator: the round closes and the deadline clock stops."""
    if case.status != S.IN_REVIEW:
        raise ValidationError(_("Only a case in review can be returned for revision."))
    round_ = current_round(case)
    if round_ is None or not round_.remarks.filter(resolved=False).exists():
        raise ValidationError(_("Add at least one open remark before returning the case."))
    round_.closed_at = timezone.now()
    round_.save(update_fields=["closed_at", "updated_at"])
    case.status = S.RETURNED
    case.paused_since = timezone.localdate()
    case.save(update_fields=["status", "paused_since", "updated_at"])
    return case


@transaction.atomic
def case_resubmit(*, case: ReviewCase, actor: Any, on: date | None = None) -> RemarkRound:
    """Revised documents are back: the clock restarts (deadline extended by the pause) and a new round
    opens carrying over every unresolved remark of the previous one."""
    if case.status != S.RETURNED:
        raise ValidationError(_("Only a case returned for revision can be resubmitted."))
    today = on or timezone.localdate()
    previous = current_round(case)
    assert previous is not None
    case.paused_days += working_days_between(case.paused_since or today, today)
    case.paused_since = None
    case.status = S.IN_REVIEW
    case.deadline = case_deadline(case)
    case.save(update_fields=["paused_days", "paused_since", "status", "deadline", "updated_at"])
    new_round = RemarkRound.objects.create(case=case, number=previous.number + 1, opened_at=timezone.now())
    bulk_create_with_history(
        [
            Remark(
                round=new_round,
                section=r.section,
                severity=r.severity,
                text=r.text,
                initiator_response=r.initiator_response,
                carried_from=r,
                author=r.author,
            )
            for r in previous.remarks.filter(resolved=False)
        ],
        Remark,
    )
    return new_round
