"""Fieldwork writes: start an audit (team with conflict-of-interest declarations, the checklist version in use,
one answer per item with its pre-check), team and schedule changes, the move to fieldwork, the project team's
notification, document requests, checklist answers and evidence. Every write keeps history.

Items of the checklist that apply only to another project type (`applies_to`) still get an answer row, set to
"not applicable" at the start with a line saying why: the checklist reads the same for every audit of a version,
the score leaves them out, and such an answer can only stay "not applicable".
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from audits import prechecks
from audits.models import (
    Audit,
    AuditDraw,
    AuditProgramme,
    AuditTeamMember,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistVersion,
    DocumentRequest,
    DrawItem,
    Evidence,
)
from pmis.accounts import roles
from pmis.core.texts import msg
from pmis.notifications.services import notify
from projects.permissions import conflicts_of_interest
from projects.selectors.audit_facts import project_contacts
from projects.services.documents import inspect_upload

if TYPE_CHECKING:
    from projects.models import Document, Project

Status = Audit.Status
Result = ChecklistAnswer.Result
Precheck = ChecklistAnswer.Precheck

CLOSED = (Status.ISSUED, Status.CANCELLED)
# the statuses in which the schedule, the team and the pre-checks may still change
BEFORE_REPORT = (Status.PLANNED, Status.FIELDWORK)

CONFLICT_REASONS = {
    "department": gettext_lazy("the project belongs to their own department"),
    "manages": gettext_lazy("they manage or curate the project"),
    "member": gettext_lazy("they are a member of the project's team"),
}


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _require_open(audit: Audit) -> None:
    if audit.status in CLOSED:
        raise ValidationError(
            _("The audit is %(status)s: its working papers can no longer change.")
            % {"status": audit.get_status_display().lower()}
        )


def _require_before_report(audit: Audit) -> None:
    if audit.status not in BEFORE_REPORT:
        raise ValidationError(
            _("The audit is %(status)s: the team, the schedule and the pre-checks no longer change.")
            % {"status": audit.get_status_display().lower()}
        )


def check_auditors(people: Iterable[Any], project: Project) -> None:
    """Every person named holds the auditor role and has no conflict of interest with the project; otherwise a
    ValidationError naming each person and why."""
    problems = []
    for person in people:
        if roles.AUDITOR not in roles.role_names(person):
            problems.append(_("%(name)s does not hold the auditor role.") % {"name": _name(person)})
            continue
        reasons = conflicts_of_interest(person, project)
        if reasons:
            problems.append(
                _("%(name)s may not audit %(project)s: %(reasons)s.")
                % {
                    "name": _name(person),
                    "project": project.code,
                    "reasons": "; ".join(str(CONFLICT_REASONS.get(r, r)) for r in reasons),
                }
            )
    if problems:
        raise ValidationError(problems)


def current_checklist() -> ChecklistVersion:
    version = (
        ChecklistVersion.objects.filter(status=ChecklistVersion.Status.ACTIVE).order_by("-version").first()
    )
    if version is None:
        raise ValidationError(_("No checklist version is in use: publish one first."))
    return version


def next_number(year: int) -> str:
    prefix = f"AUD-{year}-"
    last = 0
    for number in Audit.objects.filter(number__startswith=prefix).values_list("number", flat=True):
        match = re.fullmatch(rf"{re.escape(prefix)}(\d+)", number)
        if match:
            last = max(last, int(match.group(1)))
    return f"{prefix}{last + 1:03d}"


def _answer_rows(audit: Audit, items: Iterable[ChecklistItem]) -> list[ChecklistAnswer]:
    rows = []
    for item in items:
        answer = ChecklistAnswer(audit=audit, item=item)
        if item.applies_to and item.applies_to != audit.project.project_type:
            types = type(audit.project).Type
            answer.result = Result.NOT_APPLICABLE
            answer.precheck_status = Precheck.NOT_CHECKED
            answer.precheck_facts = [
                msg(
                    "Applies only to projects of type %(type)s.",
                    type=types(item.applies_to).label if item.applies_to in types.values else item.applies_to,
                ).as_json()
            ]
        else:
            answer.precheck_status, answer.precheck_facts = prechecks.run(
                item.precheck, audit.project, audit.cutoff_date
            )
        rows.append(answer)
    return rows


def item_applies(item: ChecklistItem, project: Project) -> bool:
    return not item.applies_to or item.applies_to == project.project_type


@transaction.atomic
def audit_start(
    *,
    actor: Any,
    project: Project,
    programme: AuditProgramme,
    lead: Any,
    members: Iterable[Any] = (),
    cutoff_date: datetime.date,
    planned_start: datetime.date,
    planned_finish: datetime.date,
    scope: str = "",
    declared: bool,
    draw_item: DrawItem | None = None,
) -> Audit:
    """Open an audit of a drawn project (or an ad-hoc one without a draw). Refused, with nothing written, when
    an auditor named has a conflict of interest, the declaration is not confirmed, the drawn project already has
    an audit, or the dates do not fit."""
    members = [m for m in members if m.pk != lead.pk]
    if not declared:
        raise ValidationError(
            {"declared": _("Each auditor of the team must confirm the conflict-of-interest declaration.")}
        )
    check_auditors([lead, *members], project)
    draw: AuditDraw | None = None
    if draw_item is not None:
        draw = draw_item.draw
        if draw.status != AuditDraw.Status.DRAWN:
            raise ValidationError(_("The draw is not complete yet."))
        if draw_item.project_id != project.pk:
            raise ValidationError(_("The project is not the one drawn."))
        existing = (
            Audit.objects.select_for_update()
            .filter(draw=draw, project=project)
            .exclude(status=Status.CANCELLED)
            .first()
        )
        if existing is not None:
            raise ValidationError(
                _("The drawn project already has an audit: %(number)s.") % {"number": existing.number}
            )
    if planned_finish < planned_start:
        raise ValidationError({"planned_finish": _("The fieldwork cannot end before it starts.")})
    checklist = current_checklist()
    AuditProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    audit = Audit(
        number=next_number(programme.year),
        programme=programme,
        draw=draw,
        project=project,
        checklist=checklist,
        lead=lead,
        cutoff_date=cutoff_date,
        planned_start=planned_start,
        planned_finish=planned_finish,
        scope=scope,
        created_by=actor,
    )
    audit.full_clean()
    audit._history_user = actor
    audit.save()
    now = timezone.now()
    team = [
        AuditTeamMember(audit=audit, user=person, role=role, declared_at=now)
        for person, role in [(lead, AuditTeamMember.Role.LEAD)]
        + [(m, AuditTeamMember.Role.MEMBER) for m in members]
    ]
    bulk_create_with_history(team, AuditTeamMember, default_user=actor)
    items = list(checklist.items.order_by("number"))
    bulk_create_with_history(_answer_rows(audit, items), ChecklistAnswer, default_user=actor)
    return audit


@transaction.atomic
def team_add(*, audit: Audit, actor: Any, user: Any, declared: bool) -> AuditTeamMember:
    _require_before_report(audit)
    if not declared:
        raise ValidationError(
            {"declared": _("The auditor must confirm the conflict-of-interest declaration.")}
        )
    if audit.team.filter(user=user).exists():
        raise ValidationError(_("%(name)s is already in the team.") % {"name": _name(user)})
    check_auditors([user], audit.project)
    member = AuditTeamMember(
        audit=audit, user=user, role=AuditTeamMember.Role.MEMBER, declared_at=timezone.now()
    )
    member.full_clean()
    member._history_user = actor
    member.save()
    return member


@transaction.atomic
def team_remove(*, audit: Audit, actor: Any, member: AuditTeamMember) -> None:
    _require_before_report(audit)
    if member.audit_id != audit.pk:
        raise ValidationError(_("This person is not in the audit's team."))
    if member.role == AuditTeamMember.Role.LEAD or member.user_id == audit.lead_id:
        raise ValidationError(_("The lead auditor cannot be removed from the team."))
    member._history_user = actor
    member.delete()


@transaction.atomic
def schedule_update(
    *,
    audit: Audit,
    actor: Any,
    cutoff_date: datetime.date,
    planned_start: datetime.date,
    planned_finish: datetime.date,
    scope: str,
) -> Audit:
    _require_before_report(audit)
    if planned_finish < planned_start:
        raise ValidationError({"planned_finish": _("The fieldwork cannot end before it starts.")})
    cutoff_changed = cutoff_date != audit.cutoff_date
    audit.cutoff_date, audit.planned_start, audit.planned_finish, audit.scope = (
        cutoff_date,
        planned_start,
        planned_finish,
        scope,
    )
    audit.full_clean()
    audit._history_user = actor
    audit.save()
    if cutoff_changed:
        _recompute(audit, actor)
    return audit


@transaction.atomic
def fieldwork_start(*, audit: Audit, actor: Any) -> Audit:
    if audit.status != Status.PLANNED:
        raise ValidationError(_("Only a planned audit moves to fieldwork."))
    audit.status = Status.FIELDWORK
    audit._history_user = actor
    audit.save()
    return audit


@transaction.atomic
def team_notify(*, audit: Audit, actor: Any) -> int:
    """Tell the project's manager, curator and department officers that the audit is coming (in-app, in each
    reader's language); returns how many were notified."""
    _require_open(audit)
    recipients = project_contacts(audit.project)
    if not recipients:
        raise ValidationError(_("The project has no manager, curator or department officer to notify."))
    sent = notify(
        recipients=recipients,
        title=msg("Audit %(number)s of project %(code)s", number=audit.number, code=audit.project.code),
        body=msg(
            "Fieldwork from %(start)s to %(finish)s, data as of %(cutoff)s. The lead auditor will send the "
            "list of documents requested.",
            start=audit.planned_start,
            finish=audit.planned_finish,
            cutoff=audit.cutoff_date,
        ),
        url=audit.project.get_absolute_url(),
    )
    audit.team_notified_at = timezone.now()
    audit._history_user = actor
    audit.save()
    return sent


