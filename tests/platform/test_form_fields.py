"""The shared form renderer (templates/_form_fields.html): single checkboxes and checkbox lists."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string

from pmis.accounts.models import Organization
from pmis.core.forms import StyledFormMixin


class _Form(forms.Form):
    notify = forms.BooleanField(label="Notify me", required=False)
    routes = forms.MultipleChoiceField(
        label="Routes",
        choices=[("12", "Route 12"), ("37", "Route 37"), ("92", "Route 92")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every route the contract covers.",
    )


def test_a_checkbox_list_renders_one_check_per_option_with_its_choices_kept() -> None:
    html = render_to_string(
        "_form_fields.html", {"form": _Form(data={"routes": ["12", "92"], "notify": "on"})}
    )
    assert html.count('name="routes"') == 3
    assert '<legend class="form-label fs-6">Routes' in html
    for value, label in (("12", "Route 12"), ("37", "Route 37"), ("92", "Route 92")):
        assert f'value="{value}"' in html
        assert label in html
    checked = [
        chunk for chunk in html.split("<input")[1:] if 'name="routes"' in chunk and " checked" in chunk
    ]
    assert len(checked) == 2
    assert 'name="notify"' in html
    assert html.count('name="notify"') == 1


def test_a_checkbox_list_error_is_shown_next_to_it() -> None:
    form = _Form(data={})
    assert not form.is_valid()
    html = render_to_string("_form_fields.html", {"form": form})
    assert "is-invalid" in html
    assert str(form.errors["routes"][0]) in html


class _VoteForm(StyledFormMixin, forms.Form):
    vote = forms.ChoiceField(
        label="Vote",
        choices=[("for", "For"), ("against", "Against"), ("abstain", "Abstain")],
        widget=forms.RadioSelect,
    )


def test_radio_buttons_render_as_a_group_of_checks_not_one_checkbox() -> None:
    form = _VoteForm(data={"vote": "against"})
    direct = str(form["vote"])  # how custom templates render it: {{ form.vote }}
    group = direct.split(">", 1)[0]
    assert "form-check-input" not in group
    assert direct.count('type="radio"') == 3
    assert direct.count('class="form-check-label"') == 3
    assert 'value="against"' in direct.split("checked", 1)[0].rsplit("<input", 1)[1]

    html = render_to_string("_form_fields.html", {"form": form})
    assert '<legend class="form-label fs-6">Vote' in html
    assert html.count('type="radio"') == 3


def test_a_radio_error_marks_the_group_invalid() -> None:
    form = _VoteForm(data={"vote": "maybe"})
    assert not form.is_valid()
    direct = str(form["vote"])
    assert "is-invalid" in direct.split(">", 1)[0]


class _OrganizationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["kind", "parent"]


class _PlainOrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["kind", "parent"]


def test_the_blank_choice_is_a_dash_not_djangos_row_of_dashes(db: None) -> None:
    """Issue 10: "---------" showed as the empty choice of every select in Russian and Kazakh."""
    assert "---------" in str(_PlainOrganizationForm())  # Django's own label, which the mixin replaces
    form = _OrganizationForm()
    html = str(form["kind"]) + str(form["parent"])
    assert "---------" not in html
    assert html.count('<option value="" selected>— ') == 2  # "— choose —" / "— not set —" in the reader's words
