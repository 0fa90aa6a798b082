"""The only door to audit objects.

- Auditors (by the role they hold; a superuser's blanket roles do not count, as for expertise cases) run the
  whole function: programme, policy, checklist versions, draws, audits, findings, reports.
- The head of the Project Office (Project Office staff) approves the programme (four eyes: never its owner) and
  reads programmes, policies, draws, issued reports and analytics.
- Working papers (checklist answers, evidence, document requests, drafts) are for auditors only until the
  report is issued (DESIGN.md §4); the project's team then reads the report and its working papers.
  Findings reach the team (and the Project Office) when the draft goes out for the management response.
- A draw's public page needs no account: it shows only project codes of non-confidential projects (a
  confidential project never enters a published population).
Invisible → 404, visible without the permission → 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from audits.models import (
    Audit,
    AuditDraw,
    AuditProgramme,
    AuditReport,
    AuditTeamMember,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistVersion,
    CorrectiveAction,
    DocumentRequest,
    DrawItem,
    Evidence,
    Finding,
    SamplingPolicy,
)
from pmis.accounts import roles
from projects.permissions import project_team_q

# statuses in which the audited team (and the Project Office) read the audit, its findings and the draft
SHARED_STATUSES = (Audit.Status.RESPONSE, Audit.Status.ISSUED)


def is_auditor(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and roles.AUDITOR in roles.role_names(user))


def is_project_office(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and roles.PMO_STAFF in roles.role_names(user))


def sees_audit_function(user: Any) -> bool:
    """Auditors and the Project Office: programme, policy, draws and analytics pages."""
    return is_auditor(user) or is_project_office(user)


def can_approve_programme(user: Any, programme: AuditProgramme) -> bool:
    """The head of the Project Office approves a draft programme; never the programme's own owner."""
    return (
        is_project_office(user)
        and programme.owner_id != user.pk
        and programme.status == programme.Status.DRAFT
    )


def require_auditor(user: Any) -> None:
    if not is_auditor(user):
        raise PermissionDenied


def require_audit_function(user: Any) -> None:
    if not sees_audit_function(user):
        raise PermissionDenied


# --- programme, policy, checklist, draws (not confidential: 403 for those outside the function) ------------


def programmes_visible_to(user: Any) -> QuerySet[AuditProgramme]:
    return AuditProgramme.objects.all() if sees_audit_function(user) else AuditProgramme.objects.none()


def access_programme(user: Any, pk: Any, *, edit: bool = False) -> AuditProgramme:
    require_audit_function(user)
    programme = get_object_or_404(AuditProgramme, pk=pk)
    if edit:
        require_auditor(user)
    return programme


def access_policy(user: Any, pk: Any, *, edit: bool = False) -> SamplingPolicy:
    require_audit_function(user)
    policy = get_object_or_404(SamplingPolicy.objects.select_related("programme", "created_by"), pk=pk)
    if edit:
        require_auditor(user)
    return policy


def access_checklist(user: Any, pk: Any, *, edit: bool = False) -> ChecklistVersion:
    require_audit_function(user)
    version = get_object_or_404(ChecklistVersion, pk=pk)
    if edit:
        require_auditor(user)
    return version


def access_draw(user: Any, pk: Any, *, operate: bool = False) -> AuditDraw:
    require_audit_function(user)
    draw = get_object_or_404(AuditDraw.objects.select_related("programme", "policy"), pk=pk)
    if operate:
        require_auditor(user)
    return draw


def public_draw(number: str) -> AuditDraw:
    """A draw's public page (no sign-in): every draw that exists is public, from its frozen population on."""
    return get_object_or_404(AuditDraw.objects.select_related("programme", "policy"), number=number)


# --- audits and what hangs off them --------------------------------------------------------------------------


def audits_visible_to(user: Any) -> QuerySet[Audit]:
    """Auditors: every audit. The Project Office: audits whose draft went out for response or whose report is
    issued. The project's team: the same, for its own projects. Others: none."""
    if user is None or not user.is_authenticated:
        return Audit.objects.none()
    if is_auditor(user):
        return Audit.objects.all()
    shared = Q(status__in=SHARED_STATUSES)
    if is_project_office(user):
        return Audit.objects.filter(shared)
    return Audit.objects.filter(shared & project_team_q(user, prefix="project__"))


def reads_working_papers(user: Any, audit: Audit) -> bool:
    """Checklist answers, evidence, document requests: auditors; others once the report is issued."""
    return is_auditor(user) or audit.status == Audit.Status.ISSUED


