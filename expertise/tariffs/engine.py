"""Tariff and subsidy verification engine for socially significant routes. Pure Python, no Django.

Method (shared/domain/TARIFFS.md, standard cost-plus route method):

1. Transport work per route and period: vehicle-km, trips, paying and benefit passengers, passenger-km.
2. Economically justified costs C by item: fuel = norm l/100 km × km / 100 × price; lubricants = % of
   fuel; tyres and maintenance per km; wages and payroll taxes; depreciation or lease; insurance and
   fees; dispatching and ticketing; overhead = % of direct costs. Or, when the methodology gives one
   aggregate rate, C = km × cost per km.
3. Normative profit Π = ρ × C.
4. Justified tariff T = (C + Π − other revenue) / Q, where Q is the fare unit (paying trips, or paying
   passenger-km when the fare is per passenger-km); also per passenger-km and per vehicle-km.
5. Revenue R = Q × fare + other revenue.
6. Subsidy S = max(0, C + Π − R) and, equivalently, (T − fare) × Q. Both are computed and must agree
   within 0.01, or `TariffError` is raised.
7. Netting across routes (profitable routes offset losses) is a policy parameter.
8. Claim checks: each gives pass/fail, the expected and actual values and the amount it adjusts.

Every norm is a parameter (`Norm`) carrying its unit and legal source; nothing is hard-coded. All
amounts are ``Decimal``; inputs may be Decimal, int or numeric str (floats go through ``str()``).
Amounts are kept at full precision; round only for display.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

ALGORITHM_VERSION = "1.0"

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
AGREEMENT_TOLERANCE = Decimal("0.01")

# Norm codes (the parameters of the methodology). Percentages are given in percent (5 means 5 %).
FUEL_RATE = "fuel_rate"  # litres per 100 km
FUEL_PRICE = "fuel_price"  # per litre
LUBRICANTS_PCT = "lubricants_pct"  # % of fuel cost
TYRES_PER_KM = "tyres_per_km"
MAINTENANCE_PER_KM = "maintenance_per_km"
PAYROLL_TAX_PCT = "payroll_tax_pct"  # % of the wage fund
WAGE_RATE = "wage_rate"  # wage fund per employee for the period
OVERHEAD_PCT = "overhead_pct"  # % of direct costs
PROFIT_PCT = "profit_pct"  # ρ, % of costs
COST_PER_KM = "cost_per_km"  # aggregate cost rate (the "per km" method)
KM_TOLERANCE_PCT = "km_tolerance_pct"  # actual km vs plan
GPS_TOLERANCE_PCT = "gps_tolerance_pct"  # actual km vs GPS
TRIPS_THRESHOLD_PCT = "trips_threshold_pct"  # minimum share of timetable trips completed
FUEL_TOLERANCE_PCT = "fuel_tolerance_pct"  # actual fuel vs norm
PASSENGERS_TOLERANCE_PCT = "passengers_tolerance_pct"  # claimed paying passengers vs e-ticket validations

NORM_CODES = (
    FUEL_RATE,
    FUEL_PRICE,
    LUBRICANTS_PCT,
    TYRES_PER_KM,
    MAINTENANCE_PER_KM,
    PAYROLL_TAX_PCT,
    WAGE_RATE,
    OVERHEAD_PCT,
    PROFIT_PCT,
    COST_PER_KM,
    KM_TOLERANCE_PCT,
    GPS_TOLERANCE_PCT,
    TRIPS_THRESHOLD_PCT,
    FUEL_TOLERANCE_PCT,
    PASSENGERS_TOLERANCE_PCT,
)
# Norms whose absence means "no tolerance" / "no such cost" rather than an error.
OPTIONAL_ZERO = {
    LUBRICANTS_PCT,
    TYRES_PER_KM,
    MAINTENANCE_PER_KM,
    PAYROLL_TAX_PCT,
    OVERHEAD_PCT,
    PROFIT_PCT,
    KM_TOLERANCE_PCT,
    GPS_TOLERANCE_PCT,
    FUEL_TOLERANCE_PCT,
    PASSENGERS_TOLERANCE_PCT,
}

# Cost items, in the order of the calculation table.
FUEL = "fuel"
LUBRICANTS = "lubricants"
TYRES = "tyres"
MAINTENANCE = "maintenance"
WAGES = "wages"
PAYROLL_TAXES = "payroll_taxes"
DEPRECIATION = "depreciation"
INSURANCE = "insurance"
DISPATCHING = "dispatching"
OTHER = "other"
OVERHEAD = "overhead"
PER_KM = "per_km"  # the single item of the per-km method
NON_ROUTE = "non_route"  # never justified; only ever found by a check
COST_ITEMS = (
    FUEL,
    LUBRICANTS,
    TYRES,
    MAINTENANCE,
    WAGES,
    PAYROLL_TAXES,
    DEPRECIATION,
    INSURANCE,
    DISPATCHING,
    OTHER,
    OVERHEAD,
    PER_KM,
)
# Items taken at the claimed amount (no norm of their own); the rest are computed from norms.
AMOUNT_ITEMS = (INSURANCE, DISPATCHING, OTHER)

# Methods and fare bases.
ITEMIZED = "itemized"
PER_KM_METHOD = "per_km"
PER_TRIP = "per_trip"
PER_PKM = "per_pkm"

# Check codes.
CHECK_KM = "km"
CHECK_TRIPS = "trips"
CHECK_FUEL = "fuel"
CHECK_PASSENGERS = "passengers"
CHECK_WAGES = "wages"
CHECK_DEPRECIATION = "depreciation"
CHECK_NON_ROUTE = "non_route"
CHECK_CAP = "cap"
CHECK_ARITHMETIC = "arithmetic"
CHECK_CODES = (
    CHECK_KM,
    CHECK_TRIPS,
    CHECK_FUEL,
    CHECK_PASSENGERS,
    CHECK_WAGES,
    CHECK_DEPRECIATION,
    CHECK_NON_ROUTE,
    CHECK_CAP,
    CHECK_ARITHMETIC,
)


class TariffError(ValueError):
    """The inputs cannot be calculated (missing norm, bad number) or the two subsidy formulas disagree."""


def dec(value: Any) -> Decimal:
    """A Decimal from Decimal, int or numeric str (floats via str, so 0.1 means 0.1)."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise TariffError(f"Not a number: {value!r}")
    elif isinstance(value, (int, float, str)):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise TariffError(f"Not a number: {value!r}") from exc
    else:
        raise TariffError(f"Not a number: {value!r}")
    if not result.is_finite():
        raise TariffError(f"Not a finite number: {value!r}")
    return result


