"""Writes on a project itself: creation, details, team, passport versions, gate decisions, stage moves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.accounts import roles
from pmis.core import events
from pmis.core.texts import msg
from pmis.notifications.services import notify
from projects import permissions
from projects.models import GateDecision, PassportVersion, Project, ProjectMember
from projects.services.reports import project_rag_refresh

CODE_PREFIX = "PRJ"

# Stage moves that need no gate decision (LIFECYCLE.md); every other move goes through a gate.
FREE_MOVES: dict[str, str] = {
    Project.Stage.IDEA: Project.Stage.INITIATION,
    Project.Stage.APPROVED: Project.Stage.PLANNING,
    Project.Stage.EXECUTION: Project.Stage.CLOSURE,
}

# gate → (stages it may be taken from, stage a "proceed" leads to)
GATES: dict[str, tuple[tuple[str, ...], str]] = {
    GateDecision.Gate.GATE_1: ((Project.Stage.INITIATION,), Project.Stage.APPROVED),
    GateDecision.Gate.GATE_2: ((Project.Stage.APPROVED, Project.Stage.PLANNING), Project.Stage.EXECUTION),
    GateDecision.Gate.GATE_3: ((Project.Stage.CLOSURE,), Project.Stage.POST_PROJECT),
}


def department_officer_add(*, user: Any, department: Any) -> None:
    """Make the user an editor of every project of the department (through its editor group)."""
    user.groups.add(permissions.department_editors_group(department))
    if hasattr(user, "_perm_cache"):
        del user._perm_cache


def department_officer_remove(*, user: Any, department: Any) -> None:
    user.groups.remove(permissions.department_editors_group(department))


def _next_code(year: int) -> str:
    prefix = f"{CODE_PREFIX}-{year}-"
    last = (
        Project.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{number:05d}"


def _set_search_document(project: Project) -> None:
    project.search_document = project.build_search_document()


@transaction.atomic
def project_create(
    *,
    actor: Any,
    project: Project,
    districts: Iterable[Any] = (),
    sdgs: Iterable[Any] = (),
) -> Project:
    """Save a new project with the next free code (PRJ-<year>-<n>) and grant editing to manager and department."""
    project.full_clean(exclude=["code"])
    year = timezone.localdate().year
    for _attempt in range(5):
        project.code = _next_code(year)
        _set_search_document(project)
        try:
            with transaction.atomic():
                project.save()
            break
        except IntegrityError:
            project.pk = None
            continue
    else:  # pragma: no cover - five concurrent creations in the same instant
        raise ValidationError(_("Could not assign a project code. Please try again."))
    project.districts.set(list(districts))
    project.sdgs.set(list(sdgs))
    permissions.grant_project_editing(project)
    if not permissions.can_edit_project(actor, project):  # whoever registers a project may go on editing it
        permissions.grant_user_editing(actor, project)
    return project


@transaction.atomic
def project_update_details(
    *,
    project: Project,
    actor: Any,
    fields: Iterable[str],
    districts: Iterable[Any] | None = None,
    sdgs: Iterable[Any] | None = None,
) -> Project:
    """Save the changed fields (the form already set them), keep search text and edit rights consistent."""
    fields = [f for f in fields if f not in ("districts", "sdgs")]
    before = Project.objects.filter(pk=project.pk).values("department_id", "manager_id").get()
    project.full_clean()
    _set_search_document(project)
    project.save(update_fields=[*fields, "search_document", "updated_at"])
    if districts is not None:
        project.districts.set(list(districts))
    if sdgs is not None:
        project.sdgs.set(list(sdgs))
    if before["department_id"] != project.department_id:
        from pmis.accounts.models import Organization

        old = Organization.objects.get(pk=before["department_id"])
        permissions.revoke_group_editing(old, project)
        permissions.grant_project_editing(project)
    if before["manager_id"] != project.manager_id:
        if (
            before["manager_id"]
            and not project.memberships.filter(
                user_id=before["manager_id"], role__in=ProjectMember.EDITING_ROLES
            ).exists()
        ):
            from pmis.accounts.models import User

            permissions.revoke_user_editing(User.objects.get(pk=before["manager_id"]), project)
        if project.manager_id:
            permissions.grant_user_editing(project.manager, project)
    if {"planned_finish", "forecast_finish"} & set(fields):  # a milestone past the end turns Red
        project_rag_refresh(project=project)
    if "is_confidential" in fields and project.is_confidential:  # never public: its live version goes now
        from projects.services.publication import publication_withdraw_confidential

        publication_withdraw_confidential(project=project, actor=actor)
    return project


@transaction.atomic
def project_member_add(*, project: Project, user: Any, role: str, actor: Any) -> ProjectMember:
    """Add (or change the role of) a team member; deputies and members get edit rights on the project."""
    membership = ProjectMember.objects.filter(project=project, user=user).first()
    if membership is None:
        membership = ProjectMember(project=project, user=user, role=role)
        membership.full_clean()
        membership.save()
    else:
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role", "updated_at"])
    if role in ProjectMember.EDITING_ROLES:
        permissions.grant_user_editing(user, project)
    elif project.manager_id != user.pk:
        permissions.revoke_user_editing(user, project)
    return membership


@transaction.atomic
def project_member_remove(*, membership: ProjectMember, actor: Any) -> None:
    """Remove a team member and their edit rights (the manager keeps theirs)."""
    project, user = membership.project, membership.user
    membership.delete()
    if project.manager_id != user.pk:
        permissions.revoke_user_editing(user, project)


# Passport


def _latest_passport(project: Project) -> PassportVersion | None:
    return project.passports.order_by("-version").first()


@transaction.atomic
def passport_version_create_draft(*, project: Project, actor: Any) -> PassportVersion:
    """A new draft version, copying the text of the latest version; only one open version at a time."""
    latest = _latest_passport(project)
    if latest is not None and not latest.is_frozen:
        raise ValidationError(
            _("Version %(v)s is still open. Finish it before starting a new one.") % {"v": latest.version}
        )
    draft = PassportVersion(project=project, version=(latest.version + 1) if latest else 1)
    if latest is not None:
        for name in PassportVersion.TEXT_FIELDS:
            setattr(draft, name, getattr(latest, name))
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def passport_version_update(
    *, passport: PassportVersion, actor: Any, fields: Iterable[str]
) -> PassportVersion:
    """Save edited passport text; an approved version is frozen and refuses every change."""
    stored = PassportVersion.objects.select_for_update().get(pk=passport.pk)
    if stored.is_frozen:
        raise ValidationError(_("An approved passport version cannot be changed. Start a new version."))
    fields = [f for f in fields if f in PassportVersion.TEXT_FIELDS]
    passport.full_clean()
    passport.save(update_fields=[*fields, "updated_at"])
    return passport


@transaction.atomic
def passport_version_submit(*, passport: PassportVersion, actor: Any) -> PassportVersion:
    stored = PassportVersion.objects.select_for_update().get(pk=passport.pk)
    if stored.status != PassportVersion.Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted for approval."))
    if not (stored.goals.strip() and stored.expected_results.strip()):
        raise ValidationError(_("Fill in at least the goals and the expected results before submitting."))
    stored.status = PassportVersion.Status.SUBMITTED
    stored.save(update_fields=["status", "updated_at"])
    notify(
        recipients=[u for u in passport_approvers(project=stored.project) if u.pk != actor.pk],
        title=msg(
            "Passport version %(version)s of %(code)s awaits approval",
            version=stored.version,
            code=stored.project.code,
        ),
        url=_passport_url(stored),
    )
    return stored


def passport_approvers(*, project: Project) -> list[Any]:
    """Who acts next on a submitted passport: the Project Office staff and the head of the project's direction
    (both may approve or return it; the Project Office also takes it to the Committee)."""
    from pmis.accounts.models import User

    direction_head = Q(pk=project.direction.head_id) if project.direction.head_id else Q(pk__in=[])
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=roles.PMO_STAFF) | direction_head)
        .distinct()
        .order_by("pk")
    )


def _passport_url(passport: PassportVersion) -> str:
    return reverse("projects:passport", args=[passport.project_id])


def _passport_authors(passport: PassportVersion) -> list[Any]:
    """The project's manager and whoever submitted the version (from its history)."""
    submitted = (
        passport.history.filter(status=PassportVersion.Status.SUBMITTED)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    return [
        u for u in (passport.project.manager, submitted.history_user if submitted else None) if u is not None
    ]


@transaction.atomic
def passport_version_return(*, passport: PassportVersion, actor: Any) -> PassportVersion:
    stored = PassportVersion.objects.select_for_update().get(pk=passport.pk)
    if stored.status != PassportVersion.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted version can be returned to draft."))
    stored.status = PassportVersion.Status.DRAFT
    stored.save(update_fields=["status", "updated_at"])
    notify(
        recipients=[u for u in _passport_authors(stored) if u.pk != actor.pk],
        title=msg(
            "Passport version %(version)s of %(code)s returned for revision",
            version=stored.version,
            code=stored.project.code,
        ),
        url=_passport_url(stored),
        kind="warning",
    )
    return stored


@transaction.atomic
def passport_version_approve(*, passport: PassportVersion, actor: Any) -> PassportVersion:
    """Approve a submitted version; from then on it is frozen."""
    stored = PassportVersion.objects.select_for_update().get(pk=passport.pk)
    if stored.status != PassportVersion.Status.SUBMITTED:
        raise ValidationError(_("Only a version submitted for approval can be approved."))
    stored.status = PassportVersion.Status.APPROVED
    stored.approved_at = timezone.now()
    stored.approved_by = actor
    stored.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    notify(
        recipients=[u for u in _passport_authors(stored) if u.pk != actor.pk],
        title=msg(
            "Passport version %(version)s of %(code)s approved",
            version=stored.version,
            code=stored.project.code,
        ),
        url=_passport_url(stored),
        kind="success",
    )
    return stored


# Stages and gates


def allowed_gates(project: Project) -> list[str]:
    """Gates a decision may be recorded for in the project's current stage."""
    if project.stage == Project.Stage.TERMINATED:
        return []
    if project.stage == Project.Stage.SUSPENDED:
        return list(GATES)
    return [gate for gate, (sources, _target) in GATES.items() if project.stage in sources]


def stage_after_decision(project: Project, gate: str, decision: str) -> str:
    if decision == GateDecision.Decision.HOLD:
        return Project.Stage.SUSPENDED
    if decision == GateDecision.Decision.STOP:
        return Project.Stage.TERMINATED
    return GATES[gate][1]


@transaction.atomic
def gate_decision_record(
    *,
    project: Project,
    actor: Any,
    gate: str,
    decision: str,
    decided_on: Any,
    decided_by_body: str,
    conditions: str = "",
) -> GateDecision:
    """Record a gate decision and move the stage accordingly; a gate cannot be taken from the wrong stage."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if gate not in allowed_gates(project):
        raise ValidationError(
            {
                "gate": _("This gate cannot be decided while the project is at the stage “%(stage)s”.")
                % {"stage": project.get_stage_display()}
            }
        )
    if decision == GateDecision.Decision.PROCEED_WITH_CONDITIONS and not conditions.strip():
        raise ValidationError({"conditions": _("State the conditions of the decision.")})
    record = GateDecision(
        project=project,
        gate=gate,
        decision=decision,
        decided_on=decided_on,
        decided_by_body=decided_by_body,
        conditions=conditions,
        recorded_by=actor,
        stage_before=project.stage,
        stage_after=stage_after_decision(project, gate, decision),
    )
    record.full_clean()
    record.save()
    project.stage = record.stage_after
    project.save(update_fields=["stage", "updated_at"])
    if decision in (GateDecision.Decision.PROCEED, GateDecision.Decision.PROCEED_WITH_CONDITIONS):
        events.send_on_commit(events.gate_passed, "projects", project_id=project.pk, stage=project.stage)
        if project.stage == Project.Stage.POST_PROJECT:
            events.send_on_commit(events.project_closed, "projects", project_id=project.pk)
    return record


def next_free_stage(project: Project) -> str | None:
    return FREE_MOVES.get(project.stage)


@transaction.atomic
def project_stage_advance(*, project: Project, actor: Any) -> Project:
    """Move to the next stage when no gate stands in between (idea→initiation, approved→planning, execution→closure)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    target = next_free_stage(project)
    if target is None:
        raise ValidationError(_("The next stage can only be reached through a gate decision."))
    project.stage = target
    project.save(update_fields=["stage", "updated_at"])
    return project
