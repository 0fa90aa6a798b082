"""Formatting filters for money, numbers and percentages in the active language (Babel)."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal, format_percent
from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pmis.core.lists import EXPORT_LIMIT
from pmis.core.numbers import parse_decimal

register = template.Library()

_LOCALES = {"ru": "ru_RU", "kk": "kk_KZ", "en": "en_US"}


def _locale() -> str:
    return _LOCALES.get((get_language() or "ru")[:2], "ru_RU")


@register.filter
def money(value: Any, digits: int = 0) -> str:
    """1250000.5 → "1 250 001 ₸" (ru, kk) or "₸1,250,001" (en); `|money:2` keeps tiyn."""
    number = parse_decimal(value)
    if number is None:
        return "—"
    fmt = "#,##0" + ("." + "0" * int(digits) if int(digits) else "")
    text = format_decimal(number, format=fmt, locale=_locale())
    if _locale() == "en_US":
        return ("-₸" + text[1:]) if text.startswith("-") else "₸" + text
    return text + "\xa0₸"


@register.filter
def number(value: Any, digits: int = 0) -> str:
    num = parse_decimal(value)
    if num is None:
        return "—"
    fmt = "#,##0" + ("." + "#" * int(digits) if int(digits) else "")
    return format_decimal(num, format=fmt, locale=_locale())


@register.filter
def percent(value: Any, digits: int = 0) -> str:
    """A ratio (0.953) as a percentage in the active language ("95 %")."""
    num = parse_decimal(value)
    if num is None:
        return "—"
    fmt = "#,##0" + ("." + "0" * int(digits) if int(digits) else "") + "%"
    return format_percent(num, format=fmt, locale=_locale())


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def export_limit_notice(count: Any) -> str:
    """Above a list (inside the fragment its filters swap, so it follows them): says that the Excel file stops at
    EXPORT_LIMIT rows when the list has more (an export of what is shown never drops rows silently); else nothing."""
    rows = parse_decimal(count)
    if rows is None or rows <= EXPORT_LIMIT:
        return ""
    text = _(
        "The Excel file holds only the first %(limit)s rows of %(count)s: narrow the filters to export the rest."
    ) % {
        "limit": number(EXPORT_LIMIT),
        "count": number(rows),
    }
    return format_html(
        '<p class="small text-warning-emphasis mb-2" role="note" data-testid="export-limit-notice">'
        '<i class="bi bi-exclamation-triangle" aria-hidden="true"></i> {}</p>',
        text,
    )
