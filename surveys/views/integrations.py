"""Survey views: where the results go. The city-wide survey's owners submit its weighted satisfaction share of a
year as the actual of the indicator it feeds, after a confirmation showing the value and how it was obtained.
This module's `urlpatterns` is included by surveys/urls.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pmis.core.forms import add_service_errors
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect
from surveys import feeds
from surveys.models import Survey
from surveys.permissions import access_survey


class FeedForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, str(y)) for y in years]
        field.widget.attrs["class"] = "form-select form-select-sm"


def _figure(survey: Survey, year: int | None) -> tuple[feeds.FeedFigure | None, str]:
    if year is None:
        return None, ""
    try:
        return feeds.feed_figure(survey, year), ""
    except ValidationError as exc:
        return None, " ".join(exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def feed_indicator(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """GET: the confirmation (value, n, n_eff, references) for the chosen year; POST: submit it."""
    survey = access_survey(request.user, pk, write=True)
    years = feeds.feed_years(survey)
    data = request.POST if request.method == "POST" else (request.GET if "year" in request.GET else None)
    form = FeedForm(data, years=years, initial={"year": years[0] if years else None})
    year = (
        form.cleaned_data["year"] if data is not None and form.is_valid() else (years[0] if years else None)
    )
    if request.method == "POST" and form.is_valid():
        try:
            submitted, _actual = feeds.feed_indicator(survey, form.cleaned_data["year"], request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "%(value)s %% submitted as the %(year)s value of %(code)s; it awaits verification by the "
                    "Situational-Analytical Center."
                )
                % {"value": submitted.value, "year": submitted.year, "code": submitted.code},
            )
            return hx_redirect(request, f"{reverse('surveys:feed-indicator', args=[survey.pk])}?year={year}")
    figure, refusal = _figure(survey, year)
    if not survey.feeds_indicator_code:
        refusal = _("This survey does not feed an indicator.")
    elif not years:
        refusal = _("The survey has no answers yet.")
    return render(
        request,
        "surveys/integrations/feed_confirm.html",
        {"survey": survey, "form": form, "figure": figure, "refusal": refusal, "year": year},
        status=200,
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/feed/", feed_indicator, name="feed-indicator"),
]
