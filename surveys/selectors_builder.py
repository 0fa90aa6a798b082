"""Reads of the builder: the survey list (annotated counts, flat queries), a version's questions for the
detail page, the versions table and the survey's combined history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from pmis.core.history import HistoryRow, history_rows
from surveys import permissions
from surveys.models import Choice, Question, Response, Section, Survey, SurveyVersion
from surveys.models.builder import LANGUAGES

SORTS: dict[str, tuple[str, ...]] = {
    "": ("-created_at",),
    "created": ("created_at",),
    "title": ("title_ru",),
    "-title": ("-title_ru",),
    "status": ("status", "-created_at"),
    "-responses": ("-response_count", "-created_at"),
}


def _count(model: Any, **filters: Any) -> Any:
    """A correlated count (no join fan-out between versions and responses)."""
    return Coalesce(
        Subquery(
            model.objects.filter(survey=OuterRef("pk"), **filters)
            .order_by()
            .values("survey")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def survey_list(user: Any, params: Mapping[str, Any]) -> QuerySet[Survey]:
    """The surveys the reader sees, filtered (audience, subject, status, mine), searched in the titles in the
    three languages, sorted; each with its versions and responses counted."""
    qs = (
        permissions.surveys_visible_to(user)
        .filter(is_template=False)
        .select_related("owner")
        .annotate(version_count=_count(SurveyVersion), response_count=_count(Response))
    )
    for name in ("audience", "subject", "status"):
        if params.get(name):
            qs = qs.filter(**{name: params[name]})
    if params.get("mine"):
        qs = qs.filter(pk__in=permissions.owned_surveys(user).values("pk"))
    text = (params.get("q") or "").strip()
    if text:
        qs = qs.filter(
            Q(title_ru__icontains=text) | Q(title_kk__icontains=text) | Q(title_en__icontains=text)
        )
    return qs.order_by(*SORTS.get(params.get("sort") or "", SORTS[""]), "-pk")


@dataclass
class VersionRow:
    version: SurveyVersion
    answers: int
    note: str


def version_rows(survey: Survey) -> list[VersionRow]:
    from surveys.services.builder import unanswered_copy_note

    versions = (
        survey.versions.select_related("created_by").annotate(answers=Count("responses")).order_by("-number")
    )
    return [VersionRow(v, v.answers, unanswered_copy_note(v)) for v in versions]


@dataclass
class QuestionRow:
    question: Question
    choices: list[Choice]
    condition_key: str = ""


@dataclass
class SectionRow:
    section: Section
    questions: list[QuestionRow] = field(default_factory=list)


def version_outline(version: SurveyVersion) -> list[SectionRow]:
    """The version's sections with their questions and choices, in order (three queries)."""
    sections = list(
        version.sections.order_by("order", "pk").prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.select_related("condition_question")
                .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("order", "pk")))
                .order_by("order", "pk"),
            )
        )
    )
    rows = []
    for section in sections:
        row = SectionRow(section)
        for q in section.questions.all():
            cond = q.condition_question.key if q.condition_question else ""
            row.questions.append(QuestionRow(q, list(q.choices.all()), cond))
        rows.append(row)
    return rows


@dataclass
class CombinedRow:
    """A history row with what it is about (the survey, a version, a section, a question, a choice)."""

    subject: str
    row: HistoryRow


def _child_rows(model: Any, records: QuerySet[Any], describe: Any) -> list[CombinedRow]:
    """Rows for the historical records of a survey's child objects (created / changed / deleted)."""
    from pmis.core.history import _TYPE_LABELS, FieldChange

    out: list[CombinedRow] = []
    previous: dict[int, Any] = {}
    for record in records.select_related("history_user").order_by("history_date", "history_id"):
        changes: list[FieldChange] = []
        before = previous.get(record.id)
        if before is not None and record.history_type == "~":
            for change in record.diff_against(before).changes:
                if change.field in ("updated_at", "created_at"):
                    continue
                try:
                    label = str(model._meta.get_field(change.field).verbose_name)
                except Exception:
                    label = change.field
                changes.append(FieldChange(label=label, old=_plain(change.old), new=_plain(change.new)))
            if not changes:
                previous[record.id] = record
                continue
        previous[record.id] = record
        user = record.history_user
        out.append(
            CombinedRow(
                subject=describe(record),
                row=HistoryRow(
                    when=record.history_date,
                    who=(user.get_full_name() or user.get_username()) if user else _("system"),
                    action=str(_TYPE_LABELS.get(record.history_type, record.history_type)),
                    reason=record.history_change_reason or "",
                    changes=changes,
                ),
            )
        )
    return out


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def survey_history(survey: Survey, *, limit: int = 300) -> list[CombinedRow]:
    """The survey's changes and those of its versions, sections, questions and choices (deleted ones too),
    newest first, each with who and when."""
    rows = [CombinedRow(subject=_("Survey"), row=r) for r in history_rows(survey)]
    version_ids = list(
        SurveyVersion.history.filter(survey_id=survey.pk).values_list("id", flat=True).distinct()
    )
    numbers = dict(SurveyVersion.history.filter(id__in=version_ids).values_list("id", "number"))
    rows += _child_rows(
        SurveyVersion,
        SurveyVersion.history.filter(id__in=version_ids),
        lambda r: _("Version %(number)s") % {"number": r.number},
    )
    rows += _child_rows(
        Section,
        Section.history.filter(version_id__in=version_ids),
        lambda r: (
            _("Version %(number)s, section “%(title)s”")
            % {"number": numbers.get(r.version_id, "?"), "title": r.title_ru}
        ),
    )
    question_ids = list(
        Question.history.filter(version_id__in=version_ids).values_list("id", flat=True).distinct()
    )
    rows += _child_rows(
        Question,
        Question.history.filter(version_id__in=version_ids),
        lambda r: (
            _("Version %(number)s, question %(key)s")
            % {"number": numbers.get(r.version_id, "?"), "key": r.key}
        ),
    )
    keys = dict(Question.history.filter(id__in=question_ids).values_list("id", "key"))
    question_versions = dict(Question.history.filter(id__in=question_ids).values_list("id", "version_id"))
    rows += _child_rows(
        Choice,
        Choice.history.filter(question_id__in=question_ids),
        lambda r: (
            _("Version %(number)s, question %(key)s, choice %(value)s")
            % {
                "number": numbers.get(question_versions.get(r.question_id), "?"),
                "key": keys.get(r.question_id, "?"),
                "value": r.value,
            }
        ),
    )
    rows.sort(key=lambda c: c.row.when, reverse=True)
    return rows[:limit]


def text_columns(prefix: str) -> list[tuple[str, str]]:
    """(field name, language code) of a text in the three languages, in the order the forms show them."""
    return [(f"{prefix}_{lang}", lang) for lang in LANGUAGES]
