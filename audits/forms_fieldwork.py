"""Forms of the fieldwork pages: start an audit, team, schedule, document requests, answers, evidence."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.models import AuditProgramme, ChecklistAnswer, DocumentRequest
from audits.selectors import auditor_choices
from pmis.core.forms import StyledFormMixin
from projects.selectors.audit_facts import project_by_code

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DECLARATION = _(
    "Each auditor named confirms having no conflict of interest with this project: it is not a project of "
    "their own department, they do not manage or curate it and they are not a member of its team."
)


class AuditorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class AuditorsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class ScheduleForm(StyledFormMixin, forms.Form):
    cutoff_date = forms.DateField(label=_("data as of (cut-off)"), **DATE)  # type: ignore[arg-type]
    planned_start = forms.DateField(label=_("fieldwork from"), **DATE)  # type: ignore[arg-type]
    planned_finish = forms.DateField(label=_("fieldwork to"), **DATE)  # type: ignore[arg-type]
    scope = forms.CharField(label=_("scope"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AuditStartForm(ScheduleForm):
    """`item` given: the drawn project and its draw's programme are fixed; otherwise an ad-hoc audit of a project
    picked by its code, in a programme chosen here."""

    programme = forms.ModelChoiceField(
        label=_("programme"), queryset=AuditProgramme.objects.order_by("-year")
    )
    project_code = forms.CharField(
        label=_("Project code in the register"), max_length=20, help_text=_("For example PRJ-2026-0001.")
    )
    lead = AuditorChoiceField(label=_("lead auditor"), queryset=auditor_choices())
    members = AuditorsChoiceField(
        label=_("team members"),
        queryset=auditor_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    declared = forms.BooleanField(label=DECLARATION, required=False)

    field_order = [
        "programme",
        "project_code",
        "lead",
        "members",
        "cutoff_date",
        "planned_start",
        "planned_finish",
        "scope",
        "declared",
    ]

    def __init__(self, *args: Any, drawn: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if drawn:
            del self.fields["programme"]
            del self.fields["project_code"]

    def clean_project_code(self) -> Any:
        project = project_by_code(self.cleaned_data.get("project_code", ""))
        if project is None:
            raise forms.ValidationError(_("No project with this code in the register."))
        return project


class TeamAddForm(StyledFormMixin, forms.Form):
    user = AuditorChoiceField(label=_("auditor"), queryset=auditor_choices())
    declared = forms.BooleanField(
        label=_(
            "The auditor confirms having no conflict of interest with this project (own department, managing or "
            "curating it, membership of its team)."
        ),
        required=False,
    )


class RequestForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("document requested"), max_length=500)
    due_date = forms.DateField(label=_("due"), **DATE)  # type: ignore[arg-type]


class RequestUpdateForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=DocumentRequest.Status.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=2000)
    due_date = forms.DateField(label=_("due"), required=False, **DATE)  # type: ignore[arg-type]


class AnswerForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("result"), choices=ChecklistAnswer.Result.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override_reason = forms.CharField(
        label=_("reason for overriding the pre-check"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EvidenceUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("file"))
    description = forms.CharField(label=_("description"), required=False, max_length=500)


class EvidenceLinkForm(StyledFormMixin, forms.Form):
    document: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("register document"), queryset=None
    )
    description = forms.CharField(label=_("description"), required=False, max_length=500)

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = documents
