"""Financial model pages: the grid (htmx), the Excel template and upload, the results with sensitivity and chart."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from expertise.exports import metrics
from expertise.forms import ExcelModelForm, ModelParamsForm, ScenarioForm, parse_grid
from expertise.models import AppraisalResult, CashFlowLine
from expertise.permissions import EDIT, access_case, access_model, access_scenario, case_perms
from expertise.services.models_fin import (
    excel_template,
    financial_model_save,
    parse_excel,
    scenario_changes,
    scenario_delete,
    scenario_plan,
    scenario_save,
    scenario_table,
)
from expertise.services.ppp import latest_analyses
from pmis.core.excel import xlsx_download
from pmis.core.forms import add_service_errors
from pmis.core.htmx import hx_redirect

DEFAULT_PERIODS = 10


def _initial(case: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    latest = case.financial_models.prefetch_related("lines").order_by("-version").first()
    if latest is None:
        initial = {
            "financial_rate": "0.08",
            "social_rate": "0.05",
            "price_basis": "real",
            "base_year": timezone.localdate().year,
            "periods": DEFAULT_PERIODS,
        }
        rows = [
            {"name": "", "kind": kind, "cf": "1", "values": [""] * DEFAULT_PERIODS, "errors": []}
            for kind in ("capex", "opex", "revenue")
        ]
        return initial, rows
    initial = {
        f: getattr(latest, f)
        for f in ("financial_rate", "social_rate", "price_basis", "base_year", "periods")
    }
    rows = [
        {
            "name": ln.name,
            "kind": ln.kind,
            "cf": str(ln.conversion_factor),
            "values": list(ln.values),
            "errors": [],
        }
        for ln in latest.lines.all()
    ]
    return initial, rows


def _years(form: Any, fallback: dict[str, Any]) -> list[int]:
    try:
        base = int(form.data.get("base_year") or fallback["base_year"])
        periods = max(1, min(60, int(form.data.get("periods") or fallback["periods"])))
    except (TypeError, ValueError):
        base, periods = int(fallback["base_year"]), int(fallback["periods"])
    return [base + t for t in range(periods)]


@login_required
@require_http_methods(["GET", "POST"])
def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The grid: rows = lines, columns = years. `add_row` (htmx) re-renders the grid with one more row."""
    case = access_case(request.user, pk, perm=EDIT)
    initial, rows = _initial(case)
    grid_errors: list[str] = []
    if request.method == "POST":
        form = ModelParamsForm(request.POST)
        years = _years(form, initial)
        lines, rows, grid_errors = parse_grid(request.POST, len(years))
        if "add_row" in request.POST:
            rows.append({"name": "", "kind": "opex", "cf": "1", "values": [""] * len(years), "errors": []})
            grid_errors = []
            form = ModelParamsForm(request.POST)
        elif form.is_valid() and not grid_errors:
            try:
                model = financial_model_save(
                    case=case, actor=request.user, params=form.cleaned_data, lines=lines
                )
            except ValidationError as exc:
                grid_errors = list(exc.messages)
            else:
                messages.success(
                    request, _("Model version %(v)s saved and appraised.") % {"v": model.version}
                )
                return hx_redirect(request, model)
    else:
        form = ModelParamsForm(initial=initial)
        years = [int(initial["base_year"]) + t for t in range(int(initial["periods"]))]
    for row in rows:
        row["values"] = (list(row["values"]) + [""] * len(years))[: len(years)]
    context = {
        "case": case,
        "form": form,
        "rows": rows,
        "years": years,
        "grid_errors": grid_errors,
        "kinds": CashFlowLine.KIND_CHOICES,
    }
    if getattr(request, "htmx", False) and "add_row" in request.POST:
        return render(request, "expertise/model_edit.html#model-grid", context)
    return render(request, "expertise/model_edit.html", context)


