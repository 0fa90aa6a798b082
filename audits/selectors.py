"""Reads of the audit pages: user-scoped (audits.permissions), filtered, prefetched so that query counts stay
flat however many audits, answers, evidence rows or findings there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, ForeignKey, Prefetch, Q, QuerySet

from audits import scoring
from audits.models import (
    Audit,
    AuditProgramme,
    AuditTeamMember,
    ChecklistAnswer,
    DocumentRequest,
    Evidence,
)
from audits.permissions import audits_visible_to, can_lead, can_work_on, reads_working_papers
from pmis.accounts import roles
from pmis.core.history import _TYPE_LABELS, FieldChange, HistoryRow, _display, _label
from pmis.core.texts import render

AUDIT_SORTS: dict[str, tuple[str, ...]] = {
    "number": ("number",),
    "-number": ("-number",),
    "start": ("planned_start",),
    "-start": ("-planned_start",),
    "status": ("status",),
    "-status": ("-status",),
    "project": ("project__code",),
    "-project": ("-project__code",),
    "score": ("score",),
    "-score": ("-score",),
}
DEFAULT_SORT = "-start"


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def audit_list(user: Any, params: dict[str, str]) -> QuerySet[Audit]:
    """The audits the user sees, filtered by status, programme year, programme, direction, department, lead
    auditor and "mine" (the user's team), searched by audit number and project code or title, sorted."""
    qs = audits_visible_to(user).select_related(
        "project", "project__direction", "project__department", "programme", "lead"
    )
    if params.get("status") in Audit.Status.values:
        qs = qs.filter(status=params["status"])
    for key, lookup in (
        ("year", "programme__year"),
        ("programme", "programme_id"),
        ("direction", "project__direction_id"),
        ("department", "project__department_id"),
        ("lead", "lead_id"),
    ):
        value = _int(params.get(key))
        if value is not None:
            qs = qs.filter(**{lookup: value})
    if params.get("mine") and user.is_authenticated:
        qs = qs.filter(Q(lead=user) | Q(pk__in=AuditTeamMember.objects.filter(user=user).values("audit_id")))
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(project__code__icontains=q)
            | Q(project__title_ru__icontains=q)
            | Q(project__title_kk__icontains=q)
            | Q(project__title_en__icontains=q)
        )
    qs = qs.annotate(
        answered=Count("answers", filter=~Q(answers__result=""), distinct=True),
        items=Count("answers", distinct=True),
    )
    sort = AUDIT_SORTS.get(params.get("sort") or "", AUDIT_SORTS[DEFAULT_SORT])
    return qs.order_by(*sort, "-id")


def list_filters() -> dict[str, Any]:
    """The options of the list's filters (a fixed number of queries)."""
    from pmis.accounts.models import Organization, User
    from pmis.reference.models import Direction

    return {
        "statuses": Audit.Status.choices,
        "programmes": list(AuditProgramme.objects.order_by("-year")),
        "directions": list(Direction.objects.order_by("number")),
        "departments": list(
            Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).order_by("name_ru")
        ),
        "leads": list(
            User.objects.filter(groups__name=roles.AUDITOR, is_active=True).order_by("last_name", "pk")
        ),
        "sorts": AUDIT_SORTS,
    }


@dataclass
class ScoreSummary:
    score: Decimal | None
    rating: str
    answered: int
    applicable: int
    total: int
    bands: list[tuple[Decimal, str, Any]] = field(default_factory=lambda: list(scoring.BANDS))

    @property
    def rating_label(self) -> str:
        return str(dict(Audit.Rating.choices).get(self.rating, ""))


def score_summary(answers: list[ChecklistAnswer]) -> ScoreSummary:
    score = scoring.audit_score((a.item.weight, a.result) for a in answers)
    return ScoreSummary(
        score=score,
        rating=scoring.rating_for(score),
        answered=sum(1 for a in answers if a.result),
        applicable=sum(1 for a in answers if a.result != ChecklistAnswer.Result.NOT_APPLICABLE),
        total=len(answers),
    )


def answers_for_page(audit: Audit) -> list[ChecklistAnswer]:
    """The checklist of the audit with items, who answered, and each answer's evidence: three queries."""
    answers = list(
        audit.answers.select_related("item", "answered_by")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("added_by", "project_document").order_by(
                    "created_at", "id"
                ),
            )
        )
        .order_by("item__number")
    )
    for answer in answers:
        answer.audit = audit
        answer.facts_text = [render(f) for f in answer.precheck_facts or []]  # type: ignore[attr-defined]
    return answers


