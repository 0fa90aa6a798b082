"""Reads for the tariff pages: user-scoped, prefetched, a fixed number of queries whatever the size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import WithAnnotations

from expertise.tariffs import engine
from expertise.tariffs.calculation import case_terms, check_note, tariff_case_calculate
from expertise.tariffs.models import (
    Carrier,
    ClaimCheck,
    CostItem,
    CostLine,
    Route,
    RoutePeriodData,
    SubsidyContract,
    TariffCase,
    TariffNorm,
)
from expertise.tariffs.permissions import tariff_cases_visible_to

SORTS = {
    "period": ("period_start", "pk"),
    "-period": ("-period_start", "-pk"),
    "carrier": ("contract__carrier__name", "-period_start"),
    "-carrier": ("-contract__carrier__name", "-period_start"),
    "status": ("status", "-period_start"),
    "-status": ("-status", "-period_start"),
    "subsidy": ("verified_subsidy", "-period_start"),
    "-subsidy": ("-verified_subsidy", "-period_start"),
}


def tariff_case_list(
    user: Any,
    *,
    status: str = "",
    expert: str = "",
    year: int | None = None,
    search: str = "",
    sort: str = "-period",
) -> QuerySet[TariffCase]:
    """Tariff cases the user may see, filtered, searched and sorted, with carrier, expert and route count."""
    cases = tariff_cases_visible_to(user).with_parties().annotate(route_count=Count("route_data"))
    if status:
        cases = cases.filter(status=status)
    if expert == "me":
        cases = cases.filter(assigned_expert=user)
    elif expert.isdigit():
        cases = cases.filter(assigned_expert_id=int(expert))
    if year:
        cases = cases.filter(period_start__year=year)
    if search:
        cases = cases.filter(
            Q(contract__carrier__name__icontains=search)
            | Q(contract__number__icontains=search)
            | Q(route_data__route__number__iexact=search)
            | Q(route_data__route__name__icontains=search)
        ).distinct()
    return cases.order_by(*SORTS.get(sort, SORTS["-period"]))


@dataclass
class RouteRow:
    data: RoutePeriodData
    result: engine.RouteResult | None
    costs: list[Any]
    checks: list[ClaimCheck]


def tariff_case_page(*, case: TariffCase, netting: bool | None = None) -> dict[str, Any]:
    """Everything the case page (and its PDF) shows: data, cost lines, recorded checks, the live calculation."""
    route_data = list(
        RoutePeriodData.objects.filter(case=case).select_related("route").order_by("route__number")
    )
    cost_lines = list(
        CostLine.objects.filter(case=case)
        .select_related("route", "norm")
        .order_by("route__number", "item", "pk")
    )
    checks = list(
        ClaimCheck.objects.filter(case=case).select_related("route").order_by("route__number", "pk")
    )
    for check in checks:
        check.note_display = check_note(check.note)  # type: ignore[attr-defined]
    calculation = tariff_case_calculate(
        case=case, route_data=route_data, cost_lines=cost_lines, netting=netting
    )
    alternative = None
    if calculation.result is not None:
        alternative = tariff_case_calculate(
            case=case,
            route_data=route_data,
            cost_lines=cost_lines,
            norms=calculation.norms,
            netting=not calculation.result.netting,
        ).result
    items = [
        item
        for item in engine.COST_ITEMS
        if calculation.result and any(item in r.costs for r in calculation.result.routes)
    ]
    results = {r.route: r for r in calculation.result.routes} if calculation.result else {}
    checks_by_route: dict[int | None, list[ClaimCheck]] = {}
    for check in checks:
        checks_by_route.setdefault(check.route_id, []).append(check)
    rows = []
    for data in route_data:
        result = results.get(data.route.number)
        rows.append(
            RouteRow(
                data=data,
                result=result,
                costs=[result.costs.get(i) if result else None for i in items],
                checks=checks_by_route.get(data.route_id, []),
            )
        )
    live_checks = []
    if calculation.result is not None:
        for live in calculation.result.checks:
            live_checks.append(
                {"check": live, "label": _check_label(live.code), "note": check_note(live.note)}
            )
    totals = None
    if calculation.result is not None:
        res = calculation.result.routes
        totals = {
            "costs": [sum((r.costs.get(i, engine.ZERO) for r in res), engine.ZERO) for i in items],
            "total_cost": sum((r.total_cost for r in res), engine.ZERO),
            "profit": sum((r.profit for r in res), engine.ZERO),
            "revenue": sum((r.revenue for r in res), engine.ZERO),
            "vehicle_km": sum((r.work.vehicle_km for r in res), engine.ZERO),
            "subsidy_by_cost": sum((r.subsidy_by_cost for r in res), engine.ZERO),
            "trips_cut": sum((r.trips_cut for r in res), engine.ZERO),
            "adjustments": sum(
                (c.adjustment for c in calculation.result.checks if c.passed is False), engine.ZERO
            ),
        }
    claimed_totals: dict[tuple[int, str], Decimal] = {}
    for line in cost_lines:
        key = (line.route_id, line.item)
        claimed_totals[key] = claimed_totals.get(key, engine.ZERO) + line.amount
    comparison = []
    for data in route_data:
        result = results.get(data.route.number)
        for item in engine.COST_ITEMS + (engine.NON_ROUTE,):
            claimed = claimed_totals.get((data.route_id, item))
            justified = result.costs.get(item) if result else None
            if claimed is None and not justified:
                continue
            comparison.append(
                {
                    "route": data.route,
                    "item": CostItem(item).label,
                    "claimed": claimed,
                    "justified": justified,
                    "difference": None if claimed is None or justified is None else justified - claimed,
                }
            )
    periods = contract_periods(case, calculation.result)
    return {
        "case": case,
        "contract": case.contract,
        "terms": case_terms(case),
        "comparison": comparison,
        "periods": periods,
        "chart": _chart_data(calculation.result, items, periods),
        "rows": rows,
        "cost_lines": cost_lines,
        "checks": checks,
        "checks_failed": sum(1 for c in checks if c.passed is False),
        "checks_not_checked": sum(1 for c in checks if c.passed is None),
        "live_not_checked": len(calculation.result.not_checked) if calculation.result is not None else 0,
        # A verified or rejected case shows the checks recorded when it was decided, not a recomputation.
        "show_live_checks": case.is_editable or not checks,
        "live_checks": live_checks,
        "calculation": calculation,
        "result": calculation.result,
        "alternative": alternative,
        "items": [(item, CostItem(item).label) for item in items],
        "totals": totals,
        "norms": sorted(calculation.norms, key=lambda n: n.code),
    }


PERIODS_SHOWN = 12


def contract_periods(case: TariffCase, live: engine.CaseResult | None) -> list[dict[str, Any]]:
    """The contract's cases by period (up to 12, oldest first): planned, actual and GPS km, claimed and verified
    subsidy; the open case shows its live subsidy. Two queries whatever the number of periods."""
    cases = list(
        TariffCase.objects.filter(contract_id=case.contract_id)
        .annotate(
            planned=Sum("route_data__planned_km"),
            actual=Sum("route_data__actual_km"),
            gps=Sum("route_data__gps_km"),
        )
        .order_by("-period_start", "-pk")[:PERIODS_SHOWN]
    )
    rows = []
    for other in reversed(cases):
        subsidy = other.verified_subsidy
        if other.pk == case.pk and live is not None and case.status != TariffCase.Status.VERIFIED:
            subsidy = live.subsidy
        rows.append(
            {
                "case": other,
                "current": other.pk == case.pk,
                "label": f"{other.period_start:%d.%m.%y}–{other.period_end:%d.%m.%y}",
                "planned_km": other.planned,
                "actual_km": other.actual,
                "gps_km": other.gps,
                "claimed": other.claimed_subsidy,
                "subsidy": subsidy,
            }
        )
    return rows


def _f(value: Decimal | None, places: int = 2) -> float | None:
    return None if value is None else float(round(value, places))


def _chart_data(
    result: engine.CaseResult | None, items: list[str], periods: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the page's Chart.js charts and the PDF's SVG charts draw (plain numbers and labels)."""
    routes = result.routes if result else []
    structure = [
        {
            "label": str(CostItem(item).label),
            "values": [_f(engine._div(r.costs.get(item, engine.ZERO), r.work.vehicle_km), 4) for r in routes],
        }
        for item in items
    ]
    return {
        "routes": [r.route for r in routes],
        "structure": structure,
        "periods": [p["label"] for p in periods],
        "planned_km": [_f(p["planned_km"], 3) for p in periods],
        "actual_km": [_f(p["actual_km"], 3) for p in periods],
        "gps_km": [_f(p["gps_km"], 3) for p in periods],
        "claimed": [_f(p["claimed"]) for p in periods],
        "subsidy": [_f(p["subsidy"]) for p in periods],
        "labels": {
            "structure": str(_("Justified cost per vehicle-km by item")),
            "planned_km": str(_("Planned vehicle-km")),
            "actual_km": str(_("Actual vehicle-km")),
            "gps_km": str(_("Vehicle-km by GPS")),
            "claimed": str(_("Claimed subsidy")),
            "subsidy": str(_("Verified or calculated subsidy")),
            "km_title": str(_("Planned and actual vehicle-km by period")),
            "subsidy_title": str(_("Subsidy by period")),
        },
    }


