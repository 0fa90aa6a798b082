"""Forms of citizen feedback: the public form (its shape only; the service checks every value), the Project
Office's moderation queue filters and decisions, and the department's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pmis.core.forms import StyledFormMixin
from surveys.models import Feedback
from surveys.services.feedback import ANSWER_MAX, TEXT_MAX

HONEYPOT_FIELD = "website"


class FeedbackForm(StyledFormMixin, forms.Form):
    """The citizen's message. Every check is the service's (one set of rules, one set of messages); the form
    only carries the values back to the page with the errors next to their fields."""

    # a CharField with radio buttons: an unknown value gets the service's one message, not a second one
    kind = forms.CharField(
        label=_("What are you writing?"),
        required=False,
        widget=forms.RadioSelect(choices=Feedback.Kind.choices),
    )
    text = forms.CharField(
        label=_("Your message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_MAX}),
        help_text=_("From 10 to 2,000 characters. Describe the place and what you saw."),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP, at most 5 MB. The photo is not published."),
    )
    email = forms.CharField(
        label=_("E-mail for the answer (optional)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Only to send you the answer; it is never published."),
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data to handle this message"),
        required=False,
    )
    # the honeypot: visually hidden, skipped by keyboards and screen readers, filled only by robots
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class TrackForm(StyledFormMixin, forms.Form):
    reference = forms.CharField(
        label=_("Reference number"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "FB-2026-000000", "autocomplete": "off"}),
    )


OVERDUE_CHOICES = [("", pgettext_lazy("feedback overdue filter", "Any")), ("1", _("Overdue only"))]


class FeedbackFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    project = forms.CharField(label=_("Project code"), max_length=40, required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    overdue = forms.ChoiceField(label=_("Deadline"), required=False, choices=OVERDUE_CHOICES)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    q = forms.CharField(label=_("Reference number"), max_length=20, required=False)

    def __init__(self, *args: Any, departments: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        fields: Any = self.fields
        fields["status"].choices = everything + list(Feedback.Status.choices)
        fields["kind"].choices = everything + list(Feedback.Kind.choices)
        fields["theme"].choices = everything + list(Feedback.Theme.choices)
        fields["department"].choices = everything + [(str(pk), name) for pk, name in departments]


class ModerateForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Publish and send to the department")), ("reject", _("Do not publish"))],
        widget=forms.RadioSelect,
    )
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("Choose a theme")), *Feedback.Theme.choices]
    )
    public_text = forms.CharField(
        label=_("Text as it will be published"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
        help_text=_("E-mail addresses, phone numbers and IIN/BIN numbers are masked whatever is typed here."),
    )
    reason = forms.ChoiceField(
        label=_("Why it is not published"),
        required=False,
        choices=[("", _("Choose a reason")), *Feedback.RejectReason.choices],
    )


class AnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Answer to the citizen"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": ANSWER_MAX}),
        help_text=_("Published under the question on the project's public page."),
    )
