"""Appraisal engine: APPRAISAL.md reference values and hand-computed cases (no database)."""

from __future__ import annotations

import hashlib
import json
import math
from decimal import Decimal

import pytest

from expertise.appraisal import (
    ALGORITHM_VERSION,
    IrrResult,
    Line,
    PaybackResult,
    appraise_flows,
    appraise_model,
    bcr,
    discounted_payback,
    fiscal_commitments,
    inputs_hash,
    irr_roots,
    mirr,
    npv,
    obligation_limit_check,
    payback,
    scenarios,
    sensitivity,
    to_jsonable,
    value_for_money,
)

MONEY = 0.01
D = Decimal

# --- Reference values (APPRAISAL.md) -----------------------------------------------------------------


def test_spreadsheet_npv_adobe_reference() -> None:
    result = npv(0.10, [500, 1500, 4000, 10000], convention="spreadsheet")
    assert isinstance(result, Decimal)
    assert float(result) == pytest.approx(11529.60863329007, abs=MONEY)


def test_spreadsheet_npv_single_value_adobe_reference() -> None:
    assert float(npv(0.065, [5000], convention="spreadsheet")) == pytest.approx(4694.83568075117, abs=MONEY)


def test_t0_npv_does_not_discount_first_flow() -> None:
    # t0 = spreadsheet × (1 + r): the same flows one period earlier.
    assert float(npv(0.10, [500, 1500, 4000, 10000])) == pytest.approx(11529.60863329007 * 1.1, abs=MONEY)
    assert npv(D("0.1"), [-100, 110]) == 0


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        ([-70000, 12000, 15000, 18000, 21000, 26000], 0.0866309),
        ([-70000, 12000, 15000, 18000, 21000], -0.0212448),
        ([-70000, 12000, 15000], -0.4435069),
        ([-100, 0, 0, 74], -0.0954958),
    ],
)
def test_irr_unique_reference_values_rounded_in_source(flows: list[int], expected: float) -> None:
    result = irr_roots(flows)
    assert result.flag == "unique"
    assert result.roots == [pytest.approx(expected, abs=1e-6)]
    assert result.irr == pytest.approx(expected, abs=1e-6)


def test_irr_numpy_reference_full_precision() -> None:
    result = irr_roots([-100, 39, 59, 55, 20])
    assert result.flag == "unique"
    assert result.roots == [pytest.approx(0.2809484211599611, abs=1e-9)]


def test_irr_two_roots_flagged_multiple() -> None:
    result = irr_roots([-100, 100, 0, -7])
    assert result.flag == "multiple"
    assert result.roots == [pytest.approx(-0.6788944, abs=1e-6), pytest.approx(-0.0832997, abs=1e-6)]
    assert result.irr is None


def test_irr_three_roots_flagged_multiple() -> None:
    result = irr_roots([-5, 10.5, 1, -8, 1])
    assert result.flag == "multiple"
    assert result.roots == [
        pytest.approx(-0.8702012, abs=1e-6),
        pytest.approx(0.0885983, abs=1e-6),
        pytest.approx(0.7095595, abs=1e-6),
    ]


def test_irr_all_same_sign_has_no_irr() -> None:
    assert irr_roots([100, 200]) == IrrResult(roots=[], flag="all_same_sign")


def test_mirr_excel_reference() -> None:
    assert mirr([-120000, 39000, 30000, 21000, 37000, 46000], 0.10, 0.12) == pytest.approx(
        0.1260941, abs=1e-6
    )


def test_mirr_excel_reference_first_four_values() -> None:
    assert mirr([-120000, 39000, 30000, 21000], 0.10, 0.12) == pytest.approx(-0.0480447, abs=1e-6)


def test_mirr_excel_reference_reinvest_14_percent() -> None:
    assert mirr([-120000, 39000, 30000, 21000, 37000, 46000], 0.10, 0.14) == pytest.approx(
        0.1347591, abs=1e-6
    )


def test_mirr_numpy_financial_reference() -> None:
    assert mirr([-1000, 100, 50, 10, 15], 0.34, 0.21) == pytest.approx(-0.2742274708267268, abs=1e-9)