@login_required
@require_GET
def model_template(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case(request.user, pk)
    try:
        base_year = int(request.GET.get("base_year") or timezone.localdate().year)
        periods = int(request.GET.get("periods") or DEFAULT_PERIODS)
    except ValueError:
        base_year, periods = timezone.localdate().year, DEFAULT_PERIODS
    base_year = max(1990, min(2100, base_year))
    periods = max(2, min(60, periods))
    return xlsx_download(excel_template(base_year, periods), f"financial-model-{case.pk}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def model_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the filled-in template: every row checked; nothing is saved while any row has an error."""
    case = access_case(request.user, pk, perm=EDIT)
    initial, _rows = _initial(case)
    form = ExcelModelForm(request.POST or None, request.FILES or None, initial=initial)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        params = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        lines, row_errors = parse_excel(form.cleaned_data["file"].read(), periods=params["periods"])
        if not row_errors:
            try:
                model = financial_model_save(
                    case=case, actor=request.user, params=params, lines=lines, source="excel"
                )
            except ValidationError as exc:
                row_errors = list(exc.messages)
            else:
                messages.success(
                    request, _("Model version %(v)s loaded from Excel and appraised.") % {"v": model.version}
                )
                return hx_redirect(request, model)
    return render(
        request, "expertise/model_upload.html", {"case": case, "form": form, "row_errors": row_errors}
    )


@login_required
@require_GET
def model_detail(request: HttpRequest, pk: int, model: int) -> HttpResponse:
    """Results, sensitivity, scenarios and the cash-flow chart of one model version."""
    case = access_case(request.user, pk)
    fin = access_model(request.user, case, model)
    lines = list(fin.lines.all())
    result = AppraisalResult.objects.filter(model=fin).order_by("-computed_at", "-id").first()
    results = result.results if result else {}
    years = fin.years
    chart = {
        "labels": [str(y) for y in years],
        "financial": [float(v) for v in results.get("financial_flows", [])],
        "economic": [float(v) for v in results.get("economic_flows", [])],
        "label_financial": _("Financial cash flow"),
        "label_economic": _("Economic cash flow"),
    }
    plan = scenario_plan(case)
    table = scenario_table(fin, [_engine_line(line) for line in lines], plan)
    base_npv = next((row["fnpv"] for row, item in zip(table, plan, strict=True) if not _changes(item)), None)
    for row, item in zip(table, plan, strict=True):
        row["changes"] = _describe(item)
        row["delta"] = None if base_npv is None else row["fnpv"] - base_npv
    chart["scenario_labels"] = [row["name"] for row in table]
    chart["scenario_fnpv"] = [float(row["fnpv"]) for row in table]
    chart["scenario_enpv"] = [float(row["enpv"]) for row in table]
    chart["label_fnpv"] = _("Financial NPV")
    chart["label_enpv"] = _("Economic NPV")
    context = {
        "case": case,
        "fin": fin,
        "lines": lines,
        "years": years,
        "result": result,
        "m": metrics(results),
        "sensitivity": results.get("sensitivity", []),
        "scenarios": table,
        "chart": chart,
        "ppp": latest_analyses(fin),
        "can": case_perms(request.user, case),
        "versions": list(case.financial_models.order_by("-version").values("pk", "version", "created_at")),
    }
    return render(request, "expertise/model_detail.html", context)


def _engine_line(line: CashFlowLine) -> Any:
    from expertise import appraisal

    return appraisal.Line(line.name, line.kind, line.decimal_values, line.conversion_factor)


def _changes(item: dict[str, Any]) -> bool:
    """Whether a scenario changes anything (the first unchanged one is the base of the comparison)."""
    return bool(item.get("kind_pct") or item.get("line_pct") or item.get("delay"))


def _describe(item: dict[str, Any]) -> str:
    kinds = dict(CashFlowLine.KIND_CHOICES)
    parts = [f"{kinds.get(k, k)} {_signed(v)}%" for k, v in item.get("kind_pct", {}).items()]
    parts += [f"«{k}» {_signed(v)}%" for k, v in item.get("line_pct", {}).items()]
    if item.get("delay"):
        parts.append(_("revenues and benefits %(n)s yr later") % {"n": item["delay"]})
    return "; ".join(parts) or _("no changes")


def _signed(value: Any) -> str:
    text = str(value)
    return text if text.startswith("-") else f"+{text}"


@login_required
@require_http_methods(["GET", "POST"])
def scenario_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's scenarios (defaults until the expert adds one) and a form to add a scenario."""
    case = access_case(request.user, pk, perm=EDIT)
    latest = case.financial_models.order_by("-version").first()
    line_names = list(latest.lines.values_list("name", flat=True)) if latest else []
    form = ScenarioForm(request.POST or None, line_names=line_names)
    if request.method == "POST" and form.is_valid():
        try:
            scenario_save(
                case=case,
                actor=request.user,
                scenario=None,
                name=form.cleaned_data["name"],
                changes=scenario_changes(
                    kind_pct=form.kind_pct(), line_pct=form.cleaned_data["line_changes"]
                ),
                delay_periods=form.cleaned_data["delay_periods"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Scenario saved."))
            return hx_redirect(request, reverse("expertise:scenario-list", args=[case.pk]))
    rows = [
        {"obj": s, "changes": _describe(spec)} for s, spec in ((s, _spec(s)) for s in case.scenarios.all())
    ]
    defaults = [] if rows else [{"name": p["name"], "changes": _describe(p)} for p in scenario_plan(case)]
    return render(
        request,
        "expertise/scenario_list.html",
        {"case": case, "form": form, "rows": rows, "defaults": defaults, "latest": latest},
    )


def _spec(scenario: Any) -> dict[str, Any]:
    from expertise.services.models_fin import scenario_spec

    return scenario_spec(scenario)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_update(request: HttpRequest, pk: int, scenario: int) -> HttpResponse:
    case = access_case(request.user, pk, perm=EDIT)
    obj = access_scenario(request.user, case, scenario)
    latest = case.financial_models.order_by("-version").first()
    line_names = list(latest.lines.values_list("name", flat=True)) if latest else []
    form = ScenarioForm(request.POST or None, line_names=line_names, initial=ScenarioForm.initial_for(obj))
    if request.method == "POST" and form.is_valid():
        try:
            scenario_save(
                case=case,
                actor=request.user,
                scenario=obj,
                name=form.cleaned_data["name"],
                changes=scenario_changes(
                    kind_pct=form.kind_pct(), line_pct=form.cleaned_data["line_changes"]
                ),
                delay_periods=form.cleaned_data["delay_periods"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Scenario saved."))
            return hx_redirect(request, reverse("expertise:scenario-list", args=[case.pk]))
    return render(request, "expertise/scenario_form.html", {"case": case, "form": form, "scenario": obj})


@login_required
@require_POST
def scenario_remove(request: HttpRequest, pk: int, scenario: int) -> HttpResponse:
    case = access_case(request.user, pk, perm=EDIT)
    obj = access_scenario(request.user, case, scenario)
    try:
        scenario_delete(scenario=obj, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Scenario removed."))
    return redirect(reverse("expertise:scenario-list", args=[case.pk]))
