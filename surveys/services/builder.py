"""Builder services: every change to a survey's questions goes through `editable_version`, so a version that
has answers (frozen) is never changed: the edit lands in the next version, a full copy with the same keys.

Every function validates first and writes in one transaction (a refusal is a ValidationError naming the field,
nothing half-written); every write records the acting user for the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pmis.reference.models import District
from surveys import library, profile, tokens
from surveys.models import Choice, Question, RateBucket, Section, Survey, SurveyVersion
from surveys.models.builder import LANGUAGES

CONDITION_KINDS = (Question.Kind.SCALE5, Question.Kind.NPS, Question.Kind.SINGLE, Question.Kind.MULTIPLE)
SURVEY_TEXTS = ("title", "intro")
TARGET_FIELDS = ("project", "direction", "district")
# how results are reported and where they go: the headline question, the weighting, the indicator fed
RESULT_FIELDS = ("headline_key", "weighting", "feeds_indicator_code")
# which target a subject needs (the others are cleared)
SUBJECT_TARGET: dict[str, str] = {
    Survey.Subject.PROJECT: "project",
    Survey.Subject.DIRECTION: "direction",
    Survey.Subject.BDIG: "direction",
    Survey.Subject.DISTRICT: "district",
}
LANGUAGE_NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}


def _save(obj: Any, actor: Any) -> None:
    obj._history_user = actor
    obj.save()


def _delete(obj: Any, actor: Any) -> None:
    obj._history_user = actor
    obj.delete()


def latest_version(survey: Survey) -> SurveyVersion | None:
    return survey.versions.order_by("-number").first()


# --- versions ---------------------------------------------------------------------------------------------


def copy_version(version: SurveyVersion, *, actor: Any, note: str = "") -> SurveyVersion:
    """Version n+1 of the survey as a full copy of `version`: sections, questions with the SAME keys, choices,
    display conditions re-pointed to the copies."""
    survey = version.survey
    number = (survey.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    copy = SurveyVersion(survey=survey, number=number, created_by=actor, note=note[:255])
    _save(copy, actor)
    section_map: dict[int, Section] = {}
    for section in version.sections.order_by("order", "pk"):
        old_pk = section.pk
        section.pk = None
        section.id = None
        section._state.adding = True
        section.version = copy
        _save(section, actor)
        section_map[old_pk] = section
    question_map: dict[int, Question] = {}
    conditions: list[tuple[Question, int]] = []
    questions = list(version.questions.order_by("section__order", "order", "pk").prefetch_related("choices"))
    for question in questions:
        old_pk = question.pk
        choices = list(question.choices.all())
        condition_pk = question.condition_question_id
        question.pk = None
        question.id = None
        question._state.adding = True
        question.version = copy
        question.section = section_map[question.section_id]
        question.condition_question = None
        _save(question, actor)
        question_map[old_pk] = question
        if condition_pk:
            conditions.append((question, condition_pk))
        for choice in choices:
            choice.pk = None
            choice.id = None
            choice._state.adding = True
            choice.question = question
            _save(choice, actor)
    for question, condition_pk in conditions:
        question.condition_question = question_map.get(condition_pk)
        _save(question, actor)
    return copy


def editable_version(survey: Survey, actor: Any) -> SurveyVersion:
    """The latest version when it is not frozen; else the next version, a full copy of it (created here)."""
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()  # one copier at a time
        latest = latest_version(survey)
        if latest is None:
            version = SurveyVersion(survey=survey, number=1, created_by=actor)
            _save(version, actor)
            return version
        if latest.frozen_at is None:
            return latest
        return copy_version(latest, actor=actor)


@transaction.atomic
def version_new(*, survey: Survey, actor: Any, note: str = "") -> SurveyVersion:
    """The next version, explicitly (a copy of the latest), with what changes in it."""
    _require_not_template_open(survey)
    latest = latest_version(survey)
    if latest is None:
        version = SurveyVersion(survey=survey, number=1, created_by=actor, note=note[:255])
        _save(version, actor)
        return version
    if latest.frozen_at is None and not latest.responses.exists():
        raise ValidationError(
            _("Version %(number)s has no answers yet: edit it directly, no new version is needed.")
            % {"number": latest.number}
        )
    return copy_version(latest, actor=actor, note=note)


def _require_not_template_open(survey: Survey) -> None:
    if survey.is_template:
        raise ValidationError(_("A library template is not versioned."))


def _counterpart_section(section: Section, version: SurveyVersion) -> Section:
    """The section of `version` that copies `section` (copies keep the order of the sections)."""
    if section.version_id == version.pk:
        return section
    old = list(Section.objects.filter(version_id=section.version_id).order_by("order", "pk"))
    new = list(version.sections.order_by("order", "pk"))
    return new[[s.pk for s in old].index(section.pk)]


def _counterpart_question(question: Question, version: SurveyVersion) -> Question:
    if question.version_id == version.pk:
        return question
    return version.questions.get(key=question.key)


# --- surveys ----------------------------------------------------------------------------------------------


def _clean_target(data: dict[str, Any]) -> None:
    """The subject's project / direction / district is required; the other two are cleared."""
    needed = SUBJECT_TARGET.get(data.get("subject") or "")
    for name in TARGET_FIELDS:
        if name != needed:
            data[name] = None
    if needed and not data.get(needed):
        raise ValidationError({needed: _("This subject needs a %(what)s.") % {"what": _target_label(needed)}})