# --- IRR edge cases ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flows", "count"),
    [
        ([-70000, 12000, 15000, 18000, 21000, 26000], 1),
        ([-100, 100, 0, -7], 2),
        ([-5, 10.5, 1, -8, 1], 3),
    ],
)
def test_every_irr_root_zeroes_npv(flows: list[float], count: int) -> None:
    roots = irr_roots(flows).roots
    assert len(roots) == count  # the check below must not pass on an empty list
    assert [abs(float(npv(root, flows))) < 1e-6 for root in roots] == [True] * count


def test_irr_no_real_root_flagged_none() -> None:
    # 1 - 3x + 3x² has no real root although the series changes sign twice.
    assert irr_roots([1, -3, 3]) == IrrResult(roots=[], flag="none")


def test_irr_zero_flows_are_all_same_sign() -> None:
    assert irr_roots([0, 0, 0]).flag == "all_same_sign"


def test_irr_double_root_touching_zero_counts_once() -> None:
    # -(1 - 1.07x)²: NPV touches zero at r = 7% without changing sign.
    result = irr_roots([-1, D("2.14"), D("-1.1449")])
    assert result.flag == "unique"
    assert result.roots == [pytest.approx(0.07, abs=1e-6)]


def test_irr_double_root_on_grid_point() -> None:
    assert irr_roots([-1, 2, -1]) == IrrResult(roots=[0.0], flag="unique")


def test_irr_close_pair_of_roots_both_found() -> None:
    # -(1 - 1.1x)(1 - 1.1004x): roots 10% and 10.04%, closer than the scan grid step.
    result = irr_roots([-1, D("2.2004"), D("-1.21044")])
    assert result.flag == "multiple"
    assert result.roots == [pytest.approx(0.1, abs=1e-9), pytest.approx(0.1004, abs=1e-9)]


def test_irr_roots_near_minus_one_and_beyond_grid() -> None:
    # -(1 - 0.00005x)(1 - 1.2x): roots -99.995% and 20%.
    result = irr_roots([-1, D("1.20005"), D("-0.00006")])
    assert result.roots == [pytest.approx(-0.99995, abs=1e-9), pytest.approx(0.2, abs=1e-9)]
    assert irr_roots([-1, 1000]).roots == [pytest.approx(999.0, rel=1e-12)]


def test_irr_triple_root_is_one_root() -> None:
    # -1000 (1 - 1.1x)³: one triple root at 10 %, located only to ~cbrt(machine epsilon)
    result = irr_roots([-1000, 3300, -3630, 1331])
    assert result.flag == "unique"
    assert result.roots == [pytest.approx(0.1, abs=1e-6)]


def test_irr_pair_of_roots_beyond_the_scan_range_is_found() -> None:
    # (1 - 151x)(1 - 201x) in x = 1/(1+r): roots at r = 150 and r = 200, both above the grid's 100
    above = irr_roots([1, -352, 30351])
    assert above.flag == "multiple"
    assert above.roots == [pytest.approx(150, rel=1e-9), pytest.approx(200, rel=1e-9)]
    # (y - 1e-5)(y - 2e-5) in y = 1+r: roots at r = -0.99999 and -0.99998, both below the grid's -0.9999
    below = irr_roots([1, D("-0.00003"), D("0.0000000002")])
    assert below.flag == "multiple"
    assert below.roots == [pytest.approx(-0.99999, abs=1e-12), pytest.approx(-0.99998, abs=1e-12)]


def test_mirr_of_a_high_rate_over_many_periods_does_not_overflow() -> None:
    # 1001^199 is beyond a float: the same formula in logarithms gives the finite MIRR
    flows = [-100] + [10] * 200
    value = mirr(flows, 1000, 1000)
    # (0.1 · Σ_k 1001^k)^(1/200) − 1 = 1001^(199/200) · (0.1 · Σ_j 1001^−j)^(1/200) − 1
    tail = D("0.1") * sum(D(1001) ** -j for j in range(200))
    expected = D(1001) ** (D(199) / D(200)) * tail ** (1 / D(200)) - 1
    assert value == pytest.approx(float(expected), rel=1e-12)
    result = appraise_flows(1000, flows)
    assert result["mirr"] == value


def test_irr_refuses_flows_beyond_float_range() -> None:
    with pytest.raises(ValueError, match="too large"):
        irr_roots([D("-1e400"), D("1e400")])


def test_irr_ignores_leading_and_trailing_zeros() -> None:
    assert irr_roots([0, -100, 110, 0]).roots == [pytest.approx(0.1, abs=1e-12)]


