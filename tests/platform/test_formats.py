"""Dates, numbers and money in Russian, Kazakh and English."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format, number_format


def _money(value: object, digits: int = 0) -> str:
    return Template("{% load pmis %}{{ value|money:digits }}").render(Context({"value": value, "digits": digits}))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "2026 ж. 15 наурыз"), ("ru", "15 марта 2026 г."), ("en", "15 March 2026")],
)
def test_long_date(language, expected):
    with translation.override(language):
        assert date_format(date(2026, 3, 15)) == expected


def test_kazakh_month_names_in_both_cases():
    with translation.override("kk"):
        assert translation.pgettext("alt. month", "March") == "наурыз"
        assert translation.pgettext("alt. month", "December") == "желтоқсан"
        assert date_format(date(2026, 9, 1)) == "2026 ж. 1 қыркүйек"
        assert date_format(date(2026, 3, 15), "YEAR_MONTH_FORMAT") == "2026 ж. Наурыз"
        assert translation.gettext("January") == "Қаңтар"


def test_short_dates():
    for language in ("ru", "kk"):
        with translation.override(language):
            assert date_format(date(2026, 3, 5), "SHORT_DATE_FORMAT") == "05.03.2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "1\xa0250\xa0000\xa0₸"), ("kk", "1\xa0250\xa0000\xa0₸"), ("en", "₸1,250,000")],
)
def test_money(language, expected):
    with translation.override(language):
        assert _money(Decimal("1250000")) == expected
        assert _money(1250000) == expected


def test_money_with_tiyn_negative_and_empty():
    with translation.override("ru"):
        assert _money(Decimal("1250000.5"), 2) == "1\xa0250\xa0000,50\xa0₸"
        assert _money(Decimal("-300")) == "-300\xa0₸"
        assert _money(None) == "—"
        assert _money("not a number") == "—"
    with translation.override("en"):
        assert _money(Decimal("-1250.5"), 2) == "-₸1,250.50"


def test_django_number_format_uses_our_separators():
    with translation.override("kk"):
        assert number_format(Decimal("1250000.50"), 2, use_l10n=True, force_grouping=True) == "1\xa0250\xa0000,50"
