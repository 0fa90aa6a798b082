"""The tariff and subsidy engine (expertise/tariffs.py) against TARIFFS.md: Omsk reference values, formulas, checks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from expertise.tariffs import engine as t

D = Decimal
TH = D("0.001")  # the Omsk table is in thousands, to three decimals


def q(value: Decimal, step: Decimal = TH) -> Decimal:
    return value.quantize(step)


OMSK_NORMS = t.NormSet.of({t.COST_PER_KM: "26.50", t.PROFIT_PCT: 0}, source="Omsk decision of 30.12.2015")


def omsk_routes() -> list[t.RouteInput]:
    return [
        t.RouteInput.build("Novovarshavka – Cherlakskoye", actual_km="128.092", passenger_km="1630.627"),
        t.RouteInput.build("Novovarshavka – st. Irtyshskaya", actual_km="163.362", passenger_km="2639.510"),
    ]


def omsk(netting: bool) -> t.CaseResult:
    return t.verify_case(
        omsk_routes(),
        norms=OMSK_NORMS,
        fare=D("1.92"),
        fare_basis=t.PER_PKM,
        method=t.PER_KM_METHOD,
        netting=netting,
    )


# ------------------------------------------------------------------------------ Omsk reference values


def test_omsk_route_figures_match_the_published_table() -> None:
    first, second = omsk(netting=False).routes
    assert q(first.total_cost) == D("3394.438")
    assert q(first.revenue) == D("3130.804")
    assert q(-first.need) == D("-263.634")
    assert q(second.total_cost) == D("4329.093")
    assert q(second.revenue) == D("5067.859")
    assert q(-second.need) == D("738.766")
    assert first.cost_per_km == D("26.50")


def test_omsk_without_netting_the_subsidy_need_is_the_losing_route() -> None:
    result = omsk(netting=False)
    assert q(result.need_without_netting) == D("263.634")
    assert q(result.subsidy) == D("263.634")
    assert result.routes[1].subsidy == 0


def test_omsk_with_netting_the_routes_show_a_net_profit_and_no_subsidy() -> None:
    result = omsk(netting=True)
    assert q(result.net_result) == D("475.132")
    assert result.need_with_netting == 0
    assert result.subsidy == 0


def test_omsk_subsidy_agrees_both_ways() -> None:
    first = omsk(netting=False).routes[0]
    assert first.subsidy_by_gap is not None
    assert abs(first.subsidy_by_cost - first.subsidy_by_gap) <= D("0.01")
    assert q(first.subsidy_by_gap) == D("263.634")
    # the justified tariff per passenger-km is cost / pkm with no profit and no other revenue
    assert q(first.tariff.per_pkm, D("0.0001")) == q(D("3394.438") / D("1630.627"), D("0.0001"))


# ------------------------------------------------------------------------------ itemised costs


ALMATY_NORMS = t.NormSet.of(
    {
        t.FUEL_RATE: 40,
        t.FUEL_PRICE: 300,
        t.LUBRICANTS_PCT: 5,
        t.TYRES_PER_KM: 12,
        t.MAINTENANCE_PER_KM: 60,
        t.PAYROLL_TAX_PCT: 11,
        t.WAGE_RATE: 450_000,
        t.OVERHEAD_PCT: 10,
        t.PROFIT_PCT: 5,
        t.KM_TOLERANCE_PCT: 2,
        t.GPS_TOLERANCE_PCT: 1,
        t.TRIPS_THRESHOLD_PCT: 95,
        t.FUEL_TOLERANCE_PCT: 5,
        t.PASSENGERS_TOLERANCE_PCT: 2,
    },
    source="test",
)


def bus_route(**overrides: object) -> t.RouteInput:
    values: dict[str, object] = {
        "planned_km": 100_000,
        "actual_km": 100_000,
        "gps_km": 100_000,
        "trips_planned": 4_000,
        "trips_completed": 3_960,
        "passengers_paying": 150_000,
        "passengers_benefit": 30_000,
        "passenger_km": 1_260_000,
        "e_ticket_validations": 150_000,
        "fuel_litres": 40_000,
        "headcount": 20,
        "wage_fund": 9_000_000,
        "depreciation": 8_000_000,
        "depreciation_register": 8_000_000,
        "non_route_costs": 0,
        "other_revenue": 500_000,
        "claimed_costs": {t.INSURANCE: 1_000_000, t.DISPATCHING: 1_500_000},
    }
    values.update(overrides)
    return t.RouteInput.build("12", **values)


def test_justified_costs_by_item_follow_the_formulas() -> None:
    costs = t.justified_costs(
        km=D(100_000),
        norms=ALMATY_NORMS,
        wage_fund=D(9_000_000),
        depreciation=D(8_000_000),
        amounts={t.INSURANCE: D(1_000_000), t.DISPATCHING: D(1_500_000)},
    )
    assert costs[t.FUEL] == D(40) * D(100_000) / 100 * 300 == D(12_000_000)
    assert costs[t.LUBRICANTS] == D(600_000)
    assert costs[t.TYRES] == D(1_200_000)
    assert costs[t.MAINTENANCE] == D(6_000_000)
    assert costs[t.WAGES] == D(9_000_000)
    assert costs[t.PAYROLL_TAXES] == D(990_000)
    direct = D(
        12_000_000 + 600_000 + 1_200_000 + 6_000_000 + 9_000_000 + 990_000 + 8_000_000 + 1_000_000 + 1_500_000
    )
    assert costs[t.OVERHEAD] == direct * D("0.10")
    assert list(costs) == [c for c in t.COST_ITEMS if c in costs]


def test_route_profit_tariff_revenue_and_subsidy() -> None:
    result = t.verify_route(bus_route(), norms=ALMATY_NORMS, fare=D(100))
    c = result.total_cost
    assert result.profit == c * D("0.05")
    assert result.revenue == D(150_000) * 100 + D(500_000)
    assert result.tariff.per_trip == (c + result.profit - D(500_000)) / D(150_000)
    assert result.tariff.per_pkm == (c + result.profit - D(500_000)) / D(1_260_000)
    assert result.tariff.per_vkm == (c + result.profit - D(500_000)) / D(100_000)
    assert result.need == c + result.profit - result.revenue
    assert result.subsidy_by_cost == result.need > 0
    assert abs(result.subsidy_by_gap - result.subsidy_by_cost) <= D("0.01")
    assert result.agree
    # plausibility for Almaty: a trip costs around 310 tenge against a 100-tenge fare
    assert D(250) < result.tariff.per_trip < D(350)
    # every check passes; the arithmetic one has no claimed amount to reproduce, so it is not checked
    assert {c.code: c.status for c in result.checks if c.status != t.PASSED} == {
        t.CHECK_ARITHMETIC: t.NOT_CHECKED
    }


def test_profitable_route_has_no_subsidy_either_way() -> None:
    result = t.verify_route(bus_route(), norms=ALMATY_NORMS, fare=D(400))
    assert result.need < 0
    assert result.subsidy_by_cost == 0
    assert result.subsidy_by_gap == 0
    assert result.subsidy == 0


def test_subsidy_formulas_that_disagree_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = t.Tariffs(per_unit=D(999), per_trip=D(999), per_pkm=None, per_vkm=None)
    monkeypatch.setattr(t, "justified_tariff", lambda **kwargs: broken)
    with pytest.raises(t.TariffError, match="disagree"):
        t.verify_route(bus_route(), norms=ALMATY_NORMS, fare=D(100))


def test_zero_paying_passengers_gives_no_tariff_and_no_crash() -> None:
    result = t.verify_route(
        bus_route(passengers_paying=0, e_ticket_validations=None), norms=ALMATY_NORMS, fare=D(100)
    )
    assert result.tariff.per_trip is None
    assert result.subsidy_by_gap is None
    assert result.subsidy_by_cost == result.total_cost + result.profit - D(500_000)


def test_missing_required_norm_is_an_error() -> None:
    with pytest.raises(t.TariffError, match="fuel_price"):
        t.justified_costs(km=D(1), norms=t.NormSet.of({t.FUEL_RATE: 30}))


def test_bad_numbers_are_errors() -> None:
    for bad in ("abc", "NaN", "Infinity", True, None):
        with pytest.raises(t.TariffError):
            t.dec(bad)
    assert t.dec(0.1) == D("0.1")


# ------------------------------------------------------------------------------ netting


def test_netting_policy_on_and_off() -> None:
    losing = bus_route()
    profitable = t.RouteInput.build(
        "5",
        **{
            **{
                k: getattr(losing, k)
                for k in (
                    "planned_km",
                    "actual_km",
                    "gps_km",
                    "trips_planned",
                    "trips_completed",
                    "passengers_benefit",
                    "fuel_litres",
                    "headcount",
                    "wage_fund",
                    "depreciation",
                    "depreciation_register",
                    "other_revenue",
                )
            },
            "passengers_paying": 900_000,
            "e_ticket_validations": 900_000,
            "passenger_km": 7_000_000,
            "claimed_costs": dict(losing.claimed_costs),
        },
    )
    off = t.verify_case([losing, profitable], norms=ALMATY_NORMS, fare=D(100), netting=False)
    on = t.verify_case([losing, profitable], norms=ALMATY_NORMS, fare=D(100), netting=True)
    loss = off.routes[0].need
    profit = -off.routes[1].need
    assert loss > 0
    assert profit > 0
    assert off.subsidy == loss
    assert on.subsidy == max(loss - profit, D(0))
    assert on.net_result == profit - loss


# ------------------------------------------------------------------------------ claim checks


def check(result: t.RouteResult, code: str) -> t.CheckResult:
    return next(c for c in result.checks if c.code == code)


def per_km(norms: t.NormSet = ALMATY_NORMS) -> Decimal:
    return D(40) / 100 * 300 * D("1.05") + 12 + 60


def test_km_check_passes_within_tolerance_of_plan_and_gps() -> None:
    result = t.verify_route(
        bus_route(actual_km=101_000, gps_km=100_500, fuel_litres=40_400), norms=ALMATY_NORMS, fare=D(100)
    )
    km = check(result, t.CHECK_KM)
    assert km.passed
    assert km.adjustment == 0
    assert result.work.vehicle_km == D(101_000)


def test_km_check_fails_above_gps_and_pays_only_gps_km() -> None:
    result = t.verify_route(bus_route(actual_km=100_000, gps_km=95_000), norms=ALMATY_NORMS, fare=D(100))
    km = check(result, t.CHECK_KM)
    accepted = D(95_000) * D("1.01")
    assert not km.passed
    assert km.expected == accepted
    assert km.adjustment == (D(100_000) - accepted) * per_km()
    assert result.work.vehicle_km == accepted


def test_km_check_fails_above_plan() -> None:
    result = t.verify_route(bus_route(actual_km=110_000, gps_km=110_000), norms=ALMATY_NORMS, fare=D(100))
    km = check(result, t.CHECK_KM)
    assert not km.passed
    assert km.adjustment == (D(110_000) - D(102_000)) * per_km()


def test_trips_check_pass_and_fail_with_pro_rata_cut() -> None:
    ok = t.verify_route(bus_route(trips_completed=3_800), norms=ALMATY_NORMS, fare=D(100))
    assert check(ok, t.CHECK_TRIPS).passed
    assert ok.subsidy == ok.need
    bad = t.verify_route(bus_route(trips_completed=3_600), norms=ALMATY_NORMS, fare=D(100))
    trips = check(bad, t.CHECK_TRIPS)
    assert not trips.passed
    assert trips.expected == D(3_800)
    assert trips.adjustment == bad.need * (1 - D(3_600) / D(4_000))
    assert bad.subsidy == bad.need * D("0.9")


def test_fuel_check_pass_and_fail_above_norm() -> None:
    ok = t.verify_route(bus_route(fuel_litres=41_900), norms=ALMATY_NORMS, fare=D(100))
    assert check(ok, t.CHECK_FUEL).passed
    bad = t.verify_route(bus_route(fuel_litres=45_000), norms=ALMATY_NORMS, fare=D(100))
    fuel = check(bad, t.CHECK_FUEL)
    assert not fuel.passed
    assert fuel.expected == D(40_000)
    assert fuel.adjustment == D(5_000) * 300
    # justified fuel stays at the norm
    assert bad.costs[t.FUEL] == ok.costs[t.FUEL] == D(12_000_000)


def test_passengers_check_pass_and_fail_takes_validations() -> None:
    ok = t.verify_route(bus_route(passengers_paying=149_000), norms=ALMATY_NORMS, fare=D(100))
    assert check(ok, t.CHECK_PASSENGERS).passed
    bad = t.verify_route(bus_route(passengers_paying=130_000), norms=ALMATY_NORMS, fare=D(100))
    passengers = check(bad, t.CHECK_PASSENGERS)
    assert not passengers.passed
    assert passengers.adjustment == D(20_000) * 100
    assert bad.work.passengers_paying == D(150_000)
    assert bad.revenue == D(150_000) * 100 + D(500_000)


def test_wage_fund_check_pass_and_fail() -> None:
    ok = t.verify_route(bus_route(), norms=ALMATY_NORMS, fare=D(100))
    assert check(ok, t.CHECK_WAGES).passed
    bad = t.verify_route(bus_route(wage_fund=10_000_000), norms=ALMATY_NORMS, fare=D(100))
    wages = check(bad, t.CHECK_WAGES)
    assert not wages.passed
    assert wages.expected == D(9_000_000)
    assert wages.adjustment == D(1_000_000) * D("1.11")
    assert bad.costs[t.WAGES] == D(9_000_000)


def test_depreciation_check_pass_and_fail() -> None:
    ok = t.verify_route(bus_route(), norms=ALMATY_NORMS, fare=D(100))
    assert check(ok, t.CHECK_DEPRECIATION).passed
    bad = t.verify_route(bus_route(depreciation=9_000_000), norms=ALMATY_NORMS, fare=D(100))
    depreciation = check(bad, t.CHECK_DEPRECIATION)
    assert not depreciation.passed
    assert depreciation.adjustment == D(1_000_000)
    assert bad.costs[t.DEPRECIATION] == D(8_000_000)


def test_non_route_costs_check_pass_and_fail() -> None:
    ok = t.verify_route(bus_route(), norms=ALMATY_NORMS, fare=D(100))
    assert check(ok, t.CHECK_NON_ROUTE).passed
    bad = t.verify_route(
        bus_route(
            non_route_costs=300_000,
            claimed_costs={t.INSURANCE: 1_000_000, t.DISPATCHING: 1_500_000, t.NON_ROUTE: 200_000},
        ),
        norms=ALMATY_NORMS,
        fare=D(100),
    )
    non_route = check(bad, t.CHECK_NON_ROUTE)
    assert not non_route.passed
    assert non_route.adjustment == D(500_000)
    assert t.NON_ROUTE not in bad.costs
    assert bad.total_cost == ok.total_cost


def test_cap_check_pass_and_fail() -> None:
    uncapped = t.verify_case([bus_route()], norms=ALMATY_NORMS, fare=D(100))
    need = uncapped.subsidy
    assert uncapped.cap_check.status == t.NOT_CHECKED  # no cap in the contract: nothing to check against
    ok = t.verify_case([bus_route()], norms=ALMATY_NORMS, fare=D(100), cap=need + 1)
    assert ok.cap_check.passed
    assert ok.subsidy == need
    capped = t.verify_case([bus_route()], norms=ALMATY_NORMS, fare=D(100), cap=D(10_000_000))
    assert not capped.cap_check.passed
    assert capped.cap_check.adjustment == need - D(10_000_000)
    assert capped.subsidy == D(10_000_000)


def test_arithmetic_check_pass_and_fail() -> None:
    claimed_costs = {t.FUEL: 12_000_000, t.WAGES: 9_000_000, t.DEPRECIATION: 8_000_000}
    own = D(29_000_000) * D("1.05") - (D(150_000) * 100 + D(500_000))
    ok = t.verify_route(
        bus_route(claimed_costs=claimed_costs, claimed_subsidy=own), norms=ALMATY_NORMS, fare=D(100)
    )
    arithmetic = check(ok, t.CHECK_ARITHMETIC)
    assert arithmetic.passed
    assert arithmetic.expected == own
    bad = t.verify_route(
        bus_route(claimed_costs=claimed_costs, claimed_subsidy=own + 1_000), norms=ALMATY_NORMS, fare=D(100)
    )
    arithmetic = check(bad, t.CHECK_ARITHMETIC)
    assert not arithmetic.passed
    assert arithmetic.adjustment == D(1_000)


def test_every_check_appears_once_per_route_plus_the_cap() -> None:
    route = bus_route(claimed_subsidy=1)
    result = t.verify_case([route], norms=ALMATY_NORMS, fare=D(100), cap=D(1))
    assert sorted(c.code for c in result.checks) == sorted(t.CHECK_CODES)