# --- MIRR, payback, BCR -------------------------------------------------------------------------------


def test_mirr_undefined_without_both_signs() -> None:
    assert mirr([100, 200], 0.1, 0.1) is None
    assert mirr([-100, -200], 0.1, 0.1) is None


def test_mirr_hand_computed() -> None:
    # FV of inflows at 10% to t=2: 50·1.1 + 50 = 105; PV of outflows: 100 -> sqrt(1.05) - 1.
    assert mirr([-100, 50, 50], 0.1, 0.1) == pytest.approx(math.sqrt(1.05) - 1, abs=1e-12)


@pytest.mark.parametrize(
    ("flows", "period", "multiple"),
    [
        ([-100, 50, 50], D(2), False),
        ([-100, 60, 60], D(1) + D(40) / D(60), False),
        ([-100, 0, 100], D(2), False),
        ([-100, 30, 30], None, False),
        ([100, 50], D(0), False),
        ([0, -100, 150], D(1) + D(100) / D(150), False),
        # cum -100, 50, -50, 50: first recovery kept, flagged
        ([-100, 150, -100, 100], D(100) / D(150), True),
        # cum -100, 50, -50: recovered once then lost again, still flagged
        ([-100, 150, -100], D(100) / D(150), True),
    ],
)
def test_payback(flows: list[int], period: Decimal | None, multiple: bool) -> None:
    assert payback(flows) == PaybackResult(period=period, multiple_crossings=multiple)


def test_discounted_payback_hand_computed() -> None:
    # Discounted at 10%: -100, 54.545, 49.587 -> cum -45.4545 after t=1, so 1 + (500/11)/(6000/121) = 1 + 11/12.
    result = discounted_payback(0.10, [-100, 60, 60, 60])
    assert result.period == pytest.approx(D(1) + D(11) / D(12), abs=D("1e-20"))
    assert not result.multiple_crossings


def test_discounted_payback_not_recovered_when_only_undiscounted_recovers() -> None:
    assert payback([-100, 50, 50]).period == 2
    assert discounted_payback(0.10, [-100, 50, 50]).period is None


def test_bcr_helper() -> None:
    # PV(benefits) = 60/1.1 + 60/1.21 = 126/1.21; PV(costs) = 100.
    result = bcr(0.10, [[0, 60, 60]], [[-100]])
    assert float(result) == pytest.approx(126 / 121, abs=1e-12)
    assert bcr(0.10, [[0, 60]], [[0, 0]]) is None


def test_appraise_flows_keys_and_values() -> None:
    result = appraise_flows(0.10, [-100, 60, 60])
    assert float(result["npv"]) == pytest.approx(126 / 1.21 - 100, abs=MONEY)
    assert result["irr_flag"] == "unique"
    assert result["irr_roots"][0] == pytest.approx(0.1306623862918075, abs=1e-9)  # 60x² + 60x - 100 = 0
    assert result["payback"] == D(1) + D(40) / D(60)
    assert result["discounted_payback"] == pytest.approx(D(1) + D(500) / D(11) / (D(6000) / D(121)))
    assert float(result["bcr"]) == pytest.approx(126 / 121, abs=1e-12)
    assert result["mirr"] == pytest.approx(math.sqrt((60 * 1.1 + 60) / 100) - 1, abs=1e-12)
    assert result["convention"] == "t0"


def test_appraise_flows_spreadsheet_convention_changes_only_npv() -> None:
    t0 = appraise_flows(0.10, [-100, 60, 60])
    sheet = appraise_flows(0.10, [-100, 60, 60], convention="spreadsheet")
    assert sheet["convention"] == "spreadsheet"
    assert float(sheet["npv"]) == pytest.approx(float(t0["npv"]) / 1.1, abs=MONEY)
    for key in ("irr_roots", "irr_flag", "mirr", "payback", "discounted_payback", "bcr"):
        assert sheet[key] == t0[key]


def test_appraise_flows_mirr_rates() -> None:
    flows = [-120000, 39000, 30000, 21000, 37000, 46000]
    result = appraise_flows(0.10, flows, finance_rate=0.10, reinvest_rate=0.12)
    assert result["mirr"] == pytest.approx(0.1260941, abs=1e-6)


def test_rate_must_exceed_minus_one() -> None:
    with pytest.raises(ValueError, match="greater than -1"):
        npv(-1, [1, 2])