def _check_label(code: str) -> Any:
    from expertise.tariffs.models import CheckCode

    return CheckCode(code).label


# ------------------------------------------------------------------------------------ reference data


@dataclass(frozen=True)
class ReferenceKind:
    """One reference list (carriers, routes, contracts, norms): what it shows, filters, searches and sorts."""

    key: str
    model: type[Any]
    title: Any
    add_label: Any
    empty: Any
    search_help: Any
    search_fields: tuple[str, ...]
    filter_label: Any
    filters: dict[str, tuple[Any, Q | Callable[[], Q] | None]]
    sorts: dict[str, tuple[Any, tuple[str, ...]]]
    columns: tuple[Any, ...]
    base: Any  # () -> QuerySet, already select_related / annotated for the cells
    cells: Any  # (obj, extra) -> list[tuple[str, str]]: (text, css class)


def _num(value: Any, places: int | None = None) -> str:
    if value is None:
        return "—"
    if places is not None:
        value = Decimal(value).quantize(Decimal(1).scaleb(-places))
    else:
        value = Decimal(value).normalize()
        if value == value.to_integral():
            value = value.quantize(Decimal(1))
    return number_format(value, use_l10n=True, force_grouping=True)


def _day(value: Any) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


class _ContractCount(TypedDict):
    contract_count: int


