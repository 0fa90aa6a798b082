"""Forms of the report and analytics pages: the document language, the analytics filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pmis.core.forms import StyledFormMixin
from pmis.reference.models import Direction


def language_choices() -> list[tuple[str, Any]]:
    return [(code, name) for code, name in settings.LANGUAGES]


class DocumentLanguageForm(StyledFormMixin, forms.Form):
    """The language the document is written in (not the reader's: each reader keeps their own page)."""

    language = forms.ChoiceField(label=_("Language of the document"), choices=language_choices)


class AnalyticsFilterForm(StyledFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Programme year"), required=False, coerce=int, empty_value=None)
    direction = forms.ModelChoiceField(
        label=_("Basic direction"), required=False, queryset=Direction.objects.order_by("number")
    )

    def __init__(self, *args: Any, years: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [("", _("All years")), *[(y, str(y)) for y in years or []]]

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid value is ignored: the page shows everything rather than an error)."""
        if not self.is_bound or not self.is_valid():
            return {"year": None, "direction": None}
        return {"year": self.cleaned_data.get("year"), "direction": self.cleaned_data.get("direction")}


class AnalyticsPdfForm(DocumentLanguageForm):
    year = forms.IntegerField(label=_("Programme year"), min_value=2000, max_value=2100)
    direction = forms.ModelChoiceField(
        label=_("Basic direction"), required=False, queryset=Direction.objects.order_by("number")
    )