def audit_detail(user: Any, audit: Audit) -> dict[str, Any]:
    """Everything the audit page shows, each list in one query."""
    papers = reads_working_papers(user, audit)
    work = can_work_on(user, audit)
    team = list(audit.team.select_related("user").order_by("role", "id"))
    audit._team_ids = {audit.lead_id, *(m.user_id for m in team)}  # type: ignore[attr-defined]
    answers = answers_for_page(audit) if papers else []
    context: dict[str, Any] = {
        "team": team,
        "papers": papers,
        "can_work": work,
        "can_lead": can_lead(user, audit) and audit.status in (Audit.Status.PLANNED, Audit.Status.FIELDWORK),
        "requests": list(audit.document_requests.order_by("due_date", "id")) if papers else [],
        "answers": answers,
        "summary": score_summary(answers) if papers else None,
    }
    if work:
        from projects.selectors.audit_facts import project_documents

        context["documents"] = list(project_documents(audit.project)[:200])
    return context


def auditor_choices() -> QuerySet[Any]:
    from pmis.accounts.models import User

    return User.objects.filter(groups__name=roles.AUDITOR, is_active=True).order_by(
        "last_name", "first_name", "pk"
    )


# --- history ------------------------------------------------------------------------------------------------


def _record_order(record: Any) -> tuple[Any, int]:
    return (record.history_date, record.history_id)


def _show(model: Any, name: str, value: Any, fk_cache: dict[tuple[str, Any], str]) -> str:
    if name == "precheck_facts":  # stored sentences: shown in the reader's language
        return "; ".join(render(fact) for fact in value or []) or "—"
    return _display(model, name, value, fk_cache)


def _rows(records: list[Any], model: Any, describe: Any) -> list[HistoryRow]:
    """History rows for the records of several objects of one model (newest first), each diffed against the
    previous record of the same object; `describe(record)` names the object. Foreign keys that changed are
    named with one query per field."""
    by_object: dict[Any, list[Any]] = {}
    for record in records:
        by_object.setdefault(record.id, []).append(record)
    pending: list[tuple[Any, list[Any]]] = []
    fk_ids: dict[str, set[Any]] = {}
    for object_records in by_object.values():
        object_records.sort(key=_record_order)
        previous: Any = None
        for record in object_records:
            changes: list[Any] = []
            if previous is not None and record.history_type == "~":
                changes = [
                    c
                    for c in record.diff_against(previous).changes
                    if c.field not in ("updated_at", "created_at")
                ]
                if not changes:
                    previous = record
                    continue
                for change in changes:
                    field = model._meta.get_field(change.field)
                    if isinstance(field, ForeignKey):
                        fk_ids.setdefault(change.field, set()).update(
                            v for v in (change.old, change.new) if v is not None
                        )
            pending.append((record, changes))
            previous = record
    fk_cache: dict[tuple[str, Any], str] = {}
    for name, ids in fk_ids.items():
        related = model._meta.get_field(name).related_model
        for obj in related._default_manager.filter(pk__in=ids):
            label = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
            fk_cache[(name, obj.pk)] = str(label or obj)
    rows: list[HistoryRow] = []
    for record, changes in pending:
        user = record.history_user
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "",
                action=f"{_TYPE_LABELS.get(record.history_type, record.history_type)} · {describe(record)}",
                reason=record.history_change_reason or "",
                changes=[
                    FieldChange(
                        label=_label(model, c.field),
                        old=_show(model, c.field, c.old, fk_cache),
                        new=_show(model, c.field, c.new, fk_cache),
                    )
                    for c in changes
                ],
            )
        )
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows


def audit_history(audit: Audit, *, papers: bool, limit: int = 500) -> list[HistoryRow]:
    """The audit's history with its team, and (for readers of the working papers) its document requests,
    checklist answers and evidence: one query per kind of row, newest first."""
    from django.utils.translation import gettext as _

    def hist(model: Any) -> Any:
        return model.history.model.objects.select_related("history_user")

    records: list[HistoryRow] = []
    records += _rows(list(hist(Audit).filter(id=audit.pk)[:limit]), Audit, lambda r: _("audit"))
    records += _rows(
        list(hist(AuditTeamMember).filter(audit_id=audit.pk).select_related("user")[:limit]),
        AuditTeamMember,
        lambda r: _("team: %(name)s") % {"name": r.user.get_full_name() or r.user.get_username()},
    )
    if papers:
        records += _rows(
            list(hist(DocumentRequest).filter(audit_id=audit.pk)[:limit]),
            DocumentRequest,
            lambda r: _("document request: %(text)s") % {"text": r.text},
        )
        numbers = dict(audit.answers.values_list("pk", "item__number"))
        records += _rows(
            list(hist(ChecklistAnswer).filter(audit_id=audit.pk)[:limit]),
            ChecklistAnswer,
            lambda r: _("checklist item %(number)s") % {"number": numbers.get(r.id, "?")},
        )
        records += _rows(
            list(hist(Evidence).filter(answer_id__in=list(numbers))[:limit]),
            Evidence,
            lambda r: (
                _("evidence for item %(number)s: %(name)s")
                % {"number": numbers.get(r.answer_id, "?"), "name": r.original_name or r.description}
            ),
        )
    records.sort(key=lambda r: r.when, reverse=True)
    return records[:limit]
