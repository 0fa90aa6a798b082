"""`manage.py appraise FILE`: JSON in, JSON out, one-line CommandError for bad files (no database)."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

MONEY = 0.01
FLOW_KEYS = {"npv", "irr_roots", "irr_flag", "mirr", "payback", "discounted_payback", "bcr"}
MODEL_KEYS = FLOW_KEYS | {"fnpv", "firr_roots", "enpv", "eirr_roots", "ebcr"}


def write(tmp_path: Path, payload: Any, name: str = "input.json") -> Path:
    """A JSON file (or raw text when given a str) in tmp_path."""
    path = tmp_path / name
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return path


def appraise(path: Path) -> dict[str, Any]:
    """Run the command and parse its stdout."""
    out = StringIO()
    call_command("appraise", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_flows_reference_irr(tmp_path: Path) -> None:
    result = appraise(write(tmp_path, {"rate": 0.1, "flows": [-100, 39, 59, 55, 20]}))
    assert set(result) >= FLOW_KEYS | {"algorithm_version", "inputs_hash"}
    assert result["irr_flag"] == "unique"
    assert result["irr_roots"] == [pytest.approx(0.2809484211599611, abs=1e-9)]
    assert result["algorithm_version"] == "1.0"
    assert len(result["inputs_hash"]) == 64


def test_flows_spreadsheet_convention_reference_npv(tmp_path: Path) -> None:
    payload = {"rate": 0.10, "flows": [500, 1500, 4000, 10000], "convention": "spreadsheet"}
    result = appraise(write(tmp_path, payload))
    assert float(result["npv"]) == pytest.approx(11529.60863329007, abs=MONEY)
    assert result["convention"] == "spreadsheet"


def test_flows_default_convention_is_t0(tmp_path: Path) -> None:
    result = appraise(write(tmp_path, {"rate": 0.065, "flows": [5000]}))
    assert float(result["npv"]) == pytest.approx(5000, abs=MONEY)
    assert result["convention"] == "t0"


def test_flows_multiple_roots_and_nulls(tmp_path: Path) -> None:
    result = appraise(write(tmp_path, {"rate": 0.1, "flows": [-5, 10.5, 1, -8, 1]}))
    assert result["irr_flag"] == "multiple"
    assert result["irr_roots"] == [
        pytest.approx(-0.8702012, abs=1e-6),
        pytest.approx(0.0885983, abs=1e-6),
        pytest.approx(0.7095595, abs=1e-6),
    ]


def test_flows_all_same_sign_gives_nulls(tmp_path: Path) -> None:
    result = appraise(write(tmp_path, {"rate": 0.1, "flows": [100, 200]}))
    assert result["irr_flag"] == "all_same_sign"
    assert result["irr_roots"] == []
    assert result["mirr"] is None
    assert result["bcr"] is None


def test_flows_not_recovered_payback_is_null(tmp_path: Path) -> None:
    result = appraise(write(tmp_path, {"rate": 0.1, "flows": [-100, 30, 30]}))
    assert result["payback"] is None
    assert result["discounted_payback"] is None


def test_flows_mirr_rates(tmp_path: Path) -> None:
    payload = {
        "rate": 0.1,
        "flows": [-120000, 39000, 30000, 21000, 37000, 46000],
        "finance_rate": 0.10,
        "reinvest_rate": 0.14,
    }
    assert appraise(write(tmp_path, payload))["mirr"] == pytest.approx(0.1347591, abs=1e-6)


def test_flows_payback_and_bcr(tmp_path: Path) -> None:
    result = appraise(write(tmp_path, {"rate": 0.1, "flows": [-100, 60, 60]}))
    assert float(result["payback"]) == pytest.approx(1 + 40 / 60, abs=1e-12)
    assert float(result["bcr"]) == pytest.approx(126 / 121, abs=1e-12)


def test_model(tmp_path: Path) -> None:
    payload = {
        "financial_rate": 0.10,
        "social_rate": 0.05,
        "lines": [
            {"name": "capex", "kind": "capex", "values": [-100, 0, 0], "conversion_factor": 0.8},
            {"name": "revenue", "kind": "revenue", "values": [0, 60, 60]},
            {"name": "tax", "kind": "transfer", "values": [0, -10, -10]},
            {"name": "time savings", "kind": "benefit", "values": [0, 20, 20]},
        ],
    }
    result = appraise(write(tmp_path, payload))
    assert set(result) >= MODEL_KEYS
    assert float(result["fnpv"]) == pytest.approx(105 / 1.21 - 100, abs=MONEY)
    assert result["npv"] == result["fnpv"]
    assert result["firr_roots"] == [pytest.approx(0.0, abs=1e-12)]
    assert float(result["enpv"]) == pytest.approx(164 / 1.1025 - 80, abs=MONEY)
    assert result["eirr_roots"] == [pytest.approx(0.6180339887498949, abs=1e-9)]
    assert float(result["ebcr"]) == pytest.approx(164 / 88.2, abs=1e-12)
    assert float(result["bcr"]) == pytest.approx(126 / 142, abs=1e-12)
    assert result["payback"] == "2"
    assert result["discounted_payback"] is None


def test_inputs_hash_is_stable_across_spelling(tmp_path: Path) -> None:
    a = appraise(write(tmp_path, '{"rate": 0.10, "flows": [-100.0, 60, 60]}', "a.json"))
    b = appraise(write(tmp_path, '{"flows": [-100, 60, 60.00], "rate": 0.1, "convention": "t0"}', "b.json"))
    c = appraise(write(tmp_path, '{"rate": 0.1, "flows": [-100, 60, 61]}', "c.json"))
    assert a["inputs_hash"] == b["inputs_hash"]
    assert a["inputs_hash"] != c["inputs_hash"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ({"rate": 0.1}, "either"),
        ({"rate": 0.1, "flows": [1], "lines": []}, "either"),
        ({"flows": [-100, 110]}, "missing 'rate'"),
        ({"rate": 0.1, "flows": []}, "flows is empty"),
        ({"rate": 0.1, "flows": "abc"}, "array of numbers"),
        ({"rate": 0.1, "flows": [-100, "110"]}, "flows[1] must be a number"),
        ({"rate": 0.1, "flows": [-100, True]}, "flows[1] must be a number"),
        ({"rate": "ten", "flows": [-100, 110]}, "rate must be a number"),
        ({"rate": -1, "flows": [-100, 110]}, "greater than -1"),
        ({"rate": -1.5, "flows": [-100, 110]}, "greater than -1"),
        ({"rate": 0.1, "flows": [-100, 110], "reinvest_rate": -2}, "greater than -1"),
        ({"rate": 0.1, "flows": [-100, 110], "convention": "excel"}, "convention"),
        ({"rate": 0.1, "flows": [-100, 110], "finance_rat": 0.1}, "unknown key"),
        ('{"rate": 0.1, "flows": [-100, NaN]}', "not a number"),
        ({"financial_rate": 0.1, "lines": [{"name": "a", "kind": "capex", "values": [-1]}]}, "social_rate"),
        ({"financial_rate": 0.1, "social_rate": 0.05, "lines": []}, "non-empty"),
        (
            {
                "financial_rate": 0.1,
                "social_rate": 0.05,
                "lines": [{"name": "a", "kind": "grant", "values": [1]}],
            },
            "kind",
        ),
        ({"financial_rate": 0.1, "social_rate": 0.05, "lines": [{"name": "a", "kind": "capex"}]}, "values"),
        (
            {
                "financial_rate": 0.1,
                "social_rate": 0.05,
                "lines": [{"name": "a", "kind": "capex", "values": []}],
            },
            "empty",
        ),
        ({"financial_rate": 0.1, "social_rate": 0.05, "lines": [{"kind": "capex", "values": [1]}]}, "name"),
        (
            {
                "financial_rate": 0.1,
                "social_rate": 0.05,
                "lines": [{"name": "a", "kind": "capex", "values": [None]}],
            },
            "values[0] must be a number",
        ),
        (
            {
                "financial_rate": 0.1,
                "social_rate": 0.05,
                "lines": [{"name": "a", "kind": "capex", "values": [1], "conversion_factor": "x"}],
            },
            "conversion_factor",
        ),
        (
            {
                "financial_rate": -1,
                "social_rate": 0.05,
                "lines": [{"name": "a", "kind": "capex", "values": [1]}],
            },
            "-1",
        ),
    ],
)
def test_bad_file_raises_one_line_command_error(tmp_path: Path, content: Any, message: str) -> None:
    with pytest.raises(CommandError) as excinfo:
        appraise(write(tmp_path, content))
    text = str(excinfo.value)
    assert message in text
    assert "\n" not in text


def test_missing_file_raises_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        appraise(tmp_path / "absent.json")


def test_directory_raises_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        appraise(tmp_path)


def test_money_is_printed_exactly_as_decimal_strings(tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "appraise", str(write(tmp_path, '{"rate":0,"flows":[-1000000000000000.01,0.02]}')), stdout=out
    )
    result = json.loads(out.getvalue(), parse_constant=lambda name: pytest.fail(f"{name} in the output"))
    assert result["npv"] == "-999999999999999.99"
    assert result["rate"] == "0"


@pytest.mark.parametrize("flows", ["[1e400, -1e400, 1]", "[-1, 1e309]"])
def test_numbers_beyond_float_range_are_refused(tmp_path: Path, flows: str) -> None:
    with pytest.raises(CommandError, match="too large"):
        appraise(write(tmp_path, f'{{"rate": 0.1, "flows": {flows}}}'))


def test_repeated_irr_root_is_one_root(tmp_path: Path) -> None:
    result = appraise(write(tmp_path, {"rate": 0, "flows": [-1000, 3300, -3630, 1331]}))
    assert result["irr_flag"] == "unique"
    assert result["irr_roots"] == [pytest.approx(0.1, abs=1e-6)]


def test_mirr_overflow_leaves_the_appraisal_whole(tmp_path: Path) -> None:
    result = appraise(write(tmp_path, {"rate": 1000, "flows": [-100] + [10] * 200}))
    assert result["mirr"] == pytest.approx(954.9475786, rel=1e-9)
    expected = Decimal(-100) + sum(Decimal(10) / Decimal(1001) ** t for t in range(1, 201))
    assert abs(Decimal(result["npv"]) - expected) < Decimal("1e-20")
