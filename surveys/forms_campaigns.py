"""Forms of the campaign pages (input shape only; the rules are in surveys.services.campaigns)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from pmis.accounts.models import Organization
from pmis.core.forms import StyledFormMixin
from pmis.reference.models import Direction
from surveys.models import Campaign, Survey
from surveys.permissions import owned_surveys, surveys_visible_to


class CampaignFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Campaign.Status.choices]
    )
    trigger = forms.ChoiceField(
        label=_("Sent"),
        required=False,
        choices=[("", _("Every period or on an event")), *Campaign.Trigger.choices],
    )
    survey = forms.ModelChoiceField(label=_("Survey"), required=False, queryset=Survey.objects.none())
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Newest first")),
            ("created", _("Oldest first")),
            ("name", _("Name")),
            ("status", _("Status")),
            ("-rate", _("Most answers")),
        ],
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["survey"])
        field.queryset = surveys_visible_to(user).filter(audience=Survey.Audience.CUSTOMER, is_template=False)
        field.empty_label = _("All surveys")


class CampaignForm(StyledFormMixin, forms.Form):
    """A campaign's settings; `survey` only when creating (a campaign keeps its survey)."""

    survey = forms.ModelChoiceField(
        label=_("Survey"),
        queryset=Survey.objects.none(),
        help_text=_("An open customer survey you own."),
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    audience_kind = forms.ChoiceField(
        label=_("Audience"), choices=Campaign.AudienceKind.choices, widget=forms.RadioSelect
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        required=False,
        queryset=Organization.objects.none(),
        help_text=_("For “Staff of chosen departments”: every active user of these organizations."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    direction = forms.ModelChoiceField(
        label=_("Basic direction"),
        required=False,
        queryset=Direction.objects.none(),
        help_text=_(
            "For “Project managers of a basic direction”: the managers of its running projects. "
            "For a campaign on a gate or a closure: only that direction's projects."
        ),
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Chosen people"),
        required=False,
        queryset=get_user_model().objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    trigger = forms.ChoiceField(label=_("Sent"), choices=Campaign.Trigger.choices, widget=forms.RadioSelect)
    period = forms.ChoiceField(
        label=_("Period"),
        choices=Campaign.Period.choices,
        initial=Campaign.Period.QUARTER,
        help_text=_("A wave goes out on the first morning of each period."),
    )
    event = forms.ChoiceField(
        label=_("Event"),
        required=False,
        choices=[("", _("No event")), *Campaign.Event.choices],
        help_text=_(
            "A gate passed or a project closed: the project's manager and its department's officers are asked. "
            "An opinion issued: the users of the applicant department."
        ),
    )
    reminder_days = forms.IntegerField(
        label=_("Reminder after (days)"), min_value=1, max_value=365, initial=5
    )
    answer_days = forms.IntegerField(label=_("Open for (days)"), min_value=1, max_value=365, initial=14)

    def __init__(self, *args: Any, user: Any = None, with_survey: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_survey:
            cast(forms.ModelChoiceField, self.fields["survey"]).queryset = owned_surveys(user).filter(
                audience=Survey.Audience.CUSTOMER, is_template=False, status=Survey.Status.OPEN
            )
        else:
            del self.fields["survey"]
        cast(forms.ModelChoiceField, self.fields["departments"]).queryset = Organization.objects.filter(
            is_active=True
        ).order_by("name_ru")
        cast(forms.ModelChoiceField, self.fields["direction"]).queryset = Direction.objects.order_by("number")
        cast(forms.ModelChoiceField, self.fields["recipients"]).queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .select_related("organization")
            .order_by("last_name", "first_name", "username")
        )