class _CaseCount(TypedDict):
    case_count: int


def _yes(value: bool) -> str:
    return str(_("yes")) if value else str(_("no"))


def _carrier_cells(
    c: WithAnnotations[Carrier, _ContractCount], extra: dict[str, Any]
) -> list[tuple[str, str]]:
    return [
        (c.name, ""),
        (c.bin or "—", ""),
        (c.address or "—", ""),
        (_yes(c.is_active), ""),
        (str(c.contract_count), "text-end"),
    ]


def _route_cells(r: WithAnnotations[Route, _ContractCount], extra: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (r.number, ""),
        (r.name, ""),
        (_num(r.length_km, 2), "text-end"),
        (_yes(r.socially_significant), ""),
        (str(r.contract_count), "text-end"),
    ]


def _contract_cells(
    c: WithAnnotations[SubsidyContract, _CaseCount], extra: dict[str, Any]
) -> list[tuple[str, str]]:
    routes = ", ".join(r.number for r in c.routes.all()) or "—"
    return [
        (c.number, ""),
        (c.carrier.name, ""),
        (routes, ""),
        (f"{_day(c.period_start)} – {_day(c.period_end)}", ""),
        (f"{_num(c.fare, 4)} ({c.get_fare_basis_display()})", "text-end"),
        (_num(c.cap_amount, 2), "text-end"),
        (str(c.case_count), "text-end"),
    ]


