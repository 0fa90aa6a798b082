"""Reading numbers out of what users send (query strings, form data, spreadsheet cells): a value that is not
exactly a number is None, never a guess (1.5 is not the integer 1, True is not 1, "NaN" is not a decimal)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

_INTEGER = re.compile(r"[+-]?\d{1,18}")
_LIMIT = 10**18


def parse_int(value: Any) -> int | None:
    """The integer `value` stands for (an int, a float or Decimal without a fraction, a string of digits with an
    optional sign and surrounding spaces); None for anything else, booleans and numbers of over 18 digits included."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < _LIMIT else None
    if isinstance(value, Decimal):
        return (
            int(value)
            if value.is_finite() and value == value.to_integral_value() and abs(value) < _LIMIT
            else None
        )
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    return None


def parse_decimal(value: Any) -> Decimal | None:
    """The finite Decimal `value` stands for (a number, or a string with a dot or a comma as the decimal
    separator and spaces between thousands); None for empty, non-numeric, boolean, NaN or infinite values."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        value = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not value:
            return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None