@transaction.atomic
def request_add(*, audit: Audit, actor: Any, text: str, due_date: datetime.date) -> DocumentRequest:
    _require_open(audit)
    row = DocumentRequest(audit=audit, text=text.strip(), due_date=due_date)
    row.full_clean()
    row._history_user = actor
    row.save()
    return row


@transaction.atomic
def request_update(
    *,
    request_row: DocumentRequest,
    actor: Any,
    status: str,
    note: str = "",
    due_date: datetime.date | None = None,
) -> DocumentRequest:
    _require_open(request_row.audit)
    if status not in DocumentRequest.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status == DocumentRequest.Status.NOT_PROVIDED and not note.strip():
        raise ValidationError({"note": _("Say what was not provided and why.")})
    request_row.status = status
    request_row.note = note.strip()
    if due_date is not None:
        request_row.due_date = due_date
    request_row.full_clean()
    request_row._history_user = actor
    request_row.save()
    return request_row


def contradicts(precheck_status: str, result: str) -> bool:
    """An answer that says the opposite of a computed pre-check: passed but (partially) non-compliant, or
    failed but compliant."""
    if precheck_status == Precheck.PASSED:
        return result in (Result.PARTIAL, Result.NON_COMPLIANT)
    if precheck_status == Precheck.FAILED:
        return result == Result.COMPLIANT
    return False