def is_audit_team(user: Any, audit: Audit) -> bool:
    """The audit's own team (lead or member)."""
    cached = getattr(audit, "_team_ids", None)
    if cached is None:
        cached = {audit.lead_id, *audit.team.values_list("user_id", flat=True)}
        audit._team_ids = cached  # type: ignore[attr-defined]
    return user.pk in cached


def can_work_on(user: Any, audit: Audit) -> bool:
    """Answer the checklist, add evidence, record findings: an auditor of the audit's team, before issue."""
    return (
        is_auditor(user)
        and is_audit_team(user, audit)
        and audit.status
        not in (
            Audit.Status.ISSUED,
            Audit.Status.CANCELLED,
        )
    )


def can_lead(user: Any, audit: Audit) -> bool:
    """Schedule, team, notify, send the draft, issue: the lead auditor."""
    return is_auditor(user) and audit.lead_id == user.pk


def access_audit(user: Any, pk: Any, *, perm: str = "view") -> Audit:
    """The only way views get an Audit: 404 if invisible; 403 when `perm` ("work", "lead", "papers") is not held."""
    audit = get_object_or_404(
        audits_visible_to(user).select_related("project", "programme", "draw", "checklist", "lead"), pk=pk
    )
    allowed = {
        "view": True,
        "papers": reads_working_papers(user, audit),
        "work": can_work_on(user, audit),
        "lead": can_lead(user, audit),
    }
    if perm not in allowed:
        raise ValueError(f"Unknown audit permission {perm!r}")
    if not allowed[perm]:
        raise PermissionDenied
    return audit


def findings_visible_to(user: Any) -> QuerySet[Finding]:
    return Finding.objects.filter(audit__in=audits_visible_to(user))


def can_respond(user: Any, audit: Audit) -> bool:
    """The management response: the project's team (not an auditor) while the draft is out for response."""
    if audit.status != Audit.Status.RESPONSE or is_auditor(user):
        return False
    from projects.permissions import projects_visible_to

    return projects_visible_to(user).filter(project_team_q(user), pk=audit.project_id).exists()


def access_finding(user: Any, audit: Audit, pk: Any) -> Finding:
    return get_object_or_404(Finding.objects.select_related("item"), audit=audit, pk=pk)


def actions_visible_to(user: Any) -> QuerySet[CorrectiveAction]:
    """Actions of visible findings, and every action the user owns."""
    if user is None or not user.is_authenticated:
        return CorrectiveAction.objects.none()
    return CorrectiveAction.objects.filter(Q(finding__in=findings_visible_to(user)) | Q(owner=user))


def access_action(user: Any, pk: Any, *, perm: str = "view") -> CorrectiveAction:
    """perm "complete": the action's owner; "verify": an auditor who is not its owner (four eyes)."""
    action = get_object_or_404(
        actions_visible_to(user).select_related(
            "finding", "finding__audit", "finding__audit__project", "owner"
        ),
        pk=pk,
    )
    if perm == "complete" and action.owner_id != user.pk:
        raise PermissionDenied
    if perm == "verify" and (not is_auditor(user) or action.owner_id == user.pk):
        raise PermissionDenied
    if perm not in ("view", "complete", "verify"):
        raise ValueError(f"Unknown action permission {perm!r}")
    return action


def reports_visible_to(user: Any) -> QuerySet[AuditReport]:
    """Auditors: every rendering. Others: the draft once sent for response and the final once issued, of the
    audits they see."""
    if is_auditor(user):
        return AuditReport.objects.all()
    return AuditReport.objects.filter(audit__in=audits_visible_to(user)).exclude(issued_at__isnull=True)


def access_report(user: Any, audit: Audit, pk: Any) -> AuditReport:
    return get_object_or_404(reports_visible_to(user), audit=audit, pk=pk)


# --- programme ---


def access_checklist_item(user: Any, version_pk: Any, pk: Any, *, edit: bool = False) -> ChecklistItem:
    """An item of a checklist version, through the version's door (edit: auditors)."""
    version = access_checklist(user, version_pk, edit=edit)
    return get_object_or_404(ChecklistItem.objects.select_related("version"), version=version, pk=pk)


# --- fieldwork -----------------------------------------------------------------------------------------------


def can_start_audit(user: Any) -> bool:
    """Open an audit (of a drawn project, or ad hoc): an auditor."""
    return is_auditor(user)


