"""Forms of the findings area: findings, management responses, corrective actions, completion, verification and
the corrective-action list's filters (input shape only; the rules live in audits.services.findings)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, ChecklistItem, CorrectiveAction, Finding
from pmis.core.forms import StyledFormMixin

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class FindingForm(StyledFormMixin, forms.Form):
    severity = forms.ChoiceField(label=_("Severity"), choices=Finding.Severity.choices)
    item = forms.ModelChoiceField(
        label=_("Checklist item"), queryset=ChecklistItem.objects.none(), required=False
    )
    title = forms.CharField(label=_("Finding"), max_length=300)
    description = forms.CharField(label=_("Condition and evidence"), widget=TEXTAREA)
    recommendation = forms.CharField(label=_("Recommendation"), widget=TEXTAREA, required=False)

    def __init__(self, *args: Any, audit: Audit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ChecklistItem.objects.filter(version_id=audit.checklist_id).order_by("number")


class ResponseForm(StyledFormMixin, forms.Form):
    management_response = forms.CharField(
        label=_("Management response"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the project team agrees with, what it will do and by when."),
    )


class ActionForm(StyledFormMixin, forms.Form):
    description = forms.CharField(label=_("Action"), widget=TEXTAREA)
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_date = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = owners
        field.help_text = _("A member of the project's team.")
        field.widget.attrs["aria-describedby"] = "id_owner_helptext"


class CompleteForm(StyledFormMixin, forms.Form):
    completion_note = forms.CharField(label=_("What was done"), widget=TEXTAREA)
    evidence = forms.FileField(label=_("Evidence of completion"))


class VerifyForm(StyledFormMixin, forms.Form):
    DECISIONS = [("verify", _("Verify the closure")), ("return", _("Send back to the owner"))]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the action is sent back."),
    )


class ActionFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(CorrectiveAction.Status.choices), required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Mine only"), required=False)
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