@transaction.atomic
def answer_save(
    *, answer: ChecklistAnswer, actor: Any, result: str, comment: str = "", override_reason: str = ""
) -> ChecklistAnswer:
    """Answer one item. An answer agreeing with a passed or failed pre-check confirms it; one contradicting it
    overrides it and needs a reason. Refused once the audit is issued or cancelled."""
    audit = answer.audit
    if audit.status in CLOSED:
        raise ValidationError(
            _("The audit is %(status)s: its checklist answers can no longer change.")
            % {"status": audit.get_status_display().lower()}
        )
    if result not in Result.values:
        raise ValidationError({"result": _("Choose an answer from the list.")})
    if not item_applies(answer.item, audit.project) and result != Result.NOT_APPLICABLE:
        raise ValidationError({"result": _("This item does not apply to the project's type.")})
    override = contradicts(answer.precheck_status, result)
    if override and not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": _(
                    "The answer contradicts the pre-check (%(precheck)s): give the reason for overriding it."
                )
                % {"precheck": answer.get_precheck_status_display().lower()}
            }
        )
    answer.result = result
    answer.comment = comment.strip()
    answer.override_reason = override_reason.strip() if override else ""
    answer.precheck_confirmed = (
        answer.precheck_status in (Precheck.PASSED, Precheck.FAILED)
        and result != Result.NOT_APPLICABLE
        and not override
    )
    answer.answered_by = actor
    answer.answered_at = timezone.now()
    answer.full_clean()
    answer._history_user = actor
    answer.save()
    return answer


