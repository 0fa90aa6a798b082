"""Input shape and field validation for the project card: details, passport, gates, team, documents."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pmis.accounts.models import Organization, User
from pmis.core.forms import StyledFormMixin
from projects.models import (
    Document,
    GateDecision,
    MethodologyTemplate,
    MethodologyTemplateVersion,
    Milestone,
    PassportVersion,
    Program,
    Project,
    ProjectMember,
)
from projects.permissions import eligible_curators, eligible_managers
from projects.services.documents import allowed_extensions

DEPARTMENT_KINDS = [
    Organization.Kind.DEPARTMENT,
    Organization.Kind.DISTRICT_AKIMAT,
    Organization.Kind.GENPLAN,
    Organization.Kind.PROJECT_OFFICE,
    Organization.Kind.AKIMAT,
    Organization.Kind.OTHER,
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.username})"


class ProjectForm(StyledFormMixin, forms.ModelForm):
    """All the register fields of a project (issue 3, item 2); the stage is set only on creation."""

    class Meta:
        model = Project
        fields = [
            "title_ru",
            "title_kk",
            "title_en",
            "summary_ru",
            "summary_kk",
            "summary_en",
            "direction",
            "program_item",
            "department",
            "curator",
            "manager",
            "stage",
            "project_type",
            "districts",
            "sdgs",
            "latitude",
            "longitude",
            "priority",
            "is_confidential",
            "planned_start",
            "planned_finish",
            "forecast_start",
            "forecast_finish",
            "actual_start",
            "actual_finish",
        ]
        widgets = {
            "summary_ru": forms.Textarea(attrs={"rows": 3}),
            "summary_kk": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "districts": forms.SelectMultiple(attrs={"size": 6}),
            "sdgs": forms.SelectMultiple(attrs={"size": 6}),
            **{
                name: DateInput()
                for name in (
                    "planned_start",
                    "planned_finish",
                    "forecast_start",
                    "forecast_finish",
                    "actual_start",
                    "actual_finish",
                )
            },
        }

    def __init__(self, *args: Any, departments: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["program_item"]).queryset = Program.objects.order_by("code")
        cast(forms.ModelChoiceField, self.fields["program_item"]).empty_label = _("— not linked (orphan) —")
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = (
            departments
            if departments is not None
            else Organization.objects.filter(kind__in=DEPARTMENT_KINDS, is_active=True)
        )
        choices = {
            "curator": eligible_curators(keep=self.instance.curator_id),
            "manager": eligible_managers(keep=self.instance.manager_id),
        }
        for name, users in choices.items():
            self.fields[name] = UserChoiceField(
                queryset=users,
                required=False,
                label=self.fields[name].label,
                widget=forms.Select,
                empty_label=_("— not assigned —"),
            )
            self.fields[name].widget.attrs["class"] = "form-select"
        if self.instance.pk:
            del self.fields["stage"]  # stages move through gate decisions on the passport tab

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        pairs = [
            ("planned_start", "planned_finish"),
            ("forecast_start", "forecast_finish"),
            ("actual_start", "actual_finish"),
        ]
        for start, finish in pairs:
            if data.get(start) and data.get(finish) and data[finish] < data[start]:
                self.add_error(finish, _("The finish cannot be earlier than the start."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        return data


class PassportForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PassportVersion
        fields = list(PassportVersion.TEXT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in PassportVersion.TEXT_FIELDS}


class GateDecisionForm(StyledFormMixin, forms.Form):
    gate = forms.ChoiceField(label=_("Gate"), choices=GateDecision.Gate.choices)
    decision = forms.ChoiceField(label=_("Decision"), choices=GateDecision.Decision.choices)
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput())
    decided_by_body = forms.CharField(
        label=_("Decided by"),
        max_length=255,
        initial=_("Steering Committee"),
        help_text=_("The Steering Committee or the body it delegated the decision to."),
    )
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, gates: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if gates is not None:
            cast(forms.ChoiceField, self.fields["gate"]).choices = [
                (k, v) for k, v in GateDecision.Gate.choices if k in gates
            ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("decision") == GateDecision.Decision.PROCEED_WITH_CONDITIONS
            and not (data.get("conditions") or "").strip()
        ):
            self.add_error("conditions", _("State the conditions of the decision."))
        return data


class MemberForm(StyledFormMixin, forms.Form):
    user = UserChoiceField(
        label=_("Person"), queryset=User.objects.filter(is_active=True).order_by("last_name")
    )
    role = forms.ChoiceField(label=_("Role in the team"), choices=ProjectMember.Role.choices)


class DocumentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("File"))
    doc_type = forms.ChoiceField(label=_("Document type"), choices=Document.Type.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    version = forms.CharField(label=_("Version"), max_length=20, initial="1")
    milestone: forms.ModelChoiceField[Milestone] = forms.ModelChoiceField(
        label=_("Evidence for milestone"), queryset=None, required=False
    )
    template_version: forms.ModelChoiceField[MethodologyTemplateVersion] = forms.ModelChoiceField(
        label=_("Methodology template followed"), queryset=None, required=False
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["milestone"]).queryset = project.milestones.order_by(
            "order", "planned_date"
        )
        cast(
            forms.ModelChoiceField, self.fields["template_version"]
        ).queryset = MethodologyTemplateVersion.objects.select_related("template").order_by(
            "template__kind", "-version"
        )
        mb = settings.PMIS_UPLOAD_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = _("Up to %(mb)s MB; accepted: %(list)s.") % {
            "mb": mb,
            "list": ", ".join(allowed_extensions()),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(allowed_extensions())


class TemplatePublishForm(StyledFormMixin, forms.Form):
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=MethodologyTemplate.objects.order_by("kind", "title_ru"),
        required=False,
        empty_label=_("— a new template —"),
    )
    kind = forms.ChoiceField(
        label=_("Kind of new template"), choices=MethodologyTemplate.Kind.choices, required=False
    )
    title_ru = forms.CharField(label=_("Title of new template (Russian)"), max_length=255, required=False)
    title_kk = forms.CharField(label=_("Title of new template (Kazakh)"), max_length=255, required=False)
    title_en = forms.CharField(label=_("Title of new template (English)"), max_length=255, required=False)
    file = forms.FileField(label=_("File"))
    notes = forms.CharField(label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("template"):
            if not data.get("kind"):
                self.add_error("kind", _("Choose the kind of the new template."))
            if not (data.get("title_ru") or "").strip():
                self.add_error("title_ru", _("Give the new template a title in Russian."))
        return data