def _clean_results(survey: Survey, data: dict[str, Any]) -> None:
    """The headline is a 1–5 question of the latest version; weighting and the indicator feed are for citizen
    surveys (their answers carry the profile the weighting needs)."""
    from surveys.profile import DIMENSIONS

    headline = data.get("headline_key") or ""
    version = latest_version(survey)
    if headline and (
        version is None or not version.questions.filter(key=headline, kind=Question.Kind.SCALE5).exists()
    ):
        raise ValidationError({"headline_key": _("Choose a 1–5 scale question of the survey.")})
    weighting = list(data.get("weighting") or [])
    if any(d not in DIMENSIONS for d in weighting):
        raise ValidationError({"weighting": _("Unknown weighting dimension.")})
    citizen = data.get("audience") == Survey.Audience.CITIZEN
    if weighting and not citizen:
        raise ValidationError({"weighting": _("Only citizen surveys are weighted to the population.")})
    if (data.get("feeds_indicator_code") or "").strip() and not citizen:
        raise ValidationError(
            {"feeds_indicator_code": _("Only a citizen survey feeds a strategic indicator.")}
        )
    data["headline_key"] = headline
    data["weighting"] = [d for d in DIMENSIONS if d in weighting]
    data["feeds_indicator_code"] = (data.get("feeds_indicator_code") or "").strip()


def _target_label(name: str) -> str:
    return {"project": _("project"), "direction": _("basic direction"), "district": _("district")}[name]


@transaction.atomic
def survey_create(
    *,
    actor: Any,
    template_key: str = "",
    co_owners: Iterable[Any] = (),
    **fields: Any,
) -> Survey:
    """A draft survey (version 1), from a library template (`template_key`) or blank. Texts given override the
    template's; a blank survey needs its Russian title."""
    data = {k: v for k, v in fields.items() if v not in (None, "") or k in TARGET_FIELDS}
    if template_key:
        if template_key not in library.TEMPLATES:
            raise ValidationError({"template_key": _("Choose a template from the list.")})
        tpl = library.TEMPLATES[template_key]
        data.setdefault("audience", tpl["audience"])
        data.setdefault("subject", tpl["subject"])
    for name in ("audience", "subject"):
        if not data.get(name):
            raise ValidationError({name: _("This field is required.")})
    if data["audience"] not in Survey.Audience.values:
        raise ValidationError({"audience": _("Choose an audience from the list.")})
    if data["subject"] not in Survey.Subject.values:
        raise ValidationError({"subject": _("Choose a subject from the list.")})
    _clean_target(data)
    if template_key:
        survey = library.instantiate(template_key, actor=actor, **data)
    else:
        if not (data.get("title_ru") or "").strip():
            raise ValidationError({"title_ru": _("A blank survey needs its title in Russian.")})
        survey = Survey(owner=actor, **data)
        _save(survey, actor)
        version = SurveyVersion(survey=survey, number=1, created_by=actor)
        _save(version, actor)
    _set_co_owners(survey, co_owners, actor)
    return survey


def _set_co_owners(survey: Survey, co_owners: Iterable[Any], actor: Any) -> None:
    wanted = {u.pk for u in co_owners if u.pk != survey.owner_id}
    current = set(survey.co_owners.values_list("pk", flat=True))
    if wanted == current:
        return
    survey._history_user = actor
    survey.co_owners.set(list(wanted))


