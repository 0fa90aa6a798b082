"""Reads for the tariff pages: user-scoped, prefetched, a fixed number of queries whatever the size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from expertise import tariffs as engine
from expertise.models.tariffs import ClaimCheck, CostItem, CostLine, RoutePeriodData, TariffCase
from expertise.permissions_tariffs import tariff_cases_visible_to
from expertise.services.tariffs import check_note, tariff_case_calculate

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
    user: Any, *, status: str = "", expert: str = "", year: int | None = None, search: str = "", sort: str = "-period"
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
    route_data = list(RoutePeriodData.objects.filter(case=case).select_related("route").order_by("route__number"))
    cost_lines = list(
        CostLine.objects.filter(case=case).select_related("route", "norm").order_by("route__number", "item", "pk")
    )
    checks = list(ClaimCheck.objects.filter(case=case).select_related("route").order_by("route__number", "pk"))
    for check in checks:
        check.note_display = check_note(check.note)  # type: ignore[attr-defined]
    calculation = tariff_case_calculate(case=case, route_data=route_data, cost_lines=cost_lines, netting=netting)
    alternative = None
    if calculation.result is not None:
        alternative = tariff_case_calculate(
            case=case, route_data=route_data, cost_lines=cost_lines, norms=calculation.norms,
            netting=not calculation.result.netting,
        ).result
    items = [
        item for item in engine.COST_ITEMS
        if calculation.result and any(item in r.costs for r in calculation.result.routes)
    ]
    results = {r.route: r for r in calculation.result.routes} if calculation.result else {}
    checks_by_route: dict[int | None, list[ClaimCheck]] = {}
    for check in checks:
        checks_by_route.setdefault(check.route_id, []).append(check)
    rows = []
    for data in route_data:
        result = results.get(data.route.number)
        rows.append(RouteRow(data=data, result=result, costs=[result.costs.get(i) if result else None for i in items],
                             checks=checks_by_route.get(data.route_id, [])))
    live_checks = []
    if calculation.result is not None:
        for check in calculation.result.checks:
            live_checks.append({"check": check, "label": _check_label(check.code), "note": check_note(check.note)})
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
            "adjustments": sum((c.adjustment for c in calculation.result.checks if not c.passed), engine.ZERO),
        }
    return {
        "case": case,
        "contract": case.contract,
        "rows": rows,
        "cost_lines": cost_lines,
        "checks": checks,
        "checks_failed": sum(1 for c in checks if not c.passed),
        "live_checks": live_checks,
        "calculation": calculation,
        "result": calculation.result,
        "alternative": alternative,
        "items": [(item, CostItem(item).label) for item in items],
        "totals": totals,
        "norms": sorted(calculation.norms, key=lambda n: n.code),
    }


def _check_label(code: str) -> Any:
    from expertise.models.tariffs import CheckCode

    return CheckCode(code).label
