"""The helpers every app shares from pmis.core: a service's errors on a form, the list/export switches, reading
numbers from user input, the 403 half of a door, the job progress partial and the radio group."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory

from pmis.core.forms import StyledFormMixin, add_service_errors
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from pmis.core.models import Job
from pmis.core.numbers import parse_decimal, parse_int
from pmis.core.permissions import require
from pmis.core.templatetags.polling import POLL_SECONDS


class _NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="Note")


def _bound() -> _NoteForm:
    form = _NoteForm(data={"note": "Checked."})
    assert form.is_valid()
    return form


def test_a_field_error_the_form_shows_goes_next_to_that_field() -> None:
    form = _bound()
    add_service_errors(form, ValidationError({"note": "Say more."}))
    assert form.errors == {"note": ["Say more."]}
    assert "is-invalid" in form.fields["note"].widget.attrs["class"]
    assert form.fields["note"].widget.attrs["aria-invalid"] == "true"


def test_a_field_error_the_form_lacks_goes_on_top_of_the_form_instead_of_raising() -> None:
    form = _bound()
    add_service_errors(
        form, ValidationError({"limit_ratio": "No obligation limit for 2027.", "note": "Too short."})
    )
    assert form.errors["note"] == ["Too short."]
    assert form.non_field_errors() == ["No obligation limit for 2027."]
    assert "limit_ratio" not in form.errors


def test_a_message_list_and_an_all_error_go_on_top_of_the_form() -> None:
    form = _bound()
    add_service_errors(form, ValidationError(["First problem.", "Second problem."]))
    assert form.non_field_errors() == ["First problem.", "Second problem."]

    form = _bound()
    add_service_errors(form, ValidationError({NON_FIELD_ERRORS: ["The meeting is not held."]}))
    assert form.non_field_errors() == ["The meeting is not held."]
    assert not form.is_valid()


def test_an_error_naming_no_field_goes_next_to_the_field_asked_for() -> None:
    form = _bound()
    add_service_errors(form, ValidationError("The file is empty."), field="note")
    assert form.errors == {"note": ["The file is empty."]}
    assert form.fields["note"].widget.attrs["aria-invalid"] == "true"

    form = _bound()  # a field the form lacks: on top of the form, not a 500
    add_service_errors(form, ValidationError("The file is empty."), field="file")
    assert form.non_field_errors() == ["The file is empty."]


def test_list_switches_read_the_query_string() -> None:
    factory = RequestFactory()
    assert wants_xlsx(factory.get("/x/", {"export": "xlsx"})) is True
    assert wants_xlsx(factory.get("/x/", {"export": "csv"})) is False
    assert wants_xlsx(factory.get("/x/")) is False
    request = factory.get("/x/", {"q": "school", "page": "3", "export": "xlsx", "sort": "-code"})
    assert query_without_page(request) == "q=school&sort=-code"
    assert EXPORT_LIMIT == 20000


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, 7),
        ("  42 ", 42),
        ("-3", -3),
        (2026.0, 2026),
        (Decimal("12"), 12),
        (1.5, None),
        (Decimal("1.5"), None),
        ("1.5", None),
        ("12a", None),
        ("", None),
        (None, None),
        (True, None),
        ("9" * 19, None),
        (float("nan"), None),
        (float("inf"), None),
        (Decimal("Infinity"), None),
        ([1], None),
    ],
)
def test_parse_int_takes_only_exact_integers(value: object, expected: int | None) -> None:
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.50", Decimal("12.50")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0000", Decimal("1000")),
        (3, Decimal("3")),
        (0.1, Decimal("0.1")),
        (Decimal("-7.25"), Decimal("-7.25")),
        ("", None),
        ("  ", None),
        (None, None),
        (False, None),
        ("abc", None),
        ("NaN", None),
        ("Infinity", None),
        (float("inf"), None),
        (object(), None),
    ],
)
def test_parse_decimal_takes_only_finite_numbers(value: object, expected: Decimal | None) -> None:
    assert parse_decimal(value) == expected


def test_require_answers_403_only_when_not_allowed() -> None:
    require(True)
    with pytest.raises(PermissionDenied):
        require(False)


def test_the_job_partial_polls_its_container_while_the_job_runs_and_stops_after() -> None:
    running = Job(pk=5, kind="tests.echo", status=Job.Status.RUNNING, progress=30)
    html = render_to_string(
        "core/_job_progress.html", {"job": running, "poll": "/jobs/5/", "target": "job-box"}
    )
    assert (
        f'hx-get="/jobs/5/" hx-trigger="every {POLL_SECONDS}s" hx-target="#job-box" hx-swap="outerHTML"'
        in html
    )
    assert 'aria-valuenow="30"' in html
    assert "progress-bar-animated" in html

    done = Job(pk=5, kind="tests.echo", status=Job.Status.SUCCEEDED, progress=100)
    html = render_to_string("core/_job_progress.html", {"job": done, "poll": "/jobs/5/", "target": "job-box"})
    assert "hx-get" not in html
    assert "bg-success" in html


class _VoteForm(StyledFormMixin, forms.Form):
    vote = forms.ChoiceField(
        label="Vote", choices=[("for", "For"), ("against", "Against")], widget=forms.RadioSelect
    )


@pytest.mark.parametrize("template", ["_form_fields.html", "monitoring/_field.html"])
def test_field_templates_draw_radios_with_the_one_radio_widget(template: str) -> None:
    form = _VoteForm(data={"vote": "against"})
    html = render_to_string(template, {"form": form, "field": form["vote"]})
    assert html.count('class="pmis-radio') == 1
    assert html.count('type="radio"') == 2
    assert html.count("<legend") == 1
    checked = [chunk for chunk in html.split("<input")[1:] if " checked" in chunk]
    assert len(checked) == 1
    assert 'value="against"' in checked[0]