def _recompute(audit: Audit, actor: Any) -> int:
    changed = []
    for answer in audit.answers.select_related("item").order_by("item__number"):
        if not item_applies(answer.item, audit.project):
            continue
        status, facts = prechecks.run(answer.item.precheck, audit.project, audit.cutoff_date)
        if (status, facts) == (answer.precheck_status, answer.precheck_facts):
            continue
        if status != answer.precheck_status:
            answer.precheck_confirmed = False
            if answer.result and not contradicts(status, answer.result):
                answer.override_reason = ""
        answer.precheck_status, answer.precheck_facts = status, facts
        changed.append(answer)
    if changed:
        bulk_update_with_history(
            changed,
            ChecklistAnswer,
            ["precheck_status", "precheck_facts", "precheck_confirmed", "override_reason", "updated_at"],
            default_user=actor,
        )
    return len(changed)


@transaction.atomic
def prechecks_recompute(*, audit: Audit, actor: Any) -> int:
    """Compute every pre-check again at the cut-off date (while planned or in fieldwork); an answer whose
    pre-check changed loses its confirmation. Returns how many answers changed."""
    _require_before_report(audit)
    return _recompute(audit, actor)


def _safe_name(name: str) -> str:
    """The uploaded file's own name, without folders and characters a file system or a header dislikes."""
    base = PurePath(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f<>:\"/\\|?*]", "_", base).strip(" .")
    return base[:200] or "file"


@transaction.atomic
def evidence_upload(
    *, answer: ChecklistAnswer, actor: Any, uploaded_file: Any, description: str = ""
) -> Evidence:
    """Attach an uploaded file: the same checks as every upload (size, type, content), SHA-256 kept."""
    _require_open(answer.audit)
    extension, _content_type, sha256, size = inspect_upload(uploaded_file)
    evidence = Evidence(
        answer=answer,
        original_name=_safe_name(uploaded_file.name or ""),
        sha256=sha256,
        size=size,
        description=description.strip(),
        added_by=actor,
    )
    evidence.file.save(f"{uuid.uuid4().hex}{extension}", File(uploaded_file), save=False)
    try:
        evidence.full_clean()
    except ValidationError:
        evidence.file.delete(save=False)
        raise
    evidence._history_user = actor
    evidence.save()
    return evidence


@transaction.atomic
def evidence_link(
    *, answer: ChecklistAnswer, actor: Any, document: Document, description: str = ""
) -> Evidence:
    """Cite a document of the project's register (by reference, its SHA-256 kept as it was)."""
    _require_open(answer.audit)
    if document.project_id != answer.audit.project_id:
        raise ValidationError({"document": _("The document belongs to another project.")})
    if answer.evidence.filter(project_document=document).exists():
        raise ValidationError({"document": _("This document is already cited for the item.")})
    evidence = Evidence(
        answer=answer,
        project_document=document,
        original_name=document.original_name,
        sha256=document.sha256,
        size=document.size,
        description=description.strip() or document.title,
        added_by=actor,
    )
    evidence.full_clean()
    evidence._history_user = actor
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: Any) -> None:
    _require_open(evidence.answer.audit)
    evidence._history_user = actor
    evidence.delete()
