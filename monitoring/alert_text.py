"""An alert's detail line, written in the reader's language from the numbers the scan stored with it.

The scan stores the raw values (Alert.detail_args, as strings) next to a rendering in the scan's language
(Alert.detail, kept for search, exports and other apps); pages render the line again for whoever reads it, so
amounts carry the grouping and decimal mark of the reader's language ("277 083 333 ₸", "₸277,083,333")."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from pmis.core.templatetags.pmis import money, number, percent

# kind → (English template, how to format each argument)
DETAIL_FORMATS: dict[str, tuple[str, dict[str, str]]] = {
    "indicator_lag": (
        gettext_noop("Plan %(plan)s, actual %(actual)s, achievement %(a)s"),
        {"plan": "number", "actual": "number", "a": "ratio"},
    ),
    "budget_execution": (
        gettext_noop("Disbursed %(done)s of %(plan)s planned to date (%(pct)s%%)"),
        {"done": "money", "plan": "money", "pct": "percent"},
    ),
    "milestone_slip": (gettext_noop("Planned %(date)s, slip %(days)s days"), {"date": "date", "days": "int"}),
}


def _format(value: Any, how: str) -> str:
    if value is None or value == "":
        return "—"
    if how == "money":
        return money(value)
    if how == "number":
        return number(value, 2)
    if how == "ratio":  # achievement, shown as everywhere else in monitoring: "95,3 %"
        return percent(value, 1)
    if how == "percent":
        return number(value, 1)
    if how == "date":
        return date_format(datetime.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    return number(value)


def render_detail(kind: str, args: dict[str, Any] | None) -> str | None:
    """The detail line in the active language, or None when the kind or its arguments are unknown."""
    spec = DETAIL_FORMATS.get(kind)
    if spec is None or not args:
        return None
    template, fields = spec
    try:
        return gettext(template) % {name: _format(args.get(name), how) for name, how in fields.items()}
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None
