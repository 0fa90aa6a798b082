"""Indicator management: create, edit, retire / reinstate, the targets grid and the full change history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from monitoring import selectors_indicators as sel
from monitoring.forms import IndicatorForm, RetireForm, TargetGridForm
from monitoring.models import Indicator
from monitoring.permissions import (
    EDIT,
    access_indicator,
    access_indicator_project,
    can_create_indicators,
    can_edit_targets,
    can_enter_actual,
    can_manage_indicator,
    can_manage_indicators,
    can_place_indicator,
    indicator_projects_for,
)
from monitoring.services.indicators import (
    indicator_reinstate,
    indicator_retire,
    indicator_save,
    locked_periods,
    next_indicator_code,
    targets_save_grid,
)
from pmis.core.excel import xlsx_response
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect
from pmis.core.lists import wants_xlsx
from pmis.core.permissions import require

_DATALIST_LIMIT = 300


def _project_choices(user: Any) -> list[Any]:
    """Codes offered as suggestions in the project field (the user's own editable projects, not the whole register)."""
    if can_manage_indicators(user):
        return []
    return list(
        indicator_projects_for(user)
        .order_by("code")
        .only("pk", "code", "title_ru", "title_kk", "title_en")[:_DATALIST_LIMIT]
    )


def _save(
    request: AuthedHtmxRequest, form: IndicatorForm, indicator: Indicator, old_frequency: str | None
) -> bool:
    indicator.project = form.cleaned_data.get("project")
    if not can_place_indicator(request.user, indicator):
        form.add_error("project_code", _("You may add indicators only to projects you edit."))
        return False
    try:
        indicator_save(indicator=indicator, actor=request.user, old_frequency=old_frequency)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: AuthedHtmxRequest) -> HttpResponse:
    require(can_create_indicators(request.user))
    only_project = not can_manage_indicators(request.user)
    form = IndicatorForm(
        request.POST or None,
        projects=indicator_projects_for(request.user),
        project_only=only_project,
        initial={
            "level": request.GET.get("level") or Indicator.Level.PROJECT,
            "parent": request.GET.get("parent") or None,
        },
    )
    if request.method == "POST" and form.is_valid() and _save(request, form, form.instance, None):
        messages.success(
            request, _("Indicator %(code)s created. Now set its targets.") % {"code": form.instance.code}
        )
        return hx_redirect(request, "monitoring:indicator-targets", form.instance.pk)
    return render(
        request,
        "monitoring/indicator_form.html",
        {
            "form": form,
            "indicator": None,
            "project": None,
            "project_choices": _project_choices(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_indicator_create(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """A new indicator of this project (from the card's Indicators tab): its editors, SAC and the Project Office."""
    project = access_indicator_project(request.user, pk)
    form = IndicatorForm(
        request.POST or None,
        projects=indicator_projects_for(request.user),
        fixed_project=project,
        initial={
            "code": next_indicator_code(project),
            "responsible_organization": project.department_id,
            "responsible_person": project.manager_id,
        },
    )
    if request.method == "POST" and form.is_valid() and _save(request, form, form.instance, None):
        messages.success(
            request, _("Indicator %(code)s created. Now set its targets.") % {"code": form.instance.code}
        )
        return hx_redirect(request, "monitoring:indicator-targets", form.instance.pk)
    return render(
        request,
        "monitoring/indicator_form.html",
        {
            "form": form,
            "indicator": None,
            "project": project,
            "project_choices": [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_update(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    indicator = access_indicator(request.user, pk, perm=EDIT)
    old_frequency = indicator.frequency
    only_project = not can_manage_indicators(request.user)
    form = IndicatorForm(
        request.POST or None,
        instance=indicator,
        projects=indicator_projects_for(request.user),
        project_only=only_project,
    )
    if request.method == "POST" and form.is_valid() and _save(request, form, indicator, old_frequency):
        messages.success(request, _("Indicator %(code)s saved.") % {"code": indicator.code})
        return hx_redirect(request, indicator)
    return render(
        request,
        "monitoring/indicator_form.html",
        {
            "form": form,
            "indicator": indicator,
            "project": None,
            "project_choices": _project_choices(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_retire_view(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    indicator = access_indicator(request.user, pk, perm=EDIT)
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator_retire(indicator=indicator, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Indicator %(code)s retired; its values stay on record.") % {"code": indicator.code},
            )
            return hx_redirect(request, indicator)
    return render(request, "monitoring/indicator_retire.html", {"form": form, "indicator": indicator})


@login_required
@require_POST
def indicator_reinstate_view(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    indicator = access_indicator(request.user, pk, perm=EDIT)
    try:
        indicator_reinstate(indicator=indicator, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Indicator %(code)s is monitored again.") % {"code": indicator.code})
    return hx_redirect(request, indicator)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_targets(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Targets per period edited in place: one row per year, one cell per month / quarter / year."""
    indicator = access_indicator(request.user, pk)
    can_edit = can_edit_targets(request.user, indicator)
    years = sel.grid_years(indicator, request.GET)
    locked = locked_periods(indicator)
    if request.method == "GET" and wants_xlsx(request):
        values = sel.grid_initial(indicator, years)
        per_year = sel.periods_per_year(indicator)
        return xlsx_response(
            f"{indicator.code}-targets.xlsx",
            [_("Year"), *[indicator.label(years[0], p).split("-", 1)[-1] for p in range(1, per_year + 1)]],
            [(year, *[values.get(f"t-{year}-{p}") for p in range(1, per_year + 1)]) for year in years],
        )
    form = TargetGridForm(
        request.POST if request.method == "POST" else None,
        years=years,
        periods=sel.periods_per_year(indicator),
        locked=locked,
        initial=sel.grid_initial(indicator, years),
    )
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                created, changed, removed = targets_save_grid(
                    indicator=indicator, actor=request.user, cells=form.cells()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Targets saved: %(c)d added, %(u)d changed, %(r)d removed.")
                    % {"c": created, "u": changed, "r": removed},
                )
                return hx_redirect(request, "monitoring:indicator-targets", indicator.pk)
    actuals = sel.grid_actuals(indicator, years)
    rows = []
    for row in form.rows():
        cells = []
        for period, field in enumerate(row["cells"], start=1):
            cells.append(
                {
                    "field": field,
                    "label": indicator.label(row["year"], period),
                    "actual": actuals.get((row["year"], period)),
                    "locked": (row["year"], period) in locked,
                }
            )
        rows.append({"year": row["year"], "cells": cells})
    period_names = [
        indicator.label(years[0], p).split("-", 1)[-1]
        if sel.periods_per_year(indicator) > 1
        else _("Planned value")
        for p in range(1, sel.periods_per_year(indicator) + 1)
    ]
    return render(
        request,
        "monitoring/indicator_targets.html",
        {
            "indicator": indicator,
            "form": form,
            "rows": rows,
            "period_names": period_names,
            "can_edit": can_edit,
            "can_manage": can_manage_indicator(request.user, indicator),
            "tab": "targets",
            "can_enter": can_enter_actual(request.user, indicator),
            "earlier": years[0] - 1,
            "later": years[-1] + 1,
            "first": years[0],
            "last": years[-1],
        },
    )


@login_required
@require_GET
def indicator_history(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Who changed the indicator, its targets and its values, when, from what to what."""
    indicator = access_indicator(request.user, pk)
    log = sel.indicator_change_log(indicator)
    if wants_xlsx(request):
        return xlsx_response(
            f"{indicator.code}-history.xlsx",
            [_("When"), _("Who"), _("What"), _("Action"), _("Field"), _("Was"), _("Became")],
            [
                (
                    timezone.localtime(row.when).replace(tzinfo=None),
                    row.who,
                    row.subject,
                    row.action,
                    label,
                    old,
                    new,
                )
                for row in log
                for label, old, new in (row.changes or [("", "", "")])
            ],
        )
    return render(
        request,
        "monitoring/indicator_history.html",
        {
            "indicator": indicator,
            "history": history_rows(indicator, limit=100),
            "log": log,
            "can_manage": can_manage_indicator(request.user, indicator),
            "tab": "history",
            "can_enter": can_enter_actual(request.user, indicator),
        },
    )