# --- Model: financial vs economic ---------------------------------------------------------------------


def small_model() -> list[Line]:
    """capex (CF 0.8), revenue, a tax (transfer) and an external benefit."""
    return [
        Line("capex", "capex", [D(-100), D(0), D(0)], D("0.8")),
        Line("revenue", "revenue", [D(0), D(60), D(60)]),
        Line("tax", "transfer", [D(0), D(-10), D(-10)]),
        Line("time savings", "benefit", [D(0), D(20), D(20)]),
    ]


def test_model_financial_and_economic_flows() -> None:
    result = appraise_model(D("0.10"), D("0.05"), small_model())
    # Financial: everything but the benefit. Economic: everything but the tax, × conversion factor.
    assert result["financial_flows"] == [D(-100), D(50), D(50)]
    assert result["economic_flows"] == [D(-80), D(80), D(80)]


def test_model_financial_metrics() -> None:
    result = appraise_model(D("0.10"), D("0.05"), small_model())
    assert float(result["fnpv"]) == pytest.approx(105 / 1.21 - 100, abs=MONEY)  # -13.22
    assert result["firr_roots"] == [pytest.approx(0.0, abs=1e-12)]  # 50x² + 50x - 100 = 0 -> x = 1
    assert result["firr_flag"] == "unique"
    # Inflow lines: revenue 126/1.21; outflow lines: capex 121/1.21 and tax 21/1.21.
    assert float(result["fbcr"]) == pytest.approx(126 / 142, abs=1e-12)
    assert result["fbcr_cost_lines"] == ["capex", "tax"]
    assert result["payback"] == 2
    assert result["discounted_payback"] is None
    assert result["mirr"] == pytest.approx(math.sqrt(1.05) - 1, abs=1e-12)
    assert (result["npv"], result["irr_roots"], result["irr_flag"], result["bcr"]) == (
        result["fnpv"],
        result["firr_roots"],
        result["firr_flag"],
        result["fbcr"],
    )


def test_model_economic_metrics() -> None:
    result = appraise_model(D("0.10"), D("0.05"), small_model())
    assert float(result["enpv"]) == pytest.approx(164 / 1.1025 - 80, abs=MONEY)  # 68.75
    assert result["eirr_roots"] == [pytest.approx((1 + math.sqrt(5)) / 2 - 1, abs=1e-9)]  # x² + x - 1 = 0
    assert result["eirr_flag"] == "unique"
    # Inflows: revenue 123/1.1025 + benefit 41/1.1025; outflows: capex 80 = 88.2/1.1025.
    assert float(result["ebcr"]) == pytest.approx(164 / 88.2, abs=1e-12)
    assert result["ebcr_cost_lines"] == ["capex"]


def test_model_mirr_rates_default_to_financial_rate() -> None:
    lines = small_model()
    default = appraise_model(D("0.10"), D("0.05"), lines)["mirr"]
    explicit = appraise_model(D("0.10"), D("0.05"), lines, finance_rate=D("0.10"), reinvest_rate=D("0.10"))[
        "mirr"
    ]
    other = appraise_model(D("0.10"), D("0.05"), lines, finance_rate=D("0.10"), reinvest_rate=D("0.20"))[
        "mirr"
    ]
    assert default == explicit
    assert other == pytest.approx(math.sqrt((50 * 1.2 + 50) / 100) - 1, abs=1e-12)


def test_model_lines_of_different_length_are_padded() -> None:
    lines = [Line("capex", "capex", [D(-100)]), Line("revenue", "revenue", [D(0), D(0), D(121)])]
    result = appraise_model(0.1, 0.1, lines)
    assert result["financial_flows"] == [D(-100), D(0), D(121)]
    assert result["fnpv"] == 0


def test_line_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown line kind"):
        Line("x", "grant", [D(1)])


# --- Sensitivity and scenarios ------------------------------------------------------------------------


def two_line_model() -> list[Line]:
    """NPV at 10% = -100 + 121/1.1 = 10; PV(capex) = -100, PV(revenue) = 110."""
    return [Line("capex", "capex", [D(-100)]), Line("revenue", "revenue", [D(0), D(121)])]