EDITABLE_SURVEY_FIELDS = (
    *(f"{name}_{lang}" for name in SURVEY_TEXTS for lang in LANGUAGES),
    "audience",
    "subject",
    *TARGET_FIELDS,
    *RESULT_FIELDS,
)


@transaction.atomic
def survey_update(
    *, survey: Survey, actor: Any, co_owners: Iterable[Any] | None = None, **fields: Any
) -> Survey:
    """The survey's texts, audience, subject and target, and its co-owners. Audience and subject are fixed once
    the survey has been opened (its answers were given to them)."""
    data = {name: fields.get(name, getattr(survey, name)) for name in EDITABLE_SURVEY_FIELDS}
    if not (data.get("title_ru") or "").strip():
        raise ValidationError({"title_ru": _("The title in Russian is required.")})
    if survey.status != Survey.Status.DRAFT:
        for name in ("audience", "subject"):
            if data[name] != getattr(survey, name):
                raise ValidationError({name: _("Fixed once the survey has been opened.")})
    _clean_target(data)
    _clean_results(survey, data)
    for name, value in data.items():
        setattr(survey, name, value if value is not None or name in TARGET_FIELDS else "")
    _save(survey, actor)
    if co_owners is not None:
        _set_co_owners(survey, co_owners, actor)
    return survey


def missing_texts(survey: Survey, version: SurveyVersion | None = None) -> list[str]:
    """Every text a respondent reads that is not filled in all three languages, as readable lines. Title,
    section titles, question texts and choice labels are needed in kk, ru and en; an introduction or a hint,
    when given, in all three."""
    version = version or latest_version(survey)
    missing: list[str] = []

    def check(where: str, obj: Any, field: str, *, optional: bool = False) -> None:
        values = {lang: (getattr(obj, f"{field}_{lang}") or "").strip() for lang in LANGUAGES}
        if optional and not any(values.values()):
            return
        absent = [_(LANGUAGE_NAMES[lang]) for lang in LANGUAGES if not values[lang]]
        if absent:
            missing.append(
                _("%(where)s: missing in %(languages)s") % {"where": where, "languages": ", ".join(absent)}
            )

    check(_("Survey title"), survey, "title")
    check(_("Introduction"), survey, "intro", optional=True)
    if version is None:
        return missing
    for s_index, section in enumerate(version.sections.order_by("order", "pk"), start=1):
        check(_("Section %(n)s title") % {"n": s_index}, section, "title")
    questions = version.questions.order_by("section__order", "order", "pk").prefetch_related("choices")
    for question in questions:
        where = _("Question %(key)s") % {"key": question.key}
        check(where, question, "text")
        check(_("%(where)s, hint") % {"where": where}, question, "help", optional=True)
        for choice in question.choices.all():
            check(_("%(where)s, choice %(value)s") % {"where": where, "value": choice.value}, choice, "label")
    return missing


@transaction.atomic
def survey_open(*, survey: Survey, actor: Any) -> Survey:
    """Open for answers: at least one question and every text in kk / ru / en; a citizen survey gets its public
    link and its rate-limit salt once (kept when it is opened again)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.is_template:
        raise ValidationError(_("A library template is never opened."))
    if survey.status == Survey.Status.OPEN:
        raise ValidationError(_("The survey is already open."))
    version = latest_version(survey)
    if version is None or not version.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    missing = missing_texts(survey, version)
    if missing:
        raise ValidationError(
            [_("Fill every text in Kazakh, Russian and English before opening the survey:"), *missing]
        )
    if survey.audience == Survey.Audience.CITIZEN:
        if not survey.public_slug:
            survey.public_slug = tokens.new_public_slug()
        if not survey.salt:
            survey.salt = tokens.new_salt()
    survey.status = Survey.Status.OPEN
    survey.opens_at = timezone.now()
    survey.closes_at = None
    _save(survey, actor)
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, actor: Any) -> Survey:
    """Closed for answers; the public link's rate-limit IP hashes are deleted (SURVEYS.md)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    survey.status = Survey.Status.CLOSED
    survey.closes_at = timezone.now()
    _save(survey, actor)
    RateBucket.objects.filter(survey=survey).delete()
    return survey


# --- sections ---------------------------------------------------------------------------------------------


def _require_editable(survey: Survey) -> None:
    if survey.is_template:
        raise ValidationError(_("A library template is edited in the library, not here."))