def _norm_cells(n: TariffNorm, extra: dict[str, Any]) -> list[tuple[str, str]]:
    issued = str(_("issued verifications")) if n.pk in extra.get("issued", set()) else ""
    return [
        (n.get_code_display(), ""),
        (_num(n.value), "text-end"),
        (n.unit or "—", ""),
        (n.legal_source, "small"),
        (_day(n.valid_from), ""),
        (_day(n.valid_to), ""),
        (issued, "small"),
    ]


def _active_on_today() -> Q:
    today = timezone.localdate()
    return Q(period_start__lte=today, period_end__gte=today)


def _norm_current() -> Q:
    today = timezone.localdate()
    return Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))


REFERENCE: dict[str, ReferenceKind] = {}


def _register(kind: ReferenceKind) -> None:
    REFERENCE[kind.key] = kind


_register(
    ReferenceKind(
        key="carriers",
        model=Carrier,
        title=gettext_lazy("Carriers"),
        add_label=gettext_lazy("Add a carrier"),
        empty=gettext_lazy("No carriers yet."),
        search_help=gettext_lazy("Name or BIN."),
        search_fields=("name", "bin"),
        filter_label=gettext_lazy("Status"),
        filters={
            "": (gettext_lazy("All carriers"), None),
            "active": (gettext_lazy("Active"), Q(is_active=True)),
            "inactive": (gettext_lazy("Inactive"), Q(is_active=False)),
        },
        sorts={
            "name": (gettext_lazy("Name"), ("name", "pk")),
            "-contracts": (gettext_lazy("Most contracts"), ("-contract_count", "name")),
        },
        columns=(
            gettext_lazy("Name"),
            gettext_lazy("BIN"),
            gettext_lazy("Address"),
            gettext_lazy("Active"),
            gettext_lazy("Contracts"),
        ),
        base=lambda: Carrier.objects.annotate(contract_count=Count("contracts")),
        cells=_carrier_cells,
    )
)
_register(
    ReferenceKind(
        key="routes",
        model=Route,
        title=gettext_lazy("Routes"),
        add_label=gettext_lazy("Add a route"),
        empty=gettext_lazy("No routes yet."),
        search_help=gettext_lazy("Route number or name."),
        search_fields=("number", "name"),
        filter_label=gettext_lazy("Kind"),
        filters={
            "": (gettext_lazy("All routes"), None),
            "social": (gettext_lazy("Socially significant"), Q(socially_significant=True)),
            "other": (gettext_lazy("Other routes"), Q(socially_significant=False)),
        },
        sorts={
            "number": (gettext_lazy("Route number"), ("number",)),
            "name": (gettext_lazy("Name"), ("name", "number")),
            "-length": (gettext_lazy("Longest first"), ("-length_km", "number")),
        },
        columns=(
            gettext_lazy("Route number"),
            gettext_lazy("Name"),
            gettext_lazy("Length, km"),
            gettext_lazy("Socially significant"),
            gettext_lazy("Contracts"),
        ),
        base=lambda: Route.objects.annotate(contract_count=Count("contracts")),
        cells=_route_cells,
    )
)
_register(
    ReferenceKind(
        key="contracts",
        model=SubsidyContract,
        title=gettext_lazy("Subsidy contracts"),
        add_label=gettext_lazy("Add a subsidy contract"),
        empty=gettext_lazy("No subsidy contracts yet."),
        search_help=gettext_lazy("Contract number, carrier or route number."),
        search_fields=("number", "carrier__name", "routes__number"),
        filter_label=gettext_lazy("Term"),
        filters={
            "": (gettext_lazy("All contracts"), None),
            "current": (gettext_lazy("In force today"), _active_on_today),
            "capped": (gettext_lazy("With a subsidy cap"), Q(cap_amount__isnull=False)),
        },
        sorts={
            "-start": (gettext_lazy("Newest first"), ("-period_start", "number")),
            "number": (gettext_lazy("Contract number"), ("number",)),
            "carrier": (gettext_lazy("Carrier"), ("carrier__name", "-period_start")),
        },
        columns=(
            gettext_lazy("Contract number"),
            gettext_lazy("Carrier"),
            gettext_lazy("Routes"),
            gettext_lazy("Term"),
            gettext_lazy("Fare"),
            gettext_lazy("Subsidy cap"),
            gettext_lazy("Tariff cases"),
        ),
        base=lambda: (
            SubsidyContract.objects.select_related("carrier")
            .prefetch_related(Prefetch("routes", queryset=Route.objects.order_by("number")))
            .annotate(case_count=Count("tariff_cases", distinct=True))
        ),
        cells=_contract_cells,
    )
)
_register(
    ReferenceKind(
        key="norms",
        model=TariffNorm,
        title=gettext_lazy("Tariff norms"),
        add_label=gettext_lazy("Add a norm"),
        empty=gettext_lazy("No norms yet."),
        search_help=gettext_lazy("Legal source or unit."),
        search_fields=("legal_source", "unit"),
        filter_label=gettext_lazy("Validity"),
        filters={
            "": (gettext_lazy("All versions"), None),
            "current": (gettext_lazy("In force today"), _norm_current),
            "closed": (gettext_lazy("Closed versions"), Q(valid_to__isnull=False)),
        },
        sorts={
            "code": (gettext_lazy("Parameter"), ("code", "-valid_from")),
            "-from": (gettext_lazy("Newest version first"), ("-valid_from", "code")),
        },
        columns=(
            gettext_lazy("Parameter"),
            gettext_lazy("Value"),
            gettext_lazy("Unit"),
            gettext_lazy("Legal source"),
            gettext_lazy("Valid from"),
            gettext_lazy("Valid to"),
            gettext_lazy("Applied in"),
        ),
        base=lambda: TariffNorm.objects.all(),
        cells=_norm_cells,
    )
)


