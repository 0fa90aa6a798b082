"""Forms of the draw area: list filters, freezing, the seed (dice; commit-then-reveal), the sample-size calculator.
Input shape only: the protocol's rules are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from audits import sampling
from audits.models import AuditDraw, AuditProgramme, SamplingPolicy
from pmis.core.forms import StyledFormMixin

QUARTERS = [(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]


class DrawFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    programme = forms.ModelChoiceField(
        label=_("Programme"), required=False, queryset=AuditProgramme.objects.none()
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("", _("Newest first")), ("frozen", _("Oldest first")), ("number", _("Number"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = AuditProgramme.objects.order_by("-year")
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes
        years = sorted({p.year for p in programmes}, reverse=True)
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            ("", _("All years")),
            *[(y, y) for y in years],
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All statuses")),
            *AuditDraw.Status.choices,
        ]


class DrawFreezeForm(StyledFormMixin, forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=AuditProgramme.objects.filter(status=AuditProgramme.Status.APPROVED).order_by("-year"),
        help_text=_("Only an approved programme can be drawn from."),
    )
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTERS, coerce=int)
    policy = forms.ModelChoiceField(
        label=_("Sampling policy"),
        queryset=SamplingPolicy.objects.select_related("programme").order_by("-programme__year", "-version"),
        help_text=_("The policy becomes fixed: a draw always shows the rules it was drawn under."),
    )
    cutoff = forms.DateField(
        label=_("Population as of"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Eligibility, risk weights and certainty rules are computed from the data on this date."),
    )


class DiceSeedForm(StyledFormMixin, forms.Form):
    digits = forms.CharField(
        label=_("Dice digits"),
        max_length=200,
        help_text=_("At least 20 digits, read out from public dice rolls in front of the witnesses."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    witnesses = forms.CharField(
        label=_("Witnesses"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One witness per line: name and the body they represent."),
    )

    def witness_list(self) -> list[str]:
        return [line for line in str(self.cleaned_data.get("witnesses", "")).splitlines() if line.strip()]


class CommitForm(StyledFormMixin, forms.Form):
    party = forms.CharField(label=_("Party"), max_length=200)
    commitment = forms.CharField(
        label=_("Commitment (SHA-256 of the secret)"),
        max_length=80,
        help_text=_("64 hexadecimal digits; the party keeps the secret until every party has committed."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class RevealForm(StyledFormMixin, forms.Form):
    # the parties still to reveal are offered from a <datalist id="reveal-parties"> on the draw page
    party = forms.CharField(
        label=_("Party"), max_length=200, widget=forms.TextInput(attrs={"list": "reveal-parties"})
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class SampleSizeForm(StyledFormMixin, forms.Form):
    alpha = forms.DecimalField(
        label=_("Risk of over-reliance α"),
        max_digits=6,
        decimal_places=4,
        initial=Decimal("0.05"),
        help_text=_("For example 0.05 for a confidence of 0.95."),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.0001", "max": "0.9999"}),
    )
    rate = forms.DecimalField(
        label=_("Tolerable deviation rate p"),
        max_digits=6,
        decimal_places=4,
        initial=Decimal("0.10"),
        help_text=_("For example 0.05 when one project in twenty may deviate."),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.0001", "max": "0.9999"}),
    )

    def clean_alpha(self) -> Decimal:
        value = cast(Decimal, self.cleaned_data["alpha"])
        if not Decimal(0) < value < Decimal(1):
            raise forms.ValidationError(_("Enter a number between 0 and 1, for example 0.05."))
        return value

    def clean_rate(self) -> Decimal:
        value = cast(Decimal, self.cleaned_data["rate"])
        if not Decimal(0) < value < Decimal(1):
            raise forms.ValidationError(_("Enter a number between 0 and 1, for example 0.10."))
        return value

    def sample_size(self) -> int | None:
        if not self.is_valid():
            return None
        return sampling.attribute_sample_size(self.cleaned_data["alpha"], self.cleaned_data["rate"])
