"""PPP calculations on a financial model version: value for money, fiscal commitments and the local PPP
obligation limit check. Each form shows the model's years; the results appear on the model page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, overload

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from expertise.forms import LimitCheckForm, RateForm, VfmForm, parse_series
from expertise.models import FinancialModel, PppAnalysis
from expertise.permissions import EDIT, access_case, access_model
from expertise.services import ppp as svc
from pmis.core.forms import add_service_errors
from pmis.core.htmx import hx_redirect


def series_labels() -> dict[str, str]:
    return {
        "psc_capex": _("PSC: capital costs"),
        "psc_opex": _("PSC: operating costs"),
        "psc_lifecycle": _("PSC: lifecycle (renewal) costs"),
        "ppp_payments": _("PPP: government payments to the partner"),
        "government_costs": _("PPP: government's own costs"),
        "payments": _("Direct payments (availability payments, subsidies)"),
        "probabilities": _("Probability of the contingent event (0–1)"),
        "exposures": _("Exposure if the event happens"),
    }


def _grid(names: tuple[str, ...], raw: dict[str, list[str]], years: list[int]) -> list[dict[str, Any]]:
    labels = series_labels()
    return [
        {"name": n, "label": labels[n], "cells": [(f"{n}-{t}", v, years[t]) for t, v in enumerate(raw[n])]}
        for n in names
    ]


def _model_costs(model: FinancialModel, kind: str) -> list[str]:
    """Per-year costs of the model's lines of one kind as positive amounts (a starting point for the PSC)."""
    totals = [Decimal(0)] * model.periods
    for line in model.lines.all():
        if line.kind == kind:
            for t, v in enumerate(line.decimal_values[: model.periods]):
                totals[t] += v
    return [str(-v) if v < 0 else ("" if v == 0 else str(v)) for v in totals]


def _previous(model: FinancialModel, kind: str) -> PppAnalysis | None:
    return model.ppp_analyses.filter(kind=kind).order_by("-created_at", "-id").first()


@overload
def _raw_from(previous: PppAnalysis, names: tuple[str, ...], periods: int) -> dict[str, list[str]]: ...
@overload
def _raw_from(previous: None, names: tuple[str, ...], periods: int) -> None: ...
@overload
def _raw_from(
    previous: PppAnalysis | None, names: tuple[str, ...], periods: int
) -> dict[str, list[str]] | None: ...
def _raw_from(
    previous: PppAnalysis | None, names: tuple[str, ...], periods: int
) -> dict[str, list[str]] | None:
    if previous is None:
        return None
    return {n: ([str(v) for v in previous.inputs.get(n, [])] + [""] * periods)[:periods] for n in names}


@login_required
@require_http_methods(["GET", "POST"])
def vfm_edit(request: HttpRequest, pk: int, model: int) -> HttpResponse:
    """Value for money: the public sector comparator against the PPP cost."""
    case = access_case(request.user, pk, perm=EDIT)
    fin = access_model(request.user, case, model)
    names = svc.VFM_SERIES
    previous = _previous(fin, PppAnalysis.Kind.VFM)
    errors: list[str] = []
    if request.method == "POST":
        form = VfmForm(request.POST)
        values, raw, errors = parse_series(request.POST, names, fin.periods)
        if form.is_valid() and not errors:
            scalars = {k: form.cleaned_data[k] for k in svc.VFM_SCALARS}
            try:
                svc.vfm_calculate(
                    model=fin,
                    actor=request.user,
                    rate=form.cleaned_data["rate"],
                    series=values,
                    scalars=scalars,
                )
            except ValidationError as exc:
                errors = list(exc.messages)
            else:
                messages.success(request, _("Value for money calculated."))
                return hx_redirect(request, f"{fin.get_absolute_url()}#ppp")
    else:
        initial: dict[str, Any] = {"rate": fin.financial_rate}
        raw = _raw_from(previous, names, fin.periods) or {
            "psc_capex": _model_costs(fin, "capex"),
            "psc_opex": _model_costs(fin, "opex"),
            "psc_lifecycle": [""] * fin.periods,
            "ppp_payments": [""] * fin.periods,
            "government_costs": [""] * fin.periods,
        }
        if previous is not None:
            initial.update({k: previous.inputs.get(k) for k in ("rate", *svc.VFM_SCALARS)})
        form = VfmForm(initial=initial)
    context = {
        "case": case,
        "fin": fin,
        "form": form,
        "grid": _grid(names, raw, fin.years),
        "years": fin.years,
        "errors": errors,
        "title": _("Value for money"),
        "kind": "vfm",
    }
    return render(request, "expertise/ppp_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def fiscal_edit(request: HttpRequest, pk: int, model: int) -> HttpResponse:
    """Fiscal commitments: direct payments, contingent liabilities with probabilities, maximum exposure."""
    case = access_case(request.user, pk, perm=EDIT)
    fin = access_model(request.user, case, model)
    names = svc.FISCAL_SERIES
    previous = _previous(fin, PppAnalysis.Kind.FISCAL)
    errors: list[str] = []
    if request.method == "POST":
        form = RateForm(request.POST)
        values, raw, errors = parse_series(request.POST, names, fin.periods)
        if form.is_valid() and not errors:
            try:
                svc.fiscal_calculate(
                    model=fin, actor=request.user, rate=form.cleaned_data["rate"], series=values
                )
            except ValidationError as exc:
                errors = list(exc.messages)
            else:
                messages.success(request, _("Fiscal commitments calculated."))
                return hx_redirect(request, f"{fin.get_absolute_url()}#ppp")
    else:
        vfm = _previous(fin, PppAnalysis.Kind.VFM)
        raw = _raw_from(previous, names, fin.periods) or {
            "payments": _raw_from(vfm, ("ppp_payments",), fin.periods)["ppp_payments"]
            if vfm
            else [""] * fin.periods,
            "probabilities": [""] * fin.periods,
            "exposures": [""] * fin.periods,
        }
        form = RateForm(initial={"rate": previous.inputs.get("rate") if previous else fin.financial_rate})
    context = {
        "case": case,
        "fin": fin,
        "form": form,
        "grid": _grid(names, raw, fin.years),
        "years": fin.years,
        "errors": errors,
        "title": _("Fiscal commitments"),
        "kind": "fiscal",
    }
    return render(request, "expertise/ppp_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def limit_edit(request: HttpRequest, pk: int, model: int) -> HttpResponse:
    """The local PPP obligation limit check for a year (above 100% only with a reason to override)."""
    case = access_case(request.user, pk, perm=EDIT)
    fin = access_model(request.user, case, model)
    previous = _previous(fin, PppAnalysis.Kind.LIMIT)
    if request.method == "POST":
        form = LimitCheckForm(request.POST)
        if form.is_valid():
            try:
                svc.limit_check(model=fin, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Obligation limit checked."))
                return hx_redirect(request, f"{fin.get_absolute_url()}#ppp")
    else:
        initial: dict[str, Any] = {"year": fin.base_year}
        if previous is not None:
            initial = {k: previous.inputs.get(k) for k in ("year", "existing", "new")}
            initial["override_reason"] = previous.override_reason
        form = LimitCheckForm(initial=initial)
    year = form.data.get("year") if form.is_bound else form.initial.get("year")
    try:
        rule = svc.limit_rule_for(int(year)) if year else None
    except (TypeError, ValueError):
        rule = None
    context = {
        "case": case,
        "fin": fin,
        "form": form,
        "rule": rule,
        "title": _("Obligation limit check"),
        "kind": "limit",
    }
    return render(request, "expertise/ppp_limit_form.html", context)