def test_sensitivity_switching_values_and_steps() -> None:
    rows = {row["line"]: row for row in sensitivity(D("0.1"), two_line_model())}
    capex, revenue = rows["capex"], rows["revenue"]
    assert capex["pv"] == -100
    assert revenue["pv"] == 110
    assert capex["switching_value_pct"] == 10  # capex +10% -> NPV 0
    assert float(revenue["switching_value_pct"]) == pytest.approx(-100 / 11, abs=1e-12)  # revenue -9.09%
    assert [(s["pct"], s["npv"]) for s in capex["steps"]] == [(-20, 30), (-10, 20), (10, 0), (20, -10)]
    assert [(s["pct"], s["npv"]) for s in revenue["steps"]] == [(-20, -12), (-10, -1), (10, 21), (20, 32)]
    assert capex["critical"] is True
    assert revenue["critical"] is True


def test_switching_value_really_zeroes_npv() -> None:
    lines = two_line_model()
    rows = sensitivity(D("0.1"), lines)
    assert [row["line"] for row in rows] == [line.name for line in lines]  # not an empty loop below
    npvs = {
        row["line"]: scenarios(
            D("0.1"), lines, {"switch": {row["line"]: 1 + row["switching_value_pct"] / 100}}
        )["switch"]["npv"]
        for row in rows
    }
    assert {name: abs(value) < D("1e-20") for name, value in npvs.items()} == dict.fromkeys(npvs, True)


def test_sensitivity_small_line_is_not_critical() -> None:
    lines = [*two_line_model(), Line("opex", "opex", [D(0), D("-2.2")])]  # PV -2, NPV becomes 8
    rows = {row["line"]: row for row in sensitivity(D("0.1"), lines)}
    assert rows["opex"]["base_npv"] == 8
    assert rows["opex"]["switching_value_pct"] == 400
    assert rows["opex"]["critical"] is False
    assert rows["capex"]["critical"] is True


def test_sensitivity_line_equal_to_npv_is_not_critical() -> None:
    # |PV(line)| == |NPV|: a 1% change moves NPV by exactly 1%, not more.
    lines = [*two_line_model(), Line("opex", "opex", [D(0), D("-5.5")])]  # PV -5, NPV 5
    rows = {row["line"]: row for row in sensitivity(D("0.1"), lines)}
    assert rows["opex"]["critical"] is False


def test_sensitivity_zero_npv_and_zero_pv_line() -> None:
    lines = [
        Line("capex", "capex", [D(-100)]),
        Line("revenue", "revenue", [D(0), D(110)]),
        Line("empty", "opex", [D(0), D(0)]),
    ]
    rows = {row["line"]: row for row in sensitivity(D("0.1"), lines)}
    assert rows["capex"]["switching_value_pct"] == 0
    assert rows["capex"]["critical"] is True
    assert rows["empty"]["switching_value_pct"] is None
    assert rows["empty"]["critical"] is False


def test_sensitivity_skips_lines_outside_the_basis() -> None:
    financial = [row["line"] for row in sensitivity(D("0.1"), small_model())]
    economic = [row["line"] for row in sensitivity(D("0.05"), small_model(), basis="economic")]
    assert financial == ["capex", "revenue", "tax"]
    assert economic == ["capex", "revenue", "time savings"]


def test_scenarios_npv_and_irr() -> None:
    result = scenarios(
        D("0.1"),
        two_line_model(),
        {"optimistic": {"revenue": D("1.1")}, "pessimistic": {"revenue": D("0.9"), "capex": D("1.1")}},
    )
    assert list(result) == ["base", "optimistic", "pessimistic"]
    assert result["base"]["npv"] == 10
    assert result["base"]["irr_roots"] == [pytest.approx(0.21, abs=1e-12)]
    assert result["optimistic"]["npv"] == 21
    assert result["optimistic"]["irr_roots"] == [pytest.approx(0.331, abs=1e-12)]
    assert result["pessimistic"]["npv"] == -11
    assert result["pessimistic"]["irr_roots"] == [pytest.approx(-0.01, abs=1e-12)]
    assert result["pessimistic"]["irr_flag"] == "unique"


def test_scenarios_reject_unknown_line() -> None:
    with pytest.raises(ValueError, match="unknown line"):
        scenarios(D("0.1"), two_line_model(), {"x": {"grants": D(2)}})


# --- PPP ----------------------------------------------------------------------------------------------


