"""The calculation of a tariff case from its stored data: the norms and contract terms it is computed on (frozen
once issued), the engine's inputs, the result and the notes users read. Reads only; used by both the selectors
(pages) and the services (transitions record its checks), so neither imports the other's privates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from expertise.tariffs import engine
from expertise.tariffs.models import CostLine, NormCode, RoutePeriodData, TariffCase, TariffNorm

# The engine's notes are codes; these are what users read.
CHECK_NOTES = {
    "above plan": gettext_lazy("above the plan"),
    "below plan": gettext_lazy("below the plan"),
    "above GPS": gettext_lazy("above the GPS record"),
    "above norm": gettext_lazy("above the norm"),
    "below norm": gettext_lazy("far below the norm"),
    "fewer than validations": gettext_lazy("fewer than e-ticket validations"),
    "more than validations": gettext_lazy("more than e-ticket validations"),
    "above headcount × rate": gettext_lazy("above headcount × rate"),
    "above the asset register": gettext_lazy("above the asset register"),
    "below threshold": gettext_lazy("below the threshold"),
    "above the contract cap": gettext_lazy("above the contract cap"),
    "no timetable": gettext_lazy("no timetable given"),
    "no validations": gettext_lazy("no validation data"),
    "no rate": gettext_lazy("no wage rate norm"),
    "no register": gettext_lazy("no asset register data"),
    "no cap": gettext_lazy("no cap in the contract"),
    "not claimed": gettext_lazy("no fuel data"),
    "no claimed amount": gettext_lazy("no claimed amount"),
    "no fuel norm": gettext_lazy("no fuel consumption norm"),
    "no plan or GPS": gettext_lazy("no planned or GPS km"),
}


def check_note(note: str) -> str:
    return ", ".join(str(CHECK_NOTES.get(part, part)) for part in note.split(", ")) if note else ""


# ------------------------------------------------------------------------------------ calculation


@dataclass
class Calculation:
    """The engine's result for a case (or the reason it could not be computed), with the norms used.

    `frozen` is true for an issued verification: it is computed on the norms and contract terms recorded
    when it was issued, not on today's reference data."""

    result: engine.CaseResult | None
    norms: list[TariffNorm] = field(default_factory=list)
    error: str = ""
    frozen: bool = False


@dataclass(frozen=True)
class ContractTerms:
    fare: Decimal
    fare_basis: str
    cap: Decimal | None


def issued_basis(case: TariffCase, norms: list[TariffNorm]) -> dict[str, Any]:
    """The norms and contract terms a verification is issued on, as JSON."""
    contract = case.contract
    return {
        "norms": [
            {
                "id": n.pk,
                "code": n.code,
                "value": str(n.value),
                "unit": n.unit,
                "legal_source": n.legal_source,
                "valid_from": n.valid_from.isoformat(),
                "valid_to": n.valid_to.isoformat() if n.valid_to else None,
            }
            for n in norms
        ],
        "fare": str(contract.fare),
        "fare_basis": contract.fare_basis,
        "cap": None if contract.cap_amount is None else str(contract.cap_amount),
    }


def _frozen_norms(basis: dict[str, Any]) -> list[TariffNorm]:
    return [
        TariffNorm(
            pk=n["id"],
            code=n["code"],
            value=Decimal(n["value"]),
            unit=n["unit"],
            legal_source=n["legal_source"],
            valid_from=date.fromisoformat(n["valid_from"]),
            valid_to=date.fromisoformat(n["valid_to"]) if n["valid_to"] else None,
        )
        for n in basis.get("norms", [])
    ]


def case_terms(case: TariffCase) -> ContractTerms:
    """The fare, fare basis and cap the case is calculated on (frozen ones once the verification is issued)."""
    basis = case.issued_basis if case.status == TariffCase.Status.VERIFIED else None
    if basis:
        return ContractTerms(
            Decimal(basis["fare"]),
            basis["fare_basis"],
            None if basis["cap"] is None else Decimal(basis["cap"]),
        )
    contract = case.contract
    return ContractTerms(contract.fare, contract.fare_basis, contract.cap_amount)


def case_norms(case: TariffCase) -> list[TariffNorm]:
    """The norms valid on the first day of the case's period; the latest one per parameter wins."""
    latest: dict[str, TariffNorm] = {}
    for norm in TariffNorm.objects.valid_on(case.period_start).order_by("code", "-valid_from"):
        latest.setdefault(norm.code, norm)
    return list(latest.values())


def norm_set(norms: list[TariffNorm]) -> engine.NormSet:
    return engine.NormSet({n.code: engine.Norm(n.code, n.value, n.unit, n.legal_source) for n in norms})


def route_input(data: RoutePeriodData, lines: list[CostLine]) -> engine.RouteInput:
    claimed: dict[str, Decimal] = {}
    for line in lines:
        claimed[line.item] = claimed.get(line.item, Decimal(0)) + line.amount
    return engine.RouteInput(
        route=data.route.number,
        actual_km=data.actual_km,
        planned_km=data.planned_km,
        gps_km=data.gps_km,
        trips_planned=Decimal(data.trips_planned),
        trips_completed=Decimal(data.trips_completed),
        passengers_paying=data.passengers_paying,
        passengers_benefit=data.passengers_benefit,
        passenger_km=data.passenger_km,
        e_ticket_validations=data.e_ticket_validations,
        fuel_litres=data.fuel_litres,
        headcount=data.headcount,
        wage_fund=data.wage_fund,
        depreciation=data.depreciation,
        depreciation_register=data.depreciation_register,
        non_route_costs=data.non_route_costs,
        other_revenue=data.other_revenue,
        claimed_costs=claimed,
        claimed_subsidy=data.claimed_subsidy,
    )


def tariff_case_calculate(
    *,
    case: TariffCase,
    route_data: list[RoutePeriodData],
    cost_lines: list[CostLine],
    norms: list[TariffNorm] | None = None,
    netting: bool | None = None,
) -> Calculation:
    """Run the engine on the case's data (already loaded); `netting` overrides the case's policy for a what-if.

    An issued verification is computed on the norms and contract terms frozen when it was issued."""
    basis = case.issued_basis if case.status == TariffCase.Status.VERIFIED else None
    frozen = bool(basis)
    if norms is None:
        norms = _frozen_norms(basis) if basis else case_norms(case)
    terms = case_terms(case)
    by_route: dict[int, list[CostLine]] = {}
    for line in cost_lines:
        by_route.setdefault(line.route_id, []).append(line)
    inputs = [route_input(data, by_route.get(data.route_id, [])) for data in route_data]
    try:
        result = engine.verify_case(
            inputs,
            norms=norm_set(norms),
            fare=terms.fare,
            fare_basis=terms.fare_basis,
            method=case.cost_method,
            netting=case.netting if netting is None else netting,
            cap=terms.cap,
        )
    except engine.TariffError as exc:
        return Calculation(result=None, norms=norms, error=_calculation_error(exc), frozen=frozen)
    return Calculation(result=result, norms=norms, frozen=frozen)


def _calculation_error(exc: engine.TariffError) -> str:
    text = str(exc)
    for code in engine.NORM_CODES:
        if f"'{code}'" in text:
            return _("The norm “%(norm)s” is not set for the case's period.") % {"norm": NormCode(code).label}
    return _("The calculation could not be completed: %(error)s") % {"error": text}