def _section_texts(fields: Mapping[str, Any]) -> dict[str, str]:
    texts = {f"title_{lang}": (fields.get(f"title_{lang}") or "").strip() for lang in LANGUAGES}
    if not texts["title_ru"]:
        raise ValidationError({"title_ru": _("The title in Russian is required.")})
    return texts


@transaction.atomic
def section_create(*, survey: Survey, actor: Any, **fields: Any) -> Section:
    _require_editable(survey)
    texts = _section_texts(fields)
    version = editable_version(survey, actor)
    order = (version.sections.aggregate(n=Max("order"))["n"] or 0) + 1
    section = Section(version=version, order=order, **texts)
    _save(section, actor)
    return section


@transaction.atomic
def section_update(*, survey: Survey, section: Section, actor: Any, **fields: Any) -> Section:
    _require_editable(survey)
    texts = _section_texts(fields)
    version = editable_version(survey, actor)
    section = _counterpart_section(section, version)
    for name, value in texts.items():
        setattr(section, name, value)
    _save(section, actor)
    return section


@transaction.atomic
def section_delete(*, survey: Survey, section: Section, actor: Any) -> SurveyVersion:
    """Delete a section with its questions; refused while a question elsewhere depends on one of them."""
    _require_editable(survey)
    version = editable_version(survey, actor)
    section = _counterpart_section(section, version)
    inside = list(section.questions.all())
    ids = {q.pk for q in inside}
    outside = Question.objects.filter(condition_question_id__in=ids).exclude(pk__in=ids)
    if outside.exists():
        raise ValidationError(
            _("Questions in other sections are shown depending on this section's questions: %(keys)s.")
            % {"keys": ", ".join(outside.order_by("key").values_list("key", flat=True))}
        )
    for question in inside:
        for choice in question.choices.all():
            _delete(choice, actor)
    for question in sorted(inside, key=lambda q: q.condition_question_id is None):
        _delete(question, actor)
    _delete(section, actor)
    return version


# --- questions --------------------------------------------------------------------------------------------


def profile_choices(kind: str) -> list[tuple[str, dict[str, str]]]:
    """The generated choices of a profile question: (value, {lang: label})."""
    if kind == Question.Profile.DISTRICT:
        return [
            (d.code, {lang: getattr(d, f"name_{lang}") or d.name_ru for lang in LANGUAGES})
            for d in District.objects.order_by("name_ru")
        ]
    options = profile.SEX if kind == Question.Profile.SEX else profile.AGE_BANDS
    rows = []
    for value, text in options:
        labels = {}
        for lang in LANGUAGES:
            with translation.override(lang):
                labels[lang] = str(text)
        rows.append((value, labels))
    return rows


def allowed_values(question: Question) -> list[str]:
    """The answer values a display condition on `question` may name."""
    if question.kind == Question.Kind.SCALE5:
        return [str(n) for n in range(1, 6)]
    if question.kind == Question.Kind.NPS:
        return [str(n) for n in range(11)]
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return [c.value for c in question.choices.all()]
    return []


def ordered_questions(version: SurveyVersion) -> list[Question]:
    """The version's questions in the order a respondent meets them."""
    return list(
        version.questions.select_related("section").order_by("section__order", "section_id", "order", "pk")
    )


def _position(version: SurveyVersion) -> dict[int, int]:
    return {q.pk: index for index, q in enumerate(ordered_questions(version))}


def _new_key(version: SurveyVersion) -> str:
    keys = set(version.questions.values_list("key", flat=True))
    n = len(keys) + 1
    while f"q{n}" in keys:
        n += 1
    return f"q{n}"


def _clean_choices(kind: str, prof: str, choices: Sequence[Mapping[str, Any]] | None) -> list[dict[str, str]]:
    if prof:
        return [
            {"value": value, **{f"label_{lang}": text for lang, text in labels.items()}}
            for value, labels in profile_choices(prof)
        ]
    if kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return []
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for row in choices or []:
        label_ru = (row.get("label_ru") or "").strip()
        value = slugify(row.get("value") or "") or ""
        if not label_ru and not value:
            continue
        if not label_ru:
            raise ValidationError({"choices": _("Each choice needs its label in Russian.")})
        value = value or f"c{len(rows) + 1}"
        if value in seen:
            raise ValidationError({"choices": _("Two choices have the value %(value)s.") % {"value": value}})
        seen.add(value)
        rows.append(
            {
                "value": value,
                **{f"label_{lang}": (row.get(f"label_{lang}") or "").strip() for lang in LANGUAGES},
            }
        )
    if len(rows) < 2:
        raise ValidationError({"choices": _("A choice question needs at least two choices.")})
    return rows


