"""Helpers the portfolio views share: the export switch, paging, query strings, form actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse

from pmis.core.htmx import AuthedHtmxRequest, hx_redirect

PAGE_SIZE = 25
EXPORT_LIMIT = 20000


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("export") == "xlsx"


def paginate(request: HttpRequest, qs: Any, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return params.urlencode()


def params(request: HttpRequest) -> dict[str, str]:
    return {k: v for k, v in request.GET.items() if isinstance(v, str)}


def add_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the form fields it names (or on top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


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
            add_errors(form, exc)
        else:
            messages.success(request, success(form.cleaned_data) if callable(success) else success)
            return hx_redirect(request, done(result) if callable(done) else done)
    return failed(form)