def pct(value: Decimal) -> Decimal:
    return value / HUNDRED


def _div(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return None if denominator == 0 else numerator / denominator


# --------------------------------------------------------------------------------------------- norms


@dataclass(frozen=True)
class Norm:
    """One parameter of the methodology, with the act it comes from."""

    code: str
    value: Decimal
    unit: str = ""
    source: str = ""


@dataclass(frozen=True)
class NormSet:
    norms: Mapping[str, Norm] = field(default_factory=dict)

    @classmethod
    def of(cls, values: Mapping[str, Any], *, source: str = "") -> NormSet:
        """A norm set from {code: value} (tests, the demo); every norm gets the same source."""
        return cls({code: Norm(code, dec(v), source=source) for code, v in values.items()})

    def has(self, code: str) -> bool:
        return code in self.norms

    def value(self, code: str) -> Decimal:
        norm = self.norms.get(code)
        if norm is None:
            if code in OPTIONAL_ZERO:
                return ZERO
            raise TariffError(f"Norm {code!r} is not set for this period")
        return norm.value

    def source(self, code: str) -> str:
        norm = self.norms.get(code)
        return norm.source if norm else ""


# ----------------------------------------------------------------------------------- transport work


@dataclass(frozen=True)
class RouteInput:
    """A carrier's figures for one route and one period (planned, actual, and the claim)."""

    route: str
    actual_km: Decimal
    planned_km: Decimal | None = None
    gps_km: Decimal | None = None
    trips_planned: Decimal = ZERO
    trips_completed: Decimal = ZERO
    passengers_paying: Decimal = ZERO
    passengers_benefit: Decimal = ZERO
    passenger_km: Decimal = ZERO
    e_ticket_validations: Decimal | None = None
    fuel_litres: Decimal | None = None
    headcount: Decimal = ZERO
    wage_fund: Decimal = ZERO
    depreciation: Decimal = ZERO
    depreciation_register: Decimal | None = None
    non_route_costs: Decimal = ZERO
    other_revenue: Decimal = ZERO
    # The carrier's cost lines by item (what they claim); insurance, dispatching and other are taken from here.
    claimed_costs: Mapping[str, Decimal] = field(default_factory=dict)
    claimed_subsidy: Decimal | None = None

    @classmethod
    def build(cls, route: str, **values: Any) -> RouteInput:
        """Convert every number with `dec` (None stays None for optional figures)."""
        converted: dict[str, Any] = {}
        for key, value in values.items():
            if key == "claimed_costs":
                converted[key] = {item: dec(v) for item, v in (value or {}).items()}
            else:
                converted[key] = None if value is None else dec(value)
        return cls(route=route, **converted)


@dataclass(frozen=True)
class TransportWork:
    vehicle_km: Decimal
    trips: Decimal
    passengers_paying: Decimal
    passengers_benefit: Decimal
    passenger_km: Decimal

    @property
    def passengers(self) -> Decimal:
        return self.passengers_paying + self.passengers_benefit

    @property
    def average_trip_km(self) -> Decimal | None:
        return _div(self.passenger_km, self.passengers)


def transport_work(
    data: RouteInput, *, vehicle_km: Decimal | None = None, passengers_paying: Decimal | None = None
) -> TransportWork:
    """The route's transport work; `vehicle_km` / `passengers_paying` replace the claimed figures once checked."""
    return TransportWork(
        vehicle_km=data.actual_km if vehicle_km is None else vehicle_km,
        trips=data.trips_completed,
        passengers_paying=data.passengers_paying if passengers_paying is None else passengers_paying,
        passengers_benefit=data.passengers_benefit,
        passenger_km=data.passenger_km,
    )


# ------------------------------------------------------------------------------------------- costs


def fuel_cost(km: Decimal, norms: NormSet) -> Decimal:
    """Fuel = norm l/100 km × km / 100 × price per litre."""
    return norms.value(FUEL_RATE) * km / HUNDRED * norms.value(FUEL_PRICE)


def per_km_variable_cost(norms: NormSet, method: str = ITEMIZED) -> Decimal:
    """Cost of one more vehicle-km: the aggregate rate, or fuel, lubricants, tyres and maintenance per km."""
    if method == PER_KM_METHOD:
        return norms.value(COST_PER_KM)
    fuel = fuel_cost(ONE, norms)
    return (
        fuel * (ONE + pct(norms.value(LUBRICANTS_PCT)))
        + norms.value(TYRES_PER_KM)
        + norms.value(MAINTENANCE_PER_KM)
    )


def justified_costs(
    *,
    km: Decimal,
    norms: NormSet,
    method: str = ITEMIZED,
    wage_fund: Decimal = ZERO,
    depreciation: Decimal = ZERO,
    amounts: Mapping[str, Decimal] | None = None,
) -> dict[str, Decimal]:
    """Economically justified costs by item (ordered as COST_ITEMS); overhead is a % of the direct costs."""
    if method == PER_KM_METHOD:
        return {PER_KM: km * norms.value(COST_PER_KM)}
    if method != ITEMIZED:
        raise TariffError(f"Unknown cost method {method!r}")
    amounts = amounts or {}
    fuel = fuel_cost(km, norms)
    items = {
        FUEL: fuel,
        LUBRICANTS: fuel * pct(norms.value(LUBRICANTS_PCT)),
        TYRES: km * norms.value(TYRES_PER_KM),
        MAINTENANCE: km * norms.value(MAINTENANCE_PER_KM),
        WAGES: wage_fund,
        PAYROLL_TAXES: wage_fund * pct(norms.value(PAYROLL_TAX_PCT)),
        DEPRECIATION: depreciation,
    }
    for item in AMOUNT_ITEMS:
        items[item] = amounts.get(item, ZERO)
    items[OVERHEAD] = sum(items.values(), ZERO) * pct(norms.value(OVERHEAD_PCT))
    return items


def normative_profit(costs: Decimal, norms: NormSet) -> Decimal:
    """Π = ρ × C."""
    return costs * pct(norms.value(PROFIT_PCT))


@dataclass(frozen=True)
class Tariffs:
    per_unit: Decimal | None  # per fare unit (paying trip or paying pkm): the one compared with the fare
    per_trip: Decimal | None
    per_pkm: Decimal | None
    per_vkm: Decimal | None


def justified_tariff(
    *,
    costs: Decimal,
    profit: Decimal,
    other_revenue: Decimal,
    work: TransportWork,
    fare_basis: str = PER_TRIP,
) -> Tariffs:
    """T = (C + Π − other revenue) / Q, per paying trip, per passenger-km and per vehicle-km."""
    required = costs + profit - other_revenue
    per_trip = _div(required, work.passengers_paying)
    per_pkm = _div(required, work.passenger_km)
    return Tariffs(
        per_unit=per_pkm if fare_basis == PER_PKM else per_trip,
        per_trip=per_trip,
        per_pkm=per_pkm,
        per_vkm=_div(required, work.vehicle_km),
    )


def fare_units(work: TransportWork, fare_basis: str) -> Decimal:
    if fare_basis == PER_PKM:
        return work.passenger_km
    if fare_basis == PER_TRIP:
        return work.passengers_paying
    raise TariffError(f"Unknown fare basis {fare_basis!r}")


def revenue(
    *, work: TransportWork, fare: Decimal, other_revenue: Decimal = ZERO, fare_basis: str = PER_TRIP
) -> Decimal:
    """R = Q_paid × fare + other revenue."""
    return fare_units(work, fare_basis) * fare + other_revenue


# --------------------------------------------------------------------------------------- the checks


PASSED, FAILED, NOT_CHECKED = "passed", "failed", "not_checked"


@dataclass(frozen=True)
class CheckResult:
    """One check of a claim: passed, failed or not checked (`passed` is None: the data to check it is missing),
    what was expected, what was claimed, and the money it adjusts.

    A positive adjustment lowers the subsidy (costs removed or revenue added). A check that could not run is
    never reported as passed."""

    code: str
    route: str
    passed: bool | None
    expected: Decimal | None
    actual: Decimal | None
    adjustment: Decimal = ZERO
    note: str = ""

    @property
    def status(self) -> str:
        return NOT_CHECKED if self.passed is None else PASSED if self.passed else FAILED


def _not_checked(code: str, route: str, actual: Decimal | None, note: str) -> CheckResult:
    """A check whose data is missing: not run, adjusts nothing."""
    return CheckResult(code, route, None, None, actual, ZERO, note)


def check_km(data: RouteInput, norms: NormSet, method: str = ITEMIZED) -> tuple[CheckResult, Decimal]:
    """Actual km within tolerance of the plan and of GPS. Km above either limit is not paid for.

    Returns the check and the accepted km."""
    actual = data.actual_km
    limits = []
    notes = []
    if data.planned_km is not None:
        limit = data.planned_km * (ONE + pct(norms.value(KM_TOLERANCE_PCT)))
        low = data.planned_km * (ONE - pct(norms.value(KM_TOLERANCE_PCT)))
        limits.append(limit)
        if actual > limit:
            notes.append("above plan")
        elif actual < low:
            notes.append("below plan")
    if data.gps_km is not None:
        limit = data.gps_km * (ONE + pct(norms.value(GPS_TOLERANCE_PCT)))
        limits.append(limit)
        if actual > limit:
            notes.append("above GPS")
    if not limits:
        return _not_checked(CHECK_KM, data.route, actual, "no plan or GPS"), actual
    accepted = min([actual, *limits])
    excess = actual - accepted
    expected = min(limits)
    return (
        CheckResult(
            CHECK_KM,
            data.route,
            not notes,
            expected,
            actual,
            excess * per_km_variable_cost(norms, method),
            ", ".join(notes),
        ),
        accepted,
    )


def check_fuel(data: RouteInput, km: Decimal, norms: NormSet) -> CheckResult:
    """Fuel used within the norm ± tolerance for the accepted km; fuel above the band is not paid for."""
    if data.fuel_litres is None:
        return _not_checked(CHECK_FUEL, data.route, None, "not claimed")
    if not norms.has(FUEL_RATE):
        return _not_checked(CHECK_FUEL, data.route, data.fuel_litres, "no fuel norm")
    norm_litres = norms.value(FUEL_RATE) * km / HUNDRED
    band = norm_litres * pct(norms.value(FUEL_TOLERANCE_PCT))
    actual = data.fuel_litres
    if norm_litres - band <= actual <= norm_litres + band:
        return CheckResult(CHECK_FUEL, data.route, True, norm_litres, actual)
    if actual > norm_litres + band:
        excess_cost = (actual - norm_litres) * norms.value(FUEL_PRICE)
        return CheckResult(CHECK_FUEL, data.route, False, norm_litres, actual, excess_cost, "above norm")
    # Far below the norm: the km or the fuel records are doubtful; costs stay at the norm.
    return CheckResult(CHECK_FUEL, data.route, False, norm_litres, actual, ZERO, "below norm")


def check_passengers(
    data: RouteInput, norms: NormSet, fare: Decimal, fare_basis: str
) -> tuple[CheckResult, Decimal]:
    """Paying passengers match e-ticket validations within tolerance; otherwise validations are taken.

    Returns the check and the accepted paying passengers."""
    claimed = data.passengers_paying
    if data.e_ticket_validations is None:
        return _not_checked(CHECK_PASSENGERS, data.route, claimed, "no validations"), claimed
    validations = data.e_ticket_validations
    band = validations * pct(norms.value(PASSENGERS_TOLERANCE_PCT))
    if abs(claimed - validations) <= band:
        return CheckResult(CHECK_PASSENGERS, data.route, True, validations, claimed), claimed
    # Revenue follows the validated count. With a per-pkm fare the pkm scale with the passengers.
    adjustment = (validations - claimed) * fare
    if fare_basis == PER_PKM:
        average = _div(data.passenger_km, claimed) or ZERO
        adjustment = (validations - claimed) * average * fare
    return CheckResult(
        CHECK_PASSENGERS,
        data.route,
        False,
        validations,
        claimed,
        adjustment,
        "fewer than validations" if claimed < validations else "more than validations",
    ), validations


def check_wages(data: RouteInput, norms: NormSet) -> tuple[CheckResult, Decimal]:
    """Wage fund = headcount × rate; a wage fund above that is cut to it (with its payroll taxes).

    Returns the check and the accepted wage fund."""
    if not norms.has(WAGE_RATE):
        return _not_checked(CHECK_WAGES, data.route, data.wage_fund, "no rate"), data.wage_fund
    expected = data.headcount * norms.value(WAGE_RATE)
    if data.wage_fund <= expected + AGREEMENT_TOLERANCE:
        return CheckResult(CHECK_WAGES, data.route, True, expected, data.wage_fund), data.wage_fund
    excess = data.wage_fund - expected
    adjustment = excess * (ONE + pct(norms.value(PAYROLL_TAX_PCT)))
    return CheckResult(
        CHECK_WAGES, data.route, False, expected, data.wage_fund, adjustment, "above headcount × rate"
    ), expected


def check_depreciation(data: RouteInput) -> tuple[CheckResult, Decimal]:
    """Depreciation matches the asset register; any excess over the register is removed.

    Returns the check and the accepted depreciation."""
    if data.depreciation_register is None:
        return _not_checked(
            CHECK_DEPRECIATION, data.route, data.depreciation, "no register"
        ), data.depreciation
    expected = data.depreciation_register
    if data.depreciation <= expected + AGREEMENT_TOLERANCE:
        return CheckResult(
            CHECK_DEPRECIATION, data.route, True, expected, data.depreciation
        ), data.depreciation
    return (
        CheckResult(
            CHECK_DEPRECIATION,
            data.route,
            False,
            expected,
            data.depreciation,
            data.depreciation - expected,
            "above the asset register",
        ),
        expected,
    )


def check_non_route(data: RouteInput) -> CheckResult:
    """No costs of non-route activity; any found are excluded."""
    amount = data.non_route_costs + data.claimed_costs.get(NON_ROUTE, ZERO)
    return CheckResult(CHECK_NON_ROUTE, data.route, amount <= 0, ZERO, amount, max(amount, ZERO))


def check_trips(data: RouteInput, norms: NormSet, route_need: Decimal) -> CheckResult:
    """Trips completed ≥ threshold % of the timetable; below it the route's subsidy is cut pro rata."""
    if data.trips_planned <= 0:
        return _not_checked(CHECK_TRIPS, data.route, data.trips_completed, "no timetable")
    threshold = pct(norms.value(TRIPS_THRESHOLD_PCT)) if norms.has(TRIPS_THRESHOLD_PCT) else ONE
    share = min(data.trips_completed / data.trips_planned, ONE)
    expected = data.trips_planned * threshold
    if share >= threshold:
        return CheckResult(CHECK_TRIPS, data.route, True, expected, data.trips_completed)
    adjustment = max(route_need, ZERO) * (ONE - share)
    return CheckResult(
        CHECK_TRIPS, data.route, False, expected, data.trips_completed, adjustment, "below threshold"
    )


def check_cap(subsidy: Decimal, cap: Decimal | None) -> CheckResult:
    """The subsidy does not exceed the contract cap; any excess is cut."""
    if cap is None:
        return _not_checked(CHECK_CAP, "", subsidy, "no cap")
    if subsidy <= cap:
        return CheckResult(CHECK_CAP, "", True, cap, subsidy)
    return CheckResult(CHECK_CAP, "", False, cap, subsidy, subsidy - cap, "above the contract cap")


def check_arithmetic(claimed: Decimal | None, recomputed: Decimal, route: str = "") -> CheckResult:
    """The carrier's claimed subsidy is reproduced from the carrier's own figures (within 0.01)."""
    if claimed is None:
        return CheckResult(CHECK_ARITHMETIC, route, None, recomputed, None, ZERO, "no claimed amount")
    difference = claimed - recomputed
    passed = abs(difference) <= AGREEMENT_TOLERANCE
    return CheckResult(CHECK_ARITHMETIC, route, passed, recomputed, claimed, ZERO if passed else difference)


# ------------------------------------------------------------------------------------ the calculation


@dataclass(frozen=True)
class RouteResult:
    route: str
    work: TransportWork
    costs: dict[str, Decimal]
    total_cost: Decimal
    profit: Decimal
    tariff: Tariffs
    fare: Decimal
    fare_basis: str
    other_revenue: Decimal
    revenue: Decimal
    need: Decimal  # C + Π − R: positive is a loss to subsidise, negative a profit
    subsidy_by_cost: Decimal  # max(0, C + Π − R)
    subsidy_by_gap: Decimal | None  # max(0, (T − fare) × Q); None when Q = 0
    checks: list[CheckResult] = field(default_factory=list)
    trips_cut: Decimal = ZERO

    @property
    def agree(self) -> bool:
        return (
            self.subsidy_by_gap is None
            or abs(self.subsidy_by_cost - self.subsidy_by_gap) <= AGREEMENT_TOLERANCE
        )

    @property
    def margin(self) -> Decimal:
        """R − C − Π: negative is a loss, positive a profit (as the published tables show it)."""
        return -self.need

    @property
    def result(self) -> Decimal:
        """The route's verified result: the need after the trips cut (positive: subsidy need)."""
        return self.need - self.trips_cut

    @property
    def subsidy(self) -> Decimal:
        return max(self.result, ZERO)

    @property
    def cost_per_km(self) -> Decimal | None:
        return _div(self.total_cost, self.work.vehicle_km)


def route_calculation(
    *,
    route: str,
    work: TransportWork,
    costs: Mapping[str, Decimal],
    norms: NormSet,
    fare: Decimal,
    fare_basis: str = PER_TRIP,
    other_revenue: Decimal = ZERO,
) -> RouteResult:
    """Profit, tariff, revenue and the subsidy both ways for one route; raises if the two ways disagree."""
    total = sum(costs.values(), ZERO)
    profit = normative_profit(total, norms)
    tariff = justified_tariff(
        costs=total, profit=profit, other_revenue=other_revenue, work=work, fare_basis=fare_basis
    )
    income = revenue(work=work, fare=fare, other_revenue=other_revenue, fare_basis=fare_basis)
    need = total + profit - income
    by_gap = None
    if tariff.per_unit is not None:
        gap = (tariff.per_unit - fare) * fare_units(work, fare_basis)
        if abs(gap - need) > AGREEMENT_TOLERANCE:
            raise TariffError(f"Route {route}: cost-based need {need} and tariff-gap need {gap} disagree")
        by_gap = max(gap, ZERO)
    return RouteResult(
        route=route,
        work=work,
        costs=dict(costs),
        total_cost=total,
        profit=profit,
        tariff=tariff,
        fare=fare,
        fare_basis=fare_basis,
        other_revenue=other_revenue,
        revenue=income,
        need=need,
        subsidy_by_cost=max(need, ZERO),
        subsidy_by_gap=by_gap,
    )


def claimed_calculation(
    data: RouteInput, *, norms: NormSet, fare: Decimal, fare_basis: str = PER_TRIP
) -> RouteResult:
    """The carrier's own arithmetic: their cost lines (all of them), ρ, their passengers and revenue."""
    costs = dict(data.claimed_costs)
    return route_calculation(
        route=data.route,
        work=transport_work(data),
        costs=costs,
        norms=norms,
        fare=fare,
        fare_basis=fare_basis,
        other_revenue=data.other_revenue,
    )


def verify_route(
    data: RouteInput, *, norms: NormSet, fare: Decimal, fare_basis: str = PER_TRIP, method: str = ITEMIZED
) -> RouteResult:
    """Check one route's claim and compute its justified costs, tariff and subsidy on the accepted figures."""
    km_check, km = check_km(data, norms, method)
    passengers_check, paying = check_passengers(data, norms, fare, fare_basis)
    checks = [km_check, passengers_check]
    wage_fund, depreciation = data.wage_fund, data.depreciation
    if method == ITEMIZED:
        checks.append(check_fuel(data, km, norms))
        wages_check, wage_fund = check_wages(data, norms)
        depreciation_check, depreciation = check_depreciation(data)
        checks += [wages_check, depreciation_check]
    checks.append(check_non_route(data))
    work = transport_work(data, vehicle_km=km, passengers_paying=paying)
    if paying != data.passengers_paying and fare_basis == PER_PKM and data.passengers_paying:
        work = TransportWork(
            work.vehicle_km,
            work.trips,
            paying,
            work.passengers_benefit,
            data.passenger_km * paying / data.passengers_paying,
        )
    costs = justified_costs(
        km=km,
        norms=norms,
        method=method,
        wage_fund=wage_fund,
        depreciation=depreciation,
        amounts=data.claimed_costs,
    )
    result = route_calculation(
        route=data.route,
        work=work,
        costs=costs,
        norms=norms,
        fare=fare,
        fare_basis=fare_basis,
        other_revenue=data.other_revenue,
    )
    trips_check = check_trips(data, norms, result.need)
    checks.append(trips_check)
    if data.claimed_subsidy is not None and data.claimed_costs:
        recomputed = claimed_calculation(data, norms=norms, fare=fare, fare_basis=fare_basis).subsidy_by_cost
        checks.append(check_arithmetic(data.claimed_subsidy, recomputed, data.route))
    else:  # without a claimed amount the arithmetic is listed as not checked (never silently left out)
        checks.append(check_arithmetic(data.claimed_subsidy, result.subsidy_by_cost, data.route))
    return RouteResult(**{**result.__dict__, "checks": checks, "trips_cut": trips_check.adjustment})


@dataclass(frozen=True)
class CaseResult:
    routes: list[RouteResult]
    netting: bool
    cap: Decimal | None
    need_without_netting: Decimal  # Σ max(0, result_i)
    net_result: Decimal  # Σ (R − C − Π + trips cut): positive is a net profit of the routes together
    need_with_netting: Decimal  # max(0, Σ result_i)
    subsidy_before_cap: Decimal
    cap_check: CheckResult
    subsidy: Decimal  # the verified subsidy
    claimed_subsidy: Decimal | None
    algorithm_version: str = ALGORITHM_VERSION

    @property
    def checks(self) -> list[CheckResult]:
        return [check for route in self.routes for check in route.checks] + [self.cap_check]

    @property
    def failed_checks(self) -> int:
        return sum(1 for check in self.checks if check.passed is False)

    @property
    def not_checked(self) -> list[CheckResult]:
        """The checks that could not run for want of data: issuing the verification needs a reason."""
        return [check for check in self.checks if check.passed is None]

    @property
    def agree(self) -> bool:
        return all(route.agree for route in self.routes)


def net_routes(
    routes: Iterable[RouteResult],
    *,
    netting: bool,
    cap: Decimal | None = None,
    claimed_subsidy: Decimal | None = None,
) -> CaseResult:
    """Total subsidy under the netting policy, then the contract cap."""
    routes = list(routes)
    without = sum((route.subsidy for route in routes), ZERO)
    total = sum((route.result for route in routes), ZERO)
    with_netting = max(total, ZERO)
    before_cap = with_netting if netting else without
    cap_check = check_cap(before_cap, cap)
    return CaseResult(
        routes=routes,
        netting=netting,
        cap=cap,
        need_without_netting=without,
        net_result=-total,
        need_with_netting=with_netting,
        subsidy_before_cap=before_cap,
        cap_check=cap_check,
        subsidy=before_cap - cap_check.adjustment,
        claimed_subsidy=claimed_subsidy,
    )


def verify_case(
    routes: Iterable[RouteInput],
    *,
    norms: NormSet,
    fare: Decimal,
    fare_basis: str = PER_TRIP,
    method: str = ITEMIZED,
    netting: bool = False,
    cap: Decimal | None = None,
) -> CaseResult:
    """Verify every route of a claim and total the subsidy under the netting policy and the cap."""
    routes = list(routes)
    results = [
        verify_route(data, norms=norms, fare=fare, fare_basis=fare_basis, method=method) for data in routes
    ]
    claimed = [data.claimed_subsidy for data in routes if data.claimed_subsidy is not None]
    return net_routes(
        results, netting=netting, cap=cap, claimed_subsidy=sum(claimed, ZERO) if claimed else None
    )
