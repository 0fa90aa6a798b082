"""Forms of the tariff pages: input shape and field validation only."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from expertise.tariffs.models import (
    Carrier,
    CostLine,
    Route,
    RoutePeriodData,
    SubsidyContract,
    TariffCase,
    TariffNorm,
)
from pmis.accounts.roles import EXPERT
from pmis.core.forms import StyledFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def experts() -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.filter(groups__name=EXPERT, is_active=True)
        .order_by("last_name", "first_name")
    )


class TariffCaseFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Carrier, contract number, route number or name."),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *TariffCase.Status.choices]
    )
    expert = forms.ChoiceField(
        label=_("Expert"), required=False, choices=[("", _("All experts")), ("me", _("Assigned to me"))]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-period", _("Newest period first")),
            ("period", _("Oldest period first")),
            ("carrier", _("Carrier")),
            ("status", _("Status")),
            ("-subsidy", _("Largest verified subsidy")),
        ],
    )


class TariffCaseCreateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TariffCase
        fields = [
            "contract",
            "period_start",
            "period_end",
            "assigned_expert",
            "cost_method",
            "netting",
            "claimed_subsidy",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["contract"]
        ).queryset = SubsidyContract.objects.select_related("carrier")
        cast(forms.ModelChoiceField, self.fields["assigned_expert"]).queryset = experts()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        contract, start, end = data.get("contract"), data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period is before its start."))
        elif contract and start and end and (start < contract.period_start or end > contract.period_end):
            self.add_error("period_start", _("The period lies outside the contract's term."))
        return data


class TariffCaseSettingsForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TariffCase
        fields = ["cost_method", "netting", "claimed_subsidy", "conclusion"]
        widgets = {"conclusion": forms.Textarea(attrs={"rows": 3})}


class TariffCaseAssignForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TariffCase
        fields = ["assigned_expert"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assigned_expert"]).queryset = experts()
        self.fields["assigned_expert"].required = True


class RoutePeriodDataForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RoutePeriodData
        fields = [
            "route",
            "planned_km",
            "actual_km",
            "gps_km",
            "trips_planned",
            "trips_completed",
            "passengers_paying",
            "passengers_benefit",
            "passenger_km",
            "e_ticket_validations",
            "fuel_litres",
            "headcount",
            "wage_fund",
            "depreciation",
            "depreciation_register",
            "non_route_costs",
            "other_revenue",
            "claimed_subsidy",
        ]

    def __init__(self, *args: Any, case: TariffCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        routes = case.contract.routes.all()
        if self.instance.pk:
            self.fields["route"].disabled = True
        else:
            routes = routes.exclude(period_data__case=case)
        cast(forms.ModelChoiceField, self.fields["route"]).queryset = routes
        for name in self.ZERO_IF_EMPTY:
            self.fields[name].required = False

    ZERO_IF_EMPTY = (
        "trips_planned",
        "trips_completed",
        "passengers_paying",
        "passengers_benefit",
        "passenger_km",
        "headcount",
        "wage_fund",
        "depreciation",
        "non_route_costs",
        "other_revenue",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in self.ZERO_IF_EMPTY:
            if name in data and data[name] is None:
                data[name] = 0
                setattr(self.instance, name, 0)
        planned, completed = data.get("trips_planned"), data.get("trips_completed")
        if planned and completed is not None and completed > planned:
            self.add_error("trips_completed", _("More trips completed than the timetable has."))
        return data


class CostLineForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CostLine
        fields = ["route", "item", "amount", "norm", "note"]

    def __init__(self, *args: Any, case: TariffCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["route"]).queryset = case.contract.routes.filter(
            period_data__case=case
        )
        cast(forms.ModelChoiceField, self.fields["norm"]).queryset = TariffNorm.objects.valid_on(
            case.period_start
        )


class TransitionForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(
        choices=[("submit", "submit"), ("verify", "verify"), ("reject", "reject"), ("reopen", "reopen")],
        widget=forms.HiddenInput,
    )
    conclusion = forms.CharField(
        label=_("Conclusion"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    unchecked_reason = forms.CharField(
        label=_("Reason to confirm with checks not run"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# ------------------------------------------------------------------------------------ reference data


class CarrierForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Carrier
        fields = ["name", "bin", "address", "is_active"]


class RouteForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Route
        fields = ["number", "name", "length_km", "socially_significant"]


class SubsidyContractForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SubsidyContract
        fields = [
            "number",
            "carrier",
            "routes",
            "period_start",
            "period_end",
            "fare",
            "fare_basis",
            "cap_amount",
            "legal_basis",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "routes": forms.SelectMultiple(attrs={"size": 8}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        carriers = Carrier.objects.all()
        if not (self.instance.pk and self.instance.carrier_id):
            carriers = carriers.filter(is_active=True)
        else:
            carriers = carriers.filter(Q(is_active=True) | Q(pk=self.instance.carrier_id))
        cast(forms.ModelChoiceField, self.fields["carrier"]).queryset = carriers
        cast(forms.ModelChoiceField, self.fields["routes"]).queryset = Route.objects.all()
        self.fields["routes"].help_text = _("Hold Ctrl (⌘ on a Mac) to select several routes.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period is before its start."))
        return data


class TariffNormForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TariffNorm
        fields = ["code", "value", "unit", "legal_source", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE, "legal_source": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "legal_source": _("The act, its number and date, and the clause the value comes from."),
            "valid_to": _("Leave empty while the value is in force."),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end of validity is before its start."))
        return data


class ReferenceFilterForm(StyledFormMixin, forms.Form):
    """Search, one filter and the sort order of a reference list; the choices are set by the list's kind."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    filter = forms.ChoiceField(label=_("Show"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(
        self,
        *args: Any,
        filters: list[tuple[str, Any]],
        sorts: list[tuple[str, Any]],
        search_help: Any,
        filter_label: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["filter"]).choices = filters
        self.fields["filter"].label = filter_label
        cast(forms.ChoiceField, self.fields["sort"]).choices = sorts
        self.fields["q"].help_text = search_help
