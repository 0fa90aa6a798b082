"""Form helpers shared by all apps: Bootstrap classes and accessible error wiring on every widget."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeGuard

from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BlankChoiceIterator
from django.utils.text import capfirst
from django.utils.translation import gettext as _

DJANGO_BLANK = "---------"


def blank_choice_label(field: forms.Field) -> str:
    """The words for a select's empty choice in the reader's language, instead of Django's "---------"."""
    return str(_("— choose —") if field.required else _("— not set —"))


def _has_django_blank(field: forms.Field) -> TypeGuard[forms.ChoiceField]:
    """A fixed choice list (a model field's choices; callables stay lazy: no query here) whose empty entry is
    Django's dashes."""
    return (
        isinstance(field, forms.ChoiceField)
        and isinstance(field.choices, list | BlankChoiceIterator)
        and any(value == "" and label == DJANGO_BLANK for value, label in field.choices)
    )

if TYPE_CHECKING:  # the mixin's self is the form it is mixed into
    _FormBase = forms.BaseForm
else:
    _FormBase = object

class StyledFormMixin(_FormBase):
    """Adds Bootstrap classes, aria-invalid and aria-describedby to every visible field, and words for the
    empty choice of a select (Django's "---------" reads as a glitch in every language)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.label:
                field.label = capfirst(field.label)  # a label starts with a capital, as Django's own do
            if isinstance(field, forms.ModelChoiceField) and field.empty_label == DJANGO_BLANK:
                field.empty_label = blank_choice_label(field)
            elif _has_django_blank(field):
                blank = blank_choice_label(field)
                fixed: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]  # a fixed list, checked above
                field.choices = [(v, blank if v == "" and lbl == DJANGO_BLANK else lbl) for v, lbl in fixed]
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
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_helptext"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


def _add_field_errors(form: forms.BaseForm, name: str | None, errors: Any) -> None:
    """Add errors next to field `name` (marked invalid for assistive technology) or, for None, on top."""
    form.add_error(name, errors)
    if name is not None:
        widget = form.fields[name].widget
        if "is-invalid" not in widget.attrs.get("class", ""):
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def add_service_errors(form: forms.BaseForm, exc: ValidationError, *, field: str | None = None) -> None:
    """Put a service's ValidationError on the form: next to the field it names when the form has that field,
    otherwise on top of the form (a service may name a model field the form does not show; never a 500).
    Errors that name no field go next to `field` when given (an uploaded file's checks next to the file input)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            _add_field_errors(form, name if name in form.fields else None, errors)
    else:
        _add_field_errors(form, field if field in form.fields else None, exc.error_list)
