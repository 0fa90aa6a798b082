"""Input shape and field validation of the monitoring forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.models import Alert, Frequency, Recommendation
from pmis.core.forms import StyledFormMixin

MAX_EVIDENCE = 20 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".docx", ".csv", ".txt")


class ActualForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.IntegerField(label=_("Period"), min_value=1, max_value=12,
                                help_text=_("Month (1–12), quarter (1–4) or 1 for an annual indicator."))
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


class TargetForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.IntegerField(label=_("Period"), min_value=1, max_value=12)
    value = forms.DecimalField(label=_("Planned value"), max_digits=20, decimal_places=4)


class RejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class PolicyForm(StyledFormMixin, forms.Form):
    green_min = forms.DecimalField(label=_("Green from (achievement)"), max_digits=5, decimal_places=3,
                                   min_value=Decimal("0.01"), max_value=Decimal("5"))
    amber_min = forms.DecimalField(label=_("Amber from (achievement)"), max_digits=5, decimal_places=3,
                                   min_value=Decimal("0.01"), max_value=Decimal("5"))
    milestone_amber_days = forms.IntegerField(label=_("Milestone slip still Amber, days"), min_value=1, max_value=365)
    achievement_cap = forms.DecimalField(label=_("Achievement cap"), max_digits=5, decimal_places=3,
                                         min_value=Decimal("1"), max_value=Decimal("10"))
    effective_from = forms.DateField(label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        green, amber = data.get("green_min"), data.get("amber_min")
        if green is not None and amber is not None and amber >= green:
            self.add_error("amber_min", _("Amber must start below Green."))
        cap = data.get("achievement_cap")
        if cap is not None and green is not None and cap < green:
            self.add_error("achievement_cap", _("The cap must not be below the Green threshold."))
        return data


class PeriodForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=[(Frequency.QUARTERLY, _("Quarterly")),
                                                                  (Frequency.MONTHLY, _("Monthly"))])
    period = forms.IntegerField(label=_("Month or quarter"), min_value=1, max_value=12)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
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
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    alerts = forms.ModelMultipleChoiceField(label=_("Alerts"), queryset=Alert.objects.none())
    send = forms.BooleanField(label=_("Send to the project manager now"), required=False, initial=True)

    def __init__(self, *args: Any, alerts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if alerts is not None:
            self.fields["alerts"].queryset = alerts


class ResponseForm(StyledFormMixin, forms.Form):
    response = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("accept", _("Accept")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the recommendation is rejected."))
        return data


class DisbursementForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Record"), choices=[("paid", _("Disbursement")), ("plan", _("Cash plan"))])
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
    amount = forms.DecimalField(label=_("Amount, ₸"), max_digits=18, decimal_places=2, min_value=Decimal("0"))
