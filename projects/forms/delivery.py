"""Input shape for the plan, budget, registers and status reports (validation of single fields and pairs)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmis.accounts.models import User
from pmis.core.forms import StyledFormMixin
from projects.models import (
    BudgetLine,
    ChangeRequest,
    Document,
    Milestone,
    Project,
    ProjectIssue,
    Risk,
    StatusReport,
    Task,
)
from projects.services.reports import confidence_differs


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def _users() -> Any:
    return User.objects.filter(is_active=True).order_by("last_name", "first_name")


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class MilestoneForm(StyledFormMixin, forms.ModelForm):
    owner = UserChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    evidence: forms.ModelMultipleChoiceField[Document] = forms.ModelMultipleChoiceField(
        label=_("Evidence documents"),
        queryset=None,
        required=False,
        help_text=_("Documents of this project that prove the milestone is reached."),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    class Meta:
        model = Milestone
        fields = ["title", "planned_date", "forecast_date", "actual_date", "is_critical", "owner", "order"]
        widgets = {"planned_date": DateInput(), "forecast_date": DateInput(), "actual_date": DateInput()}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = _users()
        cast(forms.ModelChoiceField, self.fields["evidence"]).queryset = project.documents.order_by(
            "-created_at"
        )
        if self.instance.pk:
            self.fields["evidence"].initial = list(self.instance.evidence.values_list("pk", flat=True))

    def clean_actual_date(self) -> Any:
        value = self.cleaned_data.get("actual_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The actual date cannot be in the future."))
        return value


class TaskForm(StyledFormMixin, forms.ModelForm):
    responsible = UserChoiceField(label=_("Responsible"), queryset=User.objects.none(), required=False)
    predecessors: forms.ModelMultipleChoiceField[Task] = forms.ModelMultipleChoiceField(
        label=_("Predecessors"),
        queryset=None,
        required=False,
        help_text=_("Tasks that must finish before this one starts."),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    class Meta:
        model = Task
        fields = ["wbs_code", "title", "start", "finish", "progress", "responsible", "parent", "milestone"]
        widgets = {"start": DateInput(), "finish": DateInput()}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = project.tasks.order_by("wbs_code", "start")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.fields["predecessors"].initial = list(
                self.instance.predecessors.values_list("pk", flat=True)
            )
        cast(forms.ModelChoiceField, self.fields["predecessors"]).queryset = others
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = others
        cast(forms.ModelChoiceField, self.fields["milestone"]).queryset = project.milestones.order_by(
            "order", "planned_date"
        )
        cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = _users()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("finish") and data["finish"] < data["start"]:
            self.add_error("finish", _("The finish cannot be earlier than the start."))
        return data


class BudgetLineForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "source", "budget_program_code", "plan", "allocated", "committed", "disbursed"]
        widgets = {
            name: forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})
            for name in ("plan", "allocated", "committed", "disbursed")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)
        for name in ("year", "budget_program_code", "plan", "allocated", "committed", "disbursed"):
            self.fields[name].widget.attrs["class"] += " form-control-sm"
        self.fields["source"].widget.attrs["class"] += " form-select-sm"

    def validate_unique(self) -> None:
        """The service reports a duplicate line on the year field."""


class RiskForm(StyledFormMixin, forms.ModelForm):
    owner = UserChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)

    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "probability",
            "impact",
            "owner",
            "response",
            "status",
            "review_date",
        ]
        widgets = {
            "description": _text(),
            "response": _text(),
            "review_date": DateInput(),
            "probability": forms.Select(choices=[(i, str(i)) for i in range(1, 6)]),
            "impact": forms.Select(choices=[(i, str(i)) for i in range(1, 6)]),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = _users()


class IssueForm(StyledFormMixin, forms.ModelForm):
    owner = UserChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)

    class Meta:
        model = ProjectIssue
        fields = ["title", "description", "severity", "owner", "status", "due_date"]
        widgets = {"description": _text(), "due_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = _users()


class ChangeRequestForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ChangeRequest
        fields = [
            "title",
            "description",
            "change_scope",
            "change_dates",
            "change_budget",
            "change_indicators",
            "justification",
            "impact",
            "schedule_impact_days",
            "budget_impact",
        ]
        widgets = {"description": _text(), "justification": _text(), "impact": _text()}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not any(
            data.get(f) for f in ("change_scope", "change_dates", "change_budget", "change_indicators")
        ):
            self.add_error(
                None, _("Tick at least one thing the request changes: scope, dates, budget or indicators.")
            )
        return data


class DecisionForm(StyledFormMixin, forms.Form):
    """A note for assess / return / reject / approve; which of them is required is checked by the service."""

    note = forms.CharField(label=_("Note"), required=False, widget=_text(), max_length=5000)


class StatusReportForm(StyledFormMixin, forms.ModelForm):
    """Period (only when creating), the texts and the assessed confidence with its rationale."""

    class Meta:
        model = StatusReport
        fields = [
            "period_year",
            "period_month",
            "narrative",
            "achievements",
            "problems",
            "next_steps",
            "decisions_requested",
            "confidence",
            "confidence_rationale",
        ]
        widgets = {
            name: _text()
            for name in (
                "narrative",
                "achievements",
                "problems",
                "next_steps",
                "decisions_requested",
                "confidence_rationale",
            )
        }

    def __init__(self, *args: Any, computed_rag: str = "none", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.computed_rag = computed_rag
        if self.instance.pk:
            del self.fields["period_year"]
            del self.fields["period_month"]
        else:
            today = timezone.localdate()
            self.initial.setdefault("period_year", today.year)
            self.initial.setdefault("period_month", today.month)
            self.fields["period_month"].widget = forms.Select(
                choices=[(i, f"{i:02d}") for i in range(1, 13)], attrs={"class": "form-select"}
            )
        self.fields["confidence"].help_text = _(
            "Your assessment. If it differs from the computed RAG, explain why in the rationale."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        confidence = data.get("confidence") or ""
        if (
            confidence_differs(confidence, self.computed_rag)
            and not (data.get("confidence_rationale") or "").strip()
        ):
            self.add_error(
                "confidence_rationale",
                _("The assessed confidence differs from the computed RAG: write the rationale."),
            )
        return data

    def validate_unique(self) -> None:
        """The service reports a second report for the same month on the month field."""


class ReviewForm(StyledFormMixin, forms.Form):
    remarks = forms.CharField(
        label=_("Remarks"),
        required=False,
        widget=_text(4),
        max_length=5000,
        help_text=_("Required when returning the report."),
    )
