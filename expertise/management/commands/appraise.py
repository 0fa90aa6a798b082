"""`manage.py appraise FILE`: appraise a cash-flow series or a financial model from JSON, print JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from expertise.appraisal import (
    ALGORITHM_VERSION,
    CONVENTIONS,
    LINE_KINDS,
    Line,
    appraise_flows,
    appraise_model,
    inputs_hash,
    to_decimal,
    to_jsonable,
)

FLOAT_LIMIT = Decimal("1.7E308")
FLOW_KEYS = {"rate", "flows", "convention", "finance_rate", "reinvest_rate"}
MODEL_KEYS = {"financial_rate", "social_rate", "lines", "finance_rate", "reinvest_rate"}
LINE_KEYS = {"name", "kind", "values", "conversion_factor"}


def _reject_constant(name: str) -> None:
    """json hook: NaN and Infinity are not numbers here."""
    raise CommandError(f"{name} is not a number")


def load_payload(path: str) -> Any:
    """The file's JSON, numbers as Decimal (exactly as written)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{path} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None


def _number(value: Any, where: str) -> Decimal:
    """A JSON number as Decimal, or a CommandError naming the field."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        shown = json.dumps(value, default=str)
        raise CommandError(
            f"{where} must be a number, got {shown if len(shown) <= 40 else shown[:37] + '...'}"
        )
    try:
        number = to_decimal(value)
    except (TypeError, ValueError):
        raise CommandError(f"{where} must be a finite number") from None
    if abs(number) > FLOAT_LIMIT:  # the rates (IRR, MIRR) are computed in floating point
        raise CommandError(f"{where} is too large: at most ±{FLOAT_LIMIT:.1E} is accepted, got {number:.3E}")
    return number


def _optional_rate(payload: dict[str, Any], key: str, *, default: Decimal) -> Decimal:
    """A rate field (> -1), or the default when absent (an explicit null counts as absent)."""
    return default if payload.get(key) is None else _rate(payload, key)


def _rate(payload: dict[str, Any], key: str) -> Decimal:
    """A required rate field (> -1)."""
    if key not in payload:
        raise CommandError(f"missing {key!r}")
    rate = _number(payload[key], key)
    if rate <= -1:
        raise CommandError(f"{key} must be greater than -1, got {rate}")
    return rate


def _numbers(value: Any, where: str) -> list[Decimal]:
    """A non-empty JSON array of numbers."""
    if not isinstance(value, list):
        raise CommandError(f"{where} must be an array of numbers")
    if not value:
        raise CommandError(f"{where} is empty")
    return [_number(v, f"{where}[{i}]") for i, v in enumerate(value)]


def _check_keys(obj: dict[str, Any], allowed: set[str], where: str) -> None:
    """Reject unknown keys, so a misspelt optional field is not silently ignored."""
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise CommandError(f"unknown key(s) in {where}: {', '.join(unknown)}")


def _line(value: Any, index: int) -> Line:
    """One model line from its JSON object."""
    where = f"lines[{index}]"
    if not isinstance(value, dict):
        raise CommandError(f"{where} must be an object")
    _check_keys(value, LINE_KEYS, where)
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CommandError(f"{where}.name must be a non-empty string")
    kind = value.get("kind")
    if kind not in LINE_KINDS:
        raise CommandError(f"{where}.kind must be one of {', '.join(LINE_KINDS)}, got {json.dumps(kind)}")
    if "values" not in value:
        raise CommandError(f"missing {where}.values")
    values = _numbers(value["values"], f"{where}.values")
    factor = _number(value.get("conversion_factor", 1), f"{where}.conversion_factor")
    return Line(name=name, kind=kind, values=values, conversion_factor=factor)


def parse_payload(payload: Any) -> dict[str, Any]:
    """Validated inputs with defaults filled in (raises CommandError with a one-line message)."""
    if not isinstance(payload, dict):
        raise CommandError("the file must hold a JSON object")
    if ("flows" in payload) == ("lines" in payload):
        raise CommandError('the object needs either "flows" (with "rate") or "lines" (a model), not both')
    if "flows" in payload:
        _check_keys(payload, FLOW_KEYS, "the file")
        rate = _rate(payload, "rate")
        convention = payload.get("convention", "t0")
        if convention not in CONVENTIONS:
            raise CommandError(
                f"convention must be one of {', '.join(CONVENTIONS)}, got {json.dumps(convention)}"
            )
        return {
            "rate": rate,
            "flows": _numbers(payload["flows"], "flows"),
            "convention": convention,
            "finance_rate": _optional_rate(payload, "finance_rate", default=rate),
            "reinvest_rate": _optional_rate(payload, "reinvest_rate", default=rate),
        }
    _check_keys(payload, MODEL_KEYS, "the file")
    financial_rate = _rate(payload, "financial_rate")
    if not isinstance(payload["lines"], list) or not payload["lines"]:
        raise CommandError("lines must be a non-empty array of objects")
    return {
        "financial_rate": financial_rate,
        "social_rate": _rate(payload, "social_rate"),
        "lines": [_line(value, i) for i, value in enumerate(payload["lines"])],
        "finance_rate": _optional_rate(payload, "finance_rate", default=financial_rate),
        "reinvest_rate": _optional_rate(payload, "reinvest_rate", default=financial_rate),
    }


def appraise_inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    """Appraise parsed inputs, stamped with the algorithm version and the inputs' hash."""
    result = appraise_flows(**inputs) if "flows" in inputs else appraise_model(**inputs)
    result["algorithm_version"] = ALGORITHM_VERSION
    result["inputs_hash"] = inputs_hash(inputs)
    return result


class Command(BaseCommand):
    help = (
        'Appraise {"rate", "flows", ["convention", "finance_rate", "reinvest_rate"]} or a model '
        '{"financial_rate", "social_rate", "lines": [{"name", "kind", "values", "conversion_factor"}]} '
        "from a JSON file; print NPV, all IRRs, MIRR, paybacks and BCR as JSON (money and other exact values as "
        "decimal strings, rates as numbers)."
    )
    requires_system_checks: list[str] = []  # pure computation: no models, no database

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the JSON input")

    def handle(self, *args: Any, **options: Any) -> None:
        inputs = parse_payload(load_payload(options["file"]))
        try:
            result = appraise_inputs(inputs)
            # strict JSON: money as exact decimal strings, rates as numbers, never NaN or Infinity
            text = json.dumps(to_jsonable(result), ensure_ascii=False, indent=2, allow_nan=False)
        except (ValueError, ArithmeticError) as exc:  # e.g. a number too large for the arithmetic
            raise CommandError((str(exc).splitlines() or [type(exc).__name__])[0]) from None
        self.stdout.write(text)
