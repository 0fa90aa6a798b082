"""Input shape and field validation of the monitoring forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.models import Alert, Frequency, Recommendation
from pmis.core.forms import StyledFormMixin

MAX_EVIDENCE = 20 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".docx", ".csv", ".txt")


class ActualForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.IntegerField(
        label=_("Period"),
        min_value=1,
        max_value=12,
        help_text=_("Month (1–12), quarter (1–4) or 1 for an annual indicator."),
    )
    value = forms.DecimalField(label=_("Actual value"), max_digits=20, decimal_places=4)
    source = forms.CharField(label=_("Source"), max_length=255, required=False)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("Evidence"), required=False)

    def clean_evidence(self) -> Any:
        file = self.cleaned_data.get("evidence")
        if file:
            if file.size > MAX_EVIDENCE:
                raise forms.ValidationError(_("The file is larger than 20 MB."))
            if not file.name.lower().endswith(EVIDENCE_TYPES):
                raise forms.ValidationError(_("Upload a PDF, image, Excel, Word, CSV or text file."))
        return file


class RejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class PolicyForm(StyledFormMixin, forms.Form):
    green_min = forms.DecimalField(
        label=_("Green from (achievement)"),
        max_digits=5,
        decimal_places=3,
        min_value=Decimal("0.01"),
        max_value=Decimal("5"),
    )
    amber_min = forms.DecimalField(
        label=_("Amber from (achievement)"),
        max_digits=5,
        decimal_places=3,
        min_value=Decimal("0.01"),
        max_value=Decimal("5"),
    )
    milestone_amber_days = forms.IntegerField(
        label=_("Milestone slip still Amber, days"), min_value=1, max_value=365
    )
    achievement_cap = forms.DecimalField(
        label=_("Achievement cap"),
        max_digits=5,
        decimal_places=3,
        min_value=Decimal("1"),
        max_value=Decimal("10"),
    )
    effective_from = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        green, amber = data.get("green_min"), data.get("amber_min")
        if green is not None and amber is not None and amber >= green:
            self.add_error("amber_min", _("Amber must start below Green."))
        cap = data.get("achievement_cap")
        if cap is not None and green is not None and cap < green:
            self.add_error("achievement_cap", _("The cap must not be below the Green threshold."))
        return data


class PeriodForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )
    frequency = forms.ChoiceField(
        label=_("Frequency"),
        choices=[(Frequency.QUARTERLY, _("Quarterly")), (Frequency.MONTHLY, _("Monthly"))],
    )
    period = forms.IntegerField(label=_("Month or quarter"), min_value=1, max_value=12)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("frequency") == Frequency.QUARTERLY and (data.get("period") or 0) > 4:
            self.add_error("period", _("A quarter is numbered 1 to 4."))
        return data


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        if file.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return file


class RecommendationForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Recommendation.Kind.choices)
    text = forms.CharField(
        label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    alerts = forms.ModelMultipleChoiceField(label=_("Alerts"), queryset=Alert.objects.none())
    send = forms.BooleanField(label=_("Send to the project manager now"), required=False, initial=True)

    def __init__(self, *args: Any, alerts: Any = None, compact: bool = False, **kwargs: Any) -> None:
        if compact:  # a project's few alerts read better as ticks than as a list box
            # this form's own copy of the class's fields (the stubs declare base_fields a class variable only)
            self.base_fields = {**self.base_fields}  # type: ignore[misc]
            self.base_fields["alerts"] = forms.ModelMultipleChoiceField(
                label=_("Alerts"), queryset=Alert.objects.none(), widget=forms.CheckboxSelectMultiple
            )
        super().__init__(*args, **kwargs)
        alerts_field = cast(forms.ModelMultipleChoiceField, self.fields["alerts"])
        if alerts is not None:
            alerts_field.queryset = alerts
        # a label function set on this field instance; the stubs know only the method
        alerts_field.label_from_instance = lambda a: (  # type: ignore[method-assign,assignment]
            f"{a.get_severity_display()}: {a.title} ({a.period_label})"
        )
        if not compact:
            self.fields["alerts"].widget.attrs["size"] = 12
            self.fields["alerts"].help_text = _(
                "Hold Ctrl to pick several. Starting from an alert (situational view, alert list) offers only its "
                "project's alerts."
            )


class ResponseForm(StyledFormMixin, forms.Form):
    response = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("reject", _("Reject"))]
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the recommendation is rejected."))
        return data


class DisbursementForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Record"), choices=[("paid", _("Disbursement")), ("plan", _("Cash plan"))]
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
    amount = forms.DecimalField(label=_("Amount, ₸"), max_digits=18, decimal_places=2, min_value=Decimal("0"))


class IndicatorForm(StyledFormMixin, forms.ModelForm):
    """Every field of an indicator. The project is typed as its code (the register is too large for a list);
    the view passes the projects the user may add indicators to, and whether the level/project are fixed."""

    higher_is_better = forms.TypedChoiceField(
        label=_("Desired trend"),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        choices=[("1", _("Higher is better")), ("0", _("Lower is better"))],
        initial="1",
    )
    project_code = forms.CharField(
        label=_("Project (code)"),
        max_length=40,
        required=False,
        help_text=_("Required for a project indicator: the register code of the project, e.g. PRJ-2026-001."),
    )

    class Meta:
        from monitoring.models import Indicator

        model = Indicator
        fields = [
            "level",
            "code",
            "name_ru",
            "name_kk",
            "name_en",
            "parent",
            "program_item",
            "direction",
            "unit",
            "higher_is_better",
            "baseline_value",
            "baseline_date",
            "calculation_method",
            "source",
            "frequency",
            "is_cumulative",
            "responsible_organization",
            "responsible_person",
            "national_project_code",
        ]
        widgets = {
            "baseline_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "calculation_method": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "code": _(
                "Unique, e.g. S-03 for a strategic indicator or the project code with -I1 for a project one."
            ),
            "parent": _("The strategic or program indicator this one contributes to."),
            "program_item": _("The development program or national project a program indicator belongs to."),
            "direction": _("For strategic and program indicators; a project indicator follows its project."),
            "frequency": _("How often actual values are reported; it cannot change once values exist."),
        }

    def __init__(
        self,
        *args: Any,
        projects: Any = None,
        fixed_project: Any = None,
        project_only: bool = False,
        **kwargs: Any,
    ) -> None:
        from monitoring.models import Indicator
        from pmis.accounts.models import Organization, User

        super().__init__(*args, **kwargs)
        self.projects = projects
        self.fixed_project = fixed_project
        self.fields["higher_is_better"].widget.attrs["class"] = "form-check-input"
        strategic_first = Case(When(level=Indicator.Level.STRATEGIC, then=Value(0)), default=Value(1))
        parents = Indicator.objects.filter(
            level__in=[Indicator.Level.STRATEGIC, Indicator.Level.PROGRAM], retired_at__isnull=True
        ).order_by(strategic_first, "code")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        parent_field = cast(forms.ModelChoiceField, self.fields["parent"])
        parent_field.queryset = parents
        parent_field.label_from_instance = lambda i: (  # type: ignore[method-assign,assignment]  # as above
            f"{i.get_level_display()}: {i.code} · {i.name}"
        )
        cast(
            forms.ModelChoiceField, self.fields["responsible_organization"]
        ).queryset = Organization.objects.filter(is_active=True).order_by("name_ru")
        cast(forms.ModelChoiceField, self.fields["responsible_person"]).queryset = User.objects.filter(
            is_active=True
        ).order_by("last_name", "first_name")
        if self.instance.pk and self.instance.project_id:
            self.initial.setdefault("project_code", self.instance.project.code)
        if self.instance.pk:
            self.initial["higher_is_better"] = "1" if self.instance.higher_is_better else "0"
        if fixed_project is not None or project_only:
            cast(forms.ChoiceField, self.fields["level"]).choices = [
                (Indicator.Level.PROJECT, Indicator.Level.PROJECT.label)
            ]
            self.fields["level"].initial = Indicator.Level.PROJECT
        if fixed_project is not None or project_only:
            # a project indicator takes its direction (and program) from its project
            del self.fields["direction"]
            del self.fields["program_item"]
        if fixed_project is not None:
            self.fields["project_code"].initial = fixed_project.code
            self.fields["project_code"].disabled = True
            self.fields["project_code"].help_text = _("A project indicator follows its project's direction.")

    def clean_code(self) -> str:
        from monitoring.services.indicators import indicator_code_taken

        code = (self.cleaned_data.get("code") or "").strip()
        if code and indicator_code_taken(code, exclude_pk=self.instance.pk):
            raise forms.ValidationError(_("An indicator with this code already exists."))
        return code

    def clean(self) -> dict[str, Any]:
        from monitoring.models import Indicator

        super().clean()
        data = self.cleaned_data
        level = data.get("level")
        code = (data.get("project_code") or "").strip()
        project = self.fixed_project
        if level == Indicator.Level.PROJECT and project is None:
            if not code:
                self.add_error("project_code", _("A project indicator needs its project."))
            else:
                project = (
                    self.projects.filter(code__iexact=code).first() if self.projects is not None else None
                )
                if project is None:
                    self.add_error(
                        "project_code", _("No project with this code that you may add indicators to.")
                    )
        elif level and level != Indicator.Level.PROJECT and code:
            self.add_error(
                "project_code", _("Only a project indicator belongs to a project; leave this empty.")
            )
        data["project"] = project if level == Indicator.Level.PROJECT else None
        return data


class RetireForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for retirement"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class TargetGridForm(StyledFormMixin, forms.Form):
    """One optional decimal per (year, period) cell, named t-<year>-<period>; an emptied cell removes the target."""

    def __init__(
        self,
        *args: Any,
        years: list[int],
        periods: int,
        locked: set[tuple[int, int]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        self.periods = periods
        for year in years:
            for period in range(1, periods + 1):
                name = f"t-{year}-{period}"
                self.fields[name] = forms.DecimalField(
                    label=f"{year} / {period}",
                    required=False,
                    max_digits=20,
                    decimal_places=4,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
                    disabled=bool(locked and (year, period) in locked),
                )

    def cells(self) -> dict[tuple[int, int], Decimal | None]:
        return {
            (year, period): self.cleaned_data.get(f"t-{year}-{period}")
            for year in self.years
            for period in range(1, self.periods + 1)
            if not self.fields[f"t-{year}-{period}"].disabled
        }

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"year": year, "cells": [self[f"t-{year}-{period}"] for period in range(1, self.periods + 1)]}
            for year in self.years
        ]