def reference_list(
    kind: ReferenceKind, *, search: str = "", filter_key: str = "", sort: str = "", code: str = ""
) -> QuerySet[Any]:
    """A reference list filtered, searched and sorted; the caller has checked the user is tariff staff."""
    items: QuerySet[Any] = kind.base()
    condition = kind.filters.get(filter_key, (None, None))[1]
    if callable(condition):
        condition = condition()
    if condition is not None:
        items = items.filter(condition)
    if code and kind.key == "norms":
        items = items.filter(code=code)
    if search:
        query = Q()
        for name in kind.search_fields:
            query |= Q(**{f"{name}__icontains": search})
        items = items.filter(query)
        if any("__" in name for name in kind.search_fields):
            items = items.distinct()
    order = kind.sorts.get(sort) or next(iter(kind.sorts.values()))
    return items.order_by(*order[1])


def reference_rows(kind: ReferenceKind, objects: list[Any]) -> list[tuple[Any, list[tuple[str, str]]]]:
    """Each object with its formatted cells; norms are marked when an issued verification used them (one query)."""
    extra: dict[str, Any] = {}
    if kind.key == "norms":
        extra["issued"] = norms_in_issued_use()
    return [(obj, kind.cells(obj, extra)) for obj in objects]


def norm_issued_cases(norm: TariffNorm) -> list[TariffCase]:
    """Issued verifications whose recorded norms include this version (newest period first)."""
    if norm.pk is None:
        return []
    cases = (
        TariffCase.objects.filter(status=TariffCase.Status.VERIFIED, period_start__gte=norm.valid_from)
        .only("pk", "period_start", "period_end", "issued_basis")
        .order_by("-period_start")
    )
    return [c for c in cases if any(n.get("id") == norm.pk for n in (c.issued_basis or {}).get("norms", []))]


def norms_in_issued_use() -> set[int]:
    """Ids of the norm versions some issued verification was computed on (one query)."""
    used: set[int] = set()
    for basis in TariffCase.objects.filter(status=TariffCase.Status.VERIFIED).values_list(
        "issued_basis", flat=True
    ):
        used.update(n.get("id") for n in (basis or {}).get("norms", []) if n.get("id"))
    return used
