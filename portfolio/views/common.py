"""Helpers the portfolio views share: paging and form actions (the list and form helpers are pmis.core's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse

from pmis.core.forms import add_service_errors
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect

PAGE_SIZE = 25


def paginate(request: HttpRequest, qs: Any, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def params(request: HttpRequest) -> dict[str, str]:
    return {k: v for k, v in request.GET.items() if isinstance(v, str)}


def form_action(
    request: AuthedHtmxRequest,
    form: forms.BaseForm,
    service: Callable[[dict[str, Any]], Any],
    *,
    success: Any,
    done: Any,
    failed: Callable[[forms.BaseForm], HttpResponse],
) -> HttpResponse:
    """The one shape of a portfolio write after the access check: a bound, valid form runs the service (which
    gets the cleaned data); the service's ValidationError goes next to the form's fields. On success: the message
    (text, or a function of the cleaned data) and a redirect to `done` (an object, a URL name, or a function of
    the service's result). Otherwise `failed(form)` renders the page again with the form and its errors."""
    if form.is_bound and form.is_valid():
        try:
            result = service(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success(form.cleaned_data) if callable(success) else success)
            return hx_redirect(request, done(result) if callable(done) else done)
    return failed(form)