def _clean_question(
    version: SurveyVersion, question: Question | None, data: dict[str, Any]
) -> dict[str, Any]:
    kind = data.get("kind") or ""
    prof = data.get("profile") or ""
    if prof and prof not in Question.Profile.values:
        raise ValidationError({"profile": _("Choose a profile from the list.")})
    if prof:
        kind = Question.Kind.SINGLE  # a profile question is a single choice among generated categories
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Choose a question type from the list.")})
    others = version.questions.filter(profile=prof)
    if question is not None:
        others = others.exclude(pk=question.pk)
    if prof and others.exists():
        raise ValidationError({"profile": _("This survey already has that profile question.")})
    text_ru = (data.get("text_ru") or "").strip()
    if not text_ru:
        raise ValidationError({"text_ru": _("The question in Russian is required.")})
    min_value, max_value = data.get("min_value"), data.get("max_value")
    if kind == Question.Kind.NUMBER:
        if min_value is not None and max_value is not None and Decimal(min_value) > Decimal(max_value):
            raise ValidationError({"max_value": _("The largest number must not be below the smallest.")})
    else:
        min_value = max_value = None
    cleaned = {
        "kind": kind,
        "profile": prof,
        "required": bool(data.get("required")),
        "min_value": min_value,
        "max_value": max_value,
        **{f"text_{lang}": (data.get(f"text_{lang}") or "").strip() for lang in LANGUAGES},
        **{f"help_{lang}": (data.get(f"help_{lang}") or "").strip() for lang in LANGUAGES},
    }
    if question is None:
        key = slugify(data.get("key") or "")[:40] or _new_key(version)
        if version.questions.filter(key=key).exists():
            raise ValidationError(
                {"key": _("Another question of this survey has the key %(key)s.") % {"key": key}}
            )
        cleaned["key"] = key
    return cleaned


def _check_condition(
    version: SurveyVersion,
    question: Question,
    source: Question | None,
    values: Sequence[str],
    position: dict[int, int] | None = None,
) -> None:
    if source is None:
        if values:
            raise ValidationError({"condition_question": _("Choose the question the answers belong to.")})
        return
    if source.version_id != version.pk:
        raise ValidationError({"condition_question": _("Choose a question of this survey version.")})
    if question.pk is not None and source.pk == question.pk:
        raise ValidationError({"condition_question": _("A question cannot depend on itself.")})
    position = position or _position(version)
    if question.pk is not None and position.get(source.pk, 0) >= position.get(question.pk, 0):
        raise ValidationError({"condition_question": _("A question can only depend on an earlier question.")})
    if source.kind not in CONDITION_KINDS:
        raise ValidationError(
            {"condition_question": _("Only a scale or a choice question can decide what is shown.")}
        )
    if not values:
        raise ValidationError({"condition_values": _("Name at least one answer that shows the question.")})
    allowed = allowed_values(source)
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise ValidationError(
            {
                "condition_values": _("Not an answer of question %(key)s: %(values)s. Possible: %(allowed)s.")
                % {"key": source.key, "values": ", ".join(wrong), "allowed": ", ".join(allowed)}
            }
        )


def _write_choices(question: Question, rows: list[dict[str, str]], actor: Any) -> None:
    """Replace the question's choices by `rows`, keeping (updating) the rows whose value stays."""
    existing = {c.value: c for c in question.choices.all()}
    wanted = {row["value"] for row in rows}
    for value, choice in existing.items():
        if value not in wanted:
            _delete(choice, actor)
    for order, row in enumerate(rows, start=1):
        choice = existing.get(row["value"]) or Choice(question=question, value=row["value"])
        changed = choice.pk is None or choice.order != order
        for name in (f"label_{lang}" for lang in LANGUAGES):
            if getattr(choice, name) != row[name]:
                setattr(choice, name, row[name])
                changed = True
        choice.order = order
        if changed:
            _save(choice, actor)


def _condition_source(version: SurveyVersion, source: Question | None) -> Question | None:
    if source is None:
        return None
    if source.version_id == version.pk:
        return source
    return version.questions.filter(key=source.key).first()