def test_value_for_money_hand_computed() -> None:
    result = value_for_money(
        D("0.1"),
        psc_capex=[100],
        psc_opex=[0, 11, D("12.1")],  # PV 20
        psc_lifecycle=[0, 0, D("12.1")],  # PV 10
        competitive_neutrality=5,
        transferable_risk=15,
        retained_risk=10,
        ppp_payments=[0, 55, D("60.5")],  # PV 100
        government_costs=[5],
    )
    assert result["raw_psc"] == 130
    assert result["psc"] == 160  # 130 + 5 + 15 + 10
    assert result["pv_ppp_payments"] == 100
    assert result["ppp_cost"] == 115  # 100 + retained 10 + own costs 5
    assert result["vfm"] == 45
    assert result["vfm_pct"] == D("28.125")


def test_value_for_money_negative_when_ppp_costs_more() -> None:
    result = value_for_money(D("0"), psc_capex=[100], psc_opex=[0], ppp_payments=[60, 60])
    assert result["vfm"] == -20
    assert result["vfm_pct"] == -20


def test_fiscal_commitments_hand_computed() -> None:
    result = fiscal_commitments(
        D("0.1"),
        payments=[0, 110, 121],  # PV 200
        probabilities=[0, D("0.5"), D("0.2")],
        exposures=[100, 220, 605],  # EV 0.5·200 + 0.2·500 = 200
    )
    assert result["direct_pv"] == 200
    assert result["contingent_ev"] == 200
    assert result["total"] == 400
    assert result["max_exposure"] == 925  # undiscounted sum of exposures, p = 1


def test_fiscal_commitments_validate_probabilities() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        fiscal_commitments(0.1, [], [D("1.5")], [1])
    with pytest.raises(ValueError, match="one value per period"):
        fiscal_commitments(0.1, [], [D("0.5")], [1, 2])


@pytest.mark.parametrize(
    ("existing", "new", "limit", "utilisation", "exceeded"),
    [
        (60, 30, 100, D("0.9"), False),
        (60, 40, 100, D(1), False),
        (60, 50, 100, D("1.1"), True),
    ],
)
def test_obligation_limit_check(
    existing: int, new: int, limit: int, utilisation: Decimal, exceeded: bool
) -> None:
    assert obligation_limit_check(existing, new, limit) == (utilisation, exceeded)


def test_obligation_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        obligation_limit_check(1, 1, 0)


# --- Reproducibility and JSON -------------------------------------------------------------------------


def test_algorithm_version() -> None:
    assert ALGORITHM_VERSION == "1.0"


def test_inputs_hash_is_sha256_of_canonical_json() -> None:
    expected = hashlib.sha256(b'{"flows":["-100","50","50"],"rate":"0.1"}').hexdigest()
    assert inputs_hash({"rate": D("0.1"), "flows": [-100, 50, 50]}) == expected


def test_inputs_hash_ignores_key_order_and_number_spelling() -> None:
    a = inputs_hash({"rate": D("0.10"), "flows": [D("-100.0"), 50, 50]})
    b = inputs_hash({"flows": [-100, D("50"), 50.0], "rate": 0.1})
    assert a == b


def test_inputs_hash_changes_with_inputs() -> None:
    base = {"rate": D("0.1"), "flows": [-100, 50, 50]}
    assert inputs_hash(base) != inputs_hash({**base, "flows": [-100, 50, 51]})
    assert inputs_hash(base) != inputs_hash({**base, "rate": D("0.11")})


def test_inputs_hash_of_lines() -> None:
    payload = {"lines": small_model()}
    assert inputs_hash(payload) == inputs_hash({"lines": small_model()})
    assert inputs_hash(payload) != inputs_hash({"lines": small_model()[:3]})


def test_to_jsonable_round_trips_through_json() -> None:
    result = to_jsonable(appraise_flows(D("0.1"), [100, 200]))
    decoded = json.loads(json.dumps(result, allow_nan=False))
    assert decoded["npv"] == str(D(100) + D(200) / D("1.1"))  # money exact, as a decimal string
    assert decoded["irr_roots"] == []
    assert decoded["irr_flag"] == "all_same_sign"
    assert decoded["mirr"] is None
    assert decoded["bcr"] is None
    assert decoded["payback"] == "0"
    assert to_jsonable(PaybackResult(D("1.5"), True)) == {"period": "1.5", "multiple_crossings": True}
