"""Forms of the results pages: the filters (period, version, channel, campaign, population share versions)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pmis.core.forms import StyledFormMixin
from surveys.models import Campaign, PopulationReference, Response, SurveyVersion
from surveys.selectors_results import Filters


class ResultsFilterForm(StyledFormMixin, forms.Form):
    period_from = forms.DateField(
        label=_("Period from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_to = forms.DateField(
        label=_("Period to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    version = forms.TypedChoiceField(label=_("Version"), required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *Response.Channel.choices]
    )
    campaign = forms.TypedChoiceField(label=_("Campaign"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        versions: list[SurveyVersion],
        campaigns: list[Campaign] | None = None,
        references: list[PopulationReference] | None = None,
        dimensions: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        version_field = cast(forms.ChoiceField, self.fields["version"])
        version_field.choices = [("", _("All versions (shared questions)"))] + [
            (v.number, _("Version %(number)s") % {"number": v.number}) for v in versions
        ]
        if campaigns is None:
            del self.fields["campaign"]
        else:
            cast(forms.ChoiceField, self.fields["campaign"]).choices = [("", _("All answers"))] + [
                (c.pk, c.name) for c in campaigns
            ]
        labels = dict(PopulationReference.Dimension.choices)
        for dim in dimensions or []:
            refs = [r for r in references or [] if r.dimension == dim]
            self.fields[f"ref_{dim}"] = forms.TypedChoiceField(
                label=_("Population shares: %(dimension)s") % {"dimension": labels.get(dim, dim)},
                required=False,
                coerce=int,
                empty_value=None,
                widget=forms.Select(attrs={"class": "form-select"}),
                choices=[("", _("Latest valid on the period"))]
                + [
                    (
                        r.version,
                        _("Version %(number)s (from %(date)s)") % {"number": r.version, "date": r.valid_from},
                    )
                    for r in refs
                ],
            )
        self.dimensions = list(dimensions or [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("The end of the period is before its start."))
        return data

    def filters(self, *, campaign_id: int | None = None) -> Filters:
        """The filters of a valid form; the unfiltered results when it is not (its errors are shown)."""
        if not self.is_bound or not self.is_valid():
            return Filters(campaign_id=campaign_id)
        data = self.cleaned_data
        return Filters(
            period_from=data.get("period_from"),
            period_to=data.get("period_to"),
            version=data.get("version"),
            channel=data.get("channel") or "",
            campaign_id=campaign_id or data.get("campaign"),
            references={d: v for d in self.dimensions if (v := data.get(f"ref_{d}"))},
        )


# --- population shares (the weighting's reference data) ---------------------------------------------------------


class PopulationFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    dimension = forms.ChoiceField(
        label=_("Dimension"),
        required=False,
        choices=[("", _("All dimensions")), *PopulationReference.Dimension.choices],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Dimension, newest version first")),
            ("-valid_from", _("Newest validity first")),
            ("valid_from", _("Oldest validity first")),
            ("source", _("Source")),
        ],
    )


class PopulationForm(StyledFormMixin, forms.Form):
    """A new version of one dimension's shares: one share per category (they must add up to 1)."""

    dimension = forms.ChoiceField(label=_("Dimension"), choices=PopulationReference.Dimension.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(
        label=_("Source"),
        max_length=255,
        help_text=_("Where the shares come from, e.g. the statistics bureau's release and its date."),
    )

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories
        for code, label in categories:
            self.fields[f"share_{code}"] = forms.DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_value=1,
                max_digits=8,
                decimal_places=6,
                widget=forms.NumberInput(
                    attrs={"class": "form-control", "step": "0.000001", "min": "0", "max": "1"}
                ),
            )

    def share_fields(self) -> list[Any]:
        return [self[f"share_{code}"] for code, _label in self.categories]

    def shares(self) -> dict[str, Any]:
        return {code: self.cleaned_data.get(f"share_{code}") for code, _label in self.categories}
