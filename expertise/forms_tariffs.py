"""Forms of the tariff pages: input shape and field validation only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from expertise.models.tariffs import CostLine, RoutePeriodData, SubsidyContract, TariffCase, TariffNorm
from pmis.accounts.roles import EXPERT
from pmis.core.forms import StyledFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def experts() -> QuerySet[Any]:
    return get_user_model().objects.filter(groups__name=EXPERT, is_active=True).order_by("last_name", "first_name")


class TariffCaseFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Carrier, contract number, route number or name."))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *TariffCase.Status.choices])
    expert = forms.ChoiceField(label=_("Expert"), required=False,
                               choices=[("", _("All experts")), ("me", _("Assigned to me"))])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False,
        choices=[("-period", _("Newest period first")), ("period", _("Oldest period first")),
                 ("carrier", _("Carrier")), ("status", _("Status")), ("-subsidy", _("Largest verified subsidy"))],
    )


class TariffCaseCreateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TariffCase
        fields = ["contract", "period_start", "period_end", "assigned_expert", "cost_method", "netting", "claimed_subsidy"]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = SubsidyContract.objects.select_related("carrier")
        self.fields["assigned_expert"].queryset = experts()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
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
        self.fields["assigned_expert"].queryset = experts()
        self.fields["assigned_expert"].required = True


class RoutePeriodDataForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RoutePeriodData
        fields = [
            "route", "planned_km", "actual_km", "gps_km", "trips_planned", "trips_completed", "passengers_paying",
            "passengers_benefit", "passenger_km", "e_ticket_validations", "fuel_litres", "headcount", "wage_fund",
            "depreciation", "depreciation_register", "non_route_costs", "other_revenue", "claimed_subsidy",
        ]

    def __init__(self, *args: Any, case: TariffCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        routes = case.contract.routes.all()
        if self.instance.pk:
            self.fields["route"].disabled = True
        else:
            routes = routes.exclude(period_data__case=case)
        self.fields["route"].queryset = routes
        for name in self.ZERO_IF_EMPTY:
            self.fields[name].required = False

    ZERO_IF_EMPTY = (
        "trips_planned", "trips_completed", "passengers_paying", "passengers_benefit", "passenger_km", "headcount",
        "wage_fund", "depreciation", "non_route_costs", "other_revenue",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
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
        self.fields["route"].queryset = case.contract.routes.filter(period_data__case=case)
        self.fields["norm"].queryset = TariffNorm.objects.valid_on(case.period_start)


class TransitionForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(choices=[("submit", "submit"), ("verify", "verify"), ("reject", "reject"),
                                        ("reopen", "reopen")], widget=forms.HiddenInput)
    conclusion = forms.CharField(label=_("Conclusion"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