@transaction.atomic
def question_create(
    *,
    survey: Survey,
    section: Section,
    actor: Any,
    choices: Sequence[Mapping[str, Any]] | None = None,
    condition_question: Question | None = None,
    condition_values: Sequence[str] = (),
    **fields: Any,
) -> Question:
    """A new question at the end of the section (in the editable version)."""
    _require_editable(survey)
    version = editable_version(survey, actor)
    section = _counterpart_section(section, version)
    data = _clean_question(version, None, dict(fields))
    rows = _clean_choices(data["kind"], data["profile"], choices)
    order = (section.questions.aggregate(n=Max("order"))["n"] or 0) + 1
    question = Question(version=version, section=section, order=order, **data)
    source = _condition_source(version, condition_question)
    values = [str(v) for v in condition_values]
    _save(question, actor)
    _write_choices(question, rows, actor)
    _check_condition(version, question, source, values)
    if source is not None:
        question.condition_question = source
        question.condition_values = values
        _save(question, actor)
    return question


@transaction.atomic
def question_update(
    *,
    survey: Survey,
    question: Question,
    actor: Any,
    choices: Sequence[Mapping[str, Any]] | None = None,
    condition_question: Question | None = None,
    condition_values: Sequence[str] = (),
    **fields: Any,
) -> Question:
    """The question's texts, type, numbers, condition and choices (in the editable version; its key stays)."""
    _require_editable(survey)
    version = editable_version(survey, actor)
    question = _counterpart_question(question, version)
    data = _clean_question(version, question, dict(fields))
    rows = _clean_choices(data["kind"], data["profile"], choices)
    if data["kind"] not in CONDITION_KINDS and question.dependants.exists():
        raise ValidationError(
            {
                "kind": _("Questions %(keys)s are shown depending on this one: keep a scale or choice type.")
                % {"keys": ", ".join(question.dependants.order_by("key").values_list("key", flat=True))}
            }
        )
    source = _condition_source(version, condition_question)
    values = [str(v) for v in condition_values]
    for name, value in data.items():
        setattr(question, name, value)
    _write_choices(question, rows, actor)
    _check_condition(version, question, source, values)
    for dependant in question.dependants.all():
        allowed = allowed_values(question)
        lost = [v for v in dependant.condition_values if v not in allowed]
        if lost:
            raise ValidationError(
                {
                    ("choices" if question.has_choices else "kind"): _(
                        "Question %(key)s is shown on the answers %(values)s: keep those answers possible."
                    )
                    % {"key": dependant.key, "values": ", ".join(lost)}
                }
            )
    question.condition_question = source
    question.condition_values = values if source is not None else []
    _save(question, actor)
    return question


@transaction.atomic
def question_delete(*, survey: Survey, question: Question, actor: Any) -> SurveyVersion:
    """Delete a question; refused while another question's display depends on it (naming them)."""
    _require_editable(survey)
    version = editable_version(survey, actor)
    question = _counterpart_question(question, version)
    keys = list(question.dependants.order_by("key").values_list("key", flat=True))
    if keys:
        raise ValidationError(
            _("Questions %(keys)s are shown depending on this one: change their condition first.")
            % {"keys": ", ".join(keys)}
        )
    for choice in question.choices.all():
        _delete(choice, actor)
    _delete(question, actor)
    return version


@transaction.atomic
def question_move(*, survey: Survey, question: Question, actor: Any, direction: str) -> Question:
    """Move a question one place up or down inside its section; refused when a display condition would then
    point at a later question."""
    _require_editable(survey)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a question up or down."))
    version = editable_version(survey, actor)
    question = _counterpart_question(question, version)
    siblings = list(question.section.questions.order_by("order", "pk"))
    index = [q.pk for q in siblings].index(question.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if other_index < 0 or other_index >= len(siblings):
        raise ValidationError(_("The question is already at the edge of its section."))
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    first, second = (
        (siblings[index], siblings[other_index])
        if index < other_index
        else (
            siblings[other_index],
            siblings[index],
        )
    )
    # after the swap `first` stands before `second`: `first` must not depend on `second`
    if first.condition_question_id == second.pk:
        raise ValidationError(
            _("Question %(key)s is shown depending on %(source)s and must stay after it.")
            % {"key": first.key, "source": second.key}
        )
    for order, sibling in enumerate(siblings, start=1):
        if sibling.order != order:
            sibling.order = order
            _save(sibling, actor)
    return question


def unanswered_copy_note(version: SurveyVersion) -> str:
    """What the detail page shows for a version without a note."""
    if version.note:
        return version.note
    if version.number == 1:
        return _("First version")
    return _("Copy of version %(number)s, made by an edit after answers") % {"number": version.number - 1}