def access_draw_item(user: Any, pk: Any) -> DrawItem:
    """A drawn project to open an audit of: auditors only (403 for others in the function, 404 unknown)."""
    require_auditor(user)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(DrawItem.objects.select_related("draw", "draw__programme", "project"), pk=pk)


def access_answer(user: Any, audit: Audit, pk: Any, *, perm: str = "papers") -> ChecklistAnswer:
    """A checklist answer of an audit the caller already passed `access_audit` for; "papers" to read it,
    "work" to change it (the audit's team, before issue)."""
    answer = get_object_or_404(ChecklistAnswer.objects.select_related("item"), audit=audit, pk=pk)
    answer.audit = audit
    allowed = {"papers": reads_working_papers(user, audit), "work": can_work_on(user, audit)}
    if perm not in allowed:
        raise ValueError(f"Unknown answer permission {perm!r}")
    if not allowed[perm]:
        raise PermissionDenied
    return answer


def access_evidence(user: Any, audit: Audit, pk: Any, *, perm: str = "papers") -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.select_related("answer", "project_document"), answer__audit=audit, pk=pk
    )
    evidence.answer.audit = audit
    allowed = {"papers": reads_working_papers(user, audit), "work": can_work_on(user, audit)}
    if perm not in allowed:
        raise ValueError(f"Unknown evidence permission {perm!r}")
    if not allowed[perm]:
        raise PermissionDenied
    return evidence


def access_document_request(user: Any, audit: Audit, pk: Any) -> DocumentRequest:
    """A document request, to change it: the audit's team before issue."""
    row = get_object_or_404(DocumentRequest, audit=audit, pk=pk)
    row.audit = audit
    if not can_work_on(user, audit):
        raise PermissionDenied
    return row


def access_team_member(user: Any, audit: Audit, pk: Any) -> AuditTeamMember:
    """A team row, to remove it: the lead auditor."""
    member = get_object_or_404(AuditTeamMember.objects.select_related("user"), audit=audit, pk=pk)
    if not can_lead(user, audit):
        raise PermissionDenied
    return member


# --- findings ---------------------------------------------------------------------------------------------


def can_add_action(user: Any, audit: Audit) -> bool:
    """Propose a corrective action: the audit's auditors before issue, the project's team during the response."""
    return can_work_on(user, audit) or can_respond(user, audit)


def can_follow_up(user: Any, audit: Audit) -> bool:
    """Accept a minor finding's response and follow the actions up: an auditor of the audit's team, once the
    draft is out for response (and after issue)."""
    return is_auditor(user) and audit.status in SHARED_STATUSES and is_audit_team(user, audit)


def sees_corrective_actions(user: Any) -> bool:
    """The "Corrective actions" page: auditors, and anyone who owns an action."""
    if user is None or not user.is_authenticated:
        return False
    return is_auditor(user) or CorrectiveAction.objects.filter(owner=user).exists()


def require_corrective_actions(user: Any) -> None:
    if not sees_corrective_actions(user):
        raise PermissionDenied


def access_finding_edit(user: Any, audit: Audit, pk: Any, *, perm: str = "view") -> Finding:
    """A finding of an audit the user already got through `access_audit`; perm "work" (edit: an auditor of the
    team before issue), "respond" (the project's team during the response), "follow_up" (accept a response)."""
    finding = access_finding(user, audit, pk)
    checks: dict[str, Callable[[Any, Audit], bool]] = {
        "view": lambda user, audit: True,
        "work": can_work_on,
        "respond": can_respond,
        "follow_up": can_follow_up,
        "add_action": can_add_action,
    }
    if perm not in checks:
        raise ValueError(f"Unknown finding permission {perm!r}")
    if not checks[perm](user, audit):
        raise PermissionDenied
    return finding


def overdue_critical_findings_visible_to(user: Any, *, today: Any) -> QuerySet[Finding]:
    """Open critical findings of visible audits with an overdue open action or an overdue response."""
    from django.db.models import Exists, OuterRef

    overdue_action = CorrectiveAction.objects.filter(
        finding=OuterRef("pk"),
        status=CorrectiveAction.Status.OPEN,
        due_date__lt=today,
    )
    response_overdue = Q(audit__status=Audit.Status.RESPONSE, management_response="") & (
        Q(response_due__lt=today) | Q(response_due__isnull=True, audit__response_due__lt=today)
    )
    return findings_visible_to(user).filter(
        Q(Exists(overdue_action)) | response_overdue,
        severity=Finding.Severity.CRITICAL,
        status=Finding.Status.OPEN,
    )
