"""Form helpers shared by all apps: Bootstrap classes and accessible error wiring on every widget."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.choices import BlankChoiceIterator
from django.utils.text import capfirst

# Django's blank choice is a row of dashes ("---------") in every language; ours is a dash, which reads as
# "nothing chosen" in Russian, Kazakh and English alike
EMPTY_CHOICE = "—"
_DJANGO_BLANK = BLANK_CHOICE_DASH[0][1]


class StyledFormMixin:
    """Adds Bootstrap classes, aria-invalid and aria-describedby to every visible field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if field.label:
                field.label = capfirst(field.label)  # a label starts with a capital, as Django's own do
            _relabel_blank_choice(field)
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if (
                isinstance(widget, forms.RadioSelect)
                and widget.template_name == forms.RadioSelect.template_name
            ):
                widget.template_name = "core/widgets/radio.html"
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_helptext"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


def _relabel_blank_choice(field: forms.Field) -> None:
    """Replace Django's "---------" blank choice (model choice fields, model fields with choices) by EMPTY_CHOICE."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == _DJANGO_BLANK:
            field.empty_label = EMPTY_CHOICE
        return
    if not isinstance(field, forms.ChoiceField):
        return
    choices = field.choices
    if isinstance(choices, BlankChoiceIterator):  # a model field's choices: the blank one is added lazily
        if [label for _value, label in choices.blank_choice] == [_DJANGO_BLANK]:
            field.choices = BlankChoiceIterator(choices.choices, [(choices.blank_choice[0][0], EMPTY_CHOICE)])
    elif isinstance(choices, list) and choices and choices[0][1] == _DJANGO_BLANK:
        # a static list only: evaluating callable choices here would cost a query per form
        field.choices = [(choices[0][0], EMPTY_CHOICE), *choices[1:]]
