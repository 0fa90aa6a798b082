"""Forms of the free-text pages: the queue's filters, moderating one answer, the bulk action, themes and the
raw-answer export's version choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pmis.core.forms import StyledFormMixin
from surveys.models import Survey, TextReview, Theme
from surveys.selectors_texts import text_questions
from surveys.services.texts import REASON_MAX


class TextFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    question = forms.ChoiceField(label=_("Question"), required=False)
    period_from = forms.DateField(
        label=_("Period from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_to = forms.DateField(
        label=_("Period to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(label=_("Search the text"), max_length=100, required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("question", _("Question")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status_field: Any = self.fields["status"]
        status_field.choices = [("", _("All"))] + list(TextReview.Status.choices)
        theme_field: Any = self.fields["theme"]
        theme_field.queryset = Theme.objects.filter(survey=survey).order_by("name")
        theme_field.empty_label = _("All")
        question_field: Any = self.fields["question"]
        question_field.choices = [("", _("All"))] + text_questions(survey)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("The end of the period is before its start."))
        return data


class ReviewForm(StyledFormMixin, forms.Form):
    """One answer: publish or hide (or only re-tag), an optional reason, its themes."""

    action = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("Only change the themes")), ("publish", _("Publish")), ("hide", _("Hide"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (optional)"), max_length=REASON_MAX, required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes: Any = self.fields["themes"]
        themes.queryset = Theme.objects.filter(survey=survey).order_by("name")


class BulkForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(
        label=_("With the selected answers"),
        choices=[("publish", _("Publish")), ("hide", _("Hide"))],
    )
    reason = forms.CharField(label=_("Reason (optional)"), max_length=REASON_MAX, required=False)
    selected = forms.TypedMultipleChoiceField(
        label=_("Selected answers"), coerce=int, required=True, choices=[]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # any whole number is accepted here; the service checks that each is an answer of this survey
        raw = self.data.getlist("selected") if hasattr(self.data, "getlist") else []
        selected: Any = self.fields["selected"]
        selected.choices = [(v, v) for v in raw if str(v).isdigit()]
        selected.error_messages["required"] = _("Select at least one answer.")


class ThemeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Theme"), max_length=120)


class ThemeDeleteForm(StyledFormMixin, forms.Form):
    untag = forms.BooleanField(label=_("Also remove it from the answers that carry it"), required=False)


class ExportForm(StyledFormMixin, forms.Form):
    versions = forms.TypedMultipleChoiceField(
        label=_("Versions"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versions: Any = self.fields["versions"]
        versions.choices = [
            (n, _("Version %(n)s") % {"n": n})
            for n in survey.versions.order_by("number").values_list("number", flat=True)
        ]
