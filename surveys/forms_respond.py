"""The respondent's form: one field per question of a survey version, in the language the respondent chose.

Fields are named `q_<question key>`. Every field is optional to Django; `clean()` asks for the required
questions that are shown (a question whose display condition is not met is neither required nor kept), and
the service checks everything again before writing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from surveys.models import Question, SurveyVersion
from surveys.services.responses import TEXT_MAX, clean_answers, is_shown, questions_of

PREFIX = "q_"
# "1 — not at all satisfied, 5 — completely satisfied": the hint's two ends
_ENDS = re.compile(r",\s*(?=\d+\s*[—–-])")


def text_in(obj: Any, field: str, language: str) -> str:
    """`<field>_<language>`, falling back to Russian."""
    return str(getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_ru", "") or "")


def scale_ends(hint: str) -> tuple[str, str] | None:
    """The labels of a scale's low and high end from its hint, when the hint names both."""
    parts = _ENDS.split(hint)
    if len(parts) != 2:
        return None
    return parts[0].strip(), parts[1].strip()


class AnswerForm(forms.Form):
    def __init__(
        self,
        version: SurveyVersion,
        language: str,
        data: Any = None,
        *,
        read_only: bool = False,
        questions: list[Question] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.version = version
        self.language = language
        self.questions = questions if questions is not None else questions_of(version)
        for q in self.questions:
            field = self._field(q)
            field.required = False
            field.disabled = read_only
            self.fields[PREFIX + q.key] = field
        self.read_only = read_only

    def _field(self, q: Question) -> forms.Field:
        label = text_in(q, "text", self.language)
        hint = text_in(q, "help", self.language)
        common: dict[str, Any] = {"label": label, "help_text": hint}
        if q.kind == Question.Kind.SCALE5 or q.kind == Question.Kind.NPS:
            low, high = (1, 5) if q.kind == Question.Kind.SCALE5 else (0, 10)
            return forms.TypedChoiceField(
                choices=[(str(i), str(i)) for i in range(low, high + 1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Choose a value from %(low)s to %(high)s.")
                    % {"low": low, "high": high}
                },
                **common,
            )
        choices = [(c.value, text_in(c, "label", self.language)) for c in q.choices.all()]
        invalid = {"invalid_choice": _("Choose one of the answers offered.")}
        if q.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, error_messages=invalid, **common
            )
        if q.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, error_messages=invalid, **common
            )
        if q.kind == Question.Kind.NUMBER:
            return forms.DecimalField(
                min_value=q.min_value,
                max_value=q.max_value,
                max_digits=14,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
                **common,
            )
        return forms.CharField(
            max_length=TEXT_MAX,
            strip=True,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}),
            error_messages={
                "max_length": _("Keep the answer within %(max)s characters.") % {"max": TEXT_MAX}
            },
            **common,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.data:
            known = set(self.fields)
            tampered = [k for k in self.data if k.startswith(PREFIX) and k not in known]
            if tampered:
                raise ValidationError(
                    _("The answers do not match this survey's questions. Reload the page and answer again."),
                    code="unknown_question",
                )
        given: dict[str, Any] = {}
        valid: list[Question] = []
        for q in self.questions:  # in order: a condition always names an earlier question
            name = PREFIX + q.key
            if not is_shown(q, given):
                # hidden by its condition: whatever was sent for it is dropped, errors included
                self.errors.pop(name, None)
                cleaned.pop(name, None)
                continue
            if name in self.errors:
                continue
            given[q.key] = cleaned.get(name)
            valid.append(q)
        try:
            self.cleaned_answers = clean_answers(valid, given)
        except ValidationError as exc:
            for key, errors in exc.error_dict.items():
                self.add_error(None if key == "__all__" else PREFIX + key, errors)
        return cleaned

    def answers(self) -> dict[str, Any]:
        """The answers to store (question key → value), after `is_valid()`."""
        return dict(getattr(self, "cleaned_answers", {}))

    def items(self) -> list[dict[str, Any]]:
        """What the template lays out: sections with their questions, each with its bound field."""
        sections: list[dict[str, Any]] = []
        for q in self.questions:
            if not sections or sections[-1]["section"].pk != q.section_id:
                sections.append(
                    {"section": q.section, "title": text_in(q.section, "title", self.language), "rows": []}
                )
            hint = text_in(q, "help", self.language)
            ends = scale_ends(hint) if q.kind in (Question.Kind.SCALE5, Question.Kind.NPS) else None
            condition = q.condition_question
            sections[-1]["rows"].append(
                {
                    "question": q,
                    "field": self[PREFIX + q.key],
                    "grouped": q.kind != Question.Kind.NUMBER and q.kind != Question.Kind.TEXT,
                    "scale": q.kind in (Question.Kind.SCALE5, Question.Kind.NPS),
                    "ends": ends,
                    "hint": "" if ends else hint,
                    "required": q.required,
                    "condition_field": PREFIX + condition.key if condition else "",
                    "condition_values": json.dumps([str(v) for v in q.condition_values or []]),
                    "condition_text": text_in(condition, "text", self.language) if condition else "",
                }
            )
        return sections
