"""The headline figures of a stored appraisal: a value that is not a finite number shows as missing."""

from __future__ import annotations

from decimal import Decimal

from expertise.exports import metrics


def test_stored_figures_that_are_not_finite_numbers_show_as_missing() -> None:
    shown = metrics({"fnpv": "NaN", "enpv": "12.50", "fbcr": "Infinity", "payback": "oops", "ebcr": 1.25})
    assert shown["fnpv"] is None
    assert shown["enpv"] == Decimal("12.50")
    assert shown["fbcr"] is None
    assert shown["payback"] is None
    assert shown["ebcr"] == Decimal("1.25")
