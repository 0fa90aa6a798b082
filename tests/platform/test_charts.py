"""Charts in the reader's language: round ticks, the language's separators and abbreviations, named months, and no
label outside the drawing (pmis.core.charts for numbers and dates, pmis.core.svg for the PDFs' charts)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from pmis.core.charts import axis_labels, browser_locale, month_label, nice_ticks, quarter_label
from pmis.core.svg import Series, bar_chart, line_chart, text_width

NS = "{http://www.w3.org/2000/svg}"
NBSP = "\xa0"


def _texts(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{NS}text"))


def _ticks(svg: str) -> list[str]:
    """The value axis's labels, bottom to top (the only right-aligned texts)."""
    return [t.text or "" for t in _texts(svg) if t.get("text-anchor") == "end"]


def _assert_inside(svg: str) -> None:
    """Every text's measured extent lies inside the SVG's width and height."""
    root = ET.fromstring(svg)
    width, height = float(root.get("width", 0)), float(root.get("height", 0))
    for t in root.iter(f"{NS}text"):
        x, y = float(t.get("x", 0)), float(t.get("y", 0))
        w = text_width(t.text or "", float(t.get("font-size", 9)))
        left = {"start": x, "middle": x - w / 2, "end": x - w}[t.get("text-anchor", "start")]
        assert left >= 0, (t.text, left)
        assert left + w <= width, (t.text, left + w, width)
        assert 0 < y <= height, (t.text, y)


@pytest.mark.parametrize(
    ("low", "high", "whole", "ticks"),
    [
        (0, 4_320_000_000, False, [0, 1e9, 2e9, 3e9, 4e9, 5e9]),
        (0, 104.76, False, [0, 25, 50, 75, 100, 125]),
        (0, 97, False, [0, 20, 40, 60, 80, 100]),
        (0, 0.8, False, ["0", "0.2", "0.4", "0.6", "0.8"]),
        (0, 3, True, [0, 1, 2, 3]),
        (0, 7, True, [0, 2, 4, 6, 8]),
        (0, 2.5, True, [0, 1, 2, 3]),  # counts never step by 2.5 or 0.5
        (0, 0, True, [0, 1]),
        (-1_200_000, 3_400_000, False, [-2e6, 0, 2e6, 4e6]),
        (85.05, 97, False, ["85", "87.5", "90", "92.5", "95", "97.5"]),
    ],
)
def test_ticks_are_round_steps_of_1_2_2_5_or_5(low: float, high: float, whole: bool, ticks: list) -> None:
    assert nice_ticks(low, high, whole=whole) == [Decimal(str(t)) for t in ticks]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["0", f"1{NBSP}млрд", f"2{NBSP}млрд", f"3{NBSP}млрд", f"4{NBSP}млрд", f"5{NBSP}млрд"]),
        ("kk", ["0", f"1{NBSP}млрд", f"2{NBSP}млрд", f"3{NBSP}млрд", f"4{NBSP}млрд", f"5{NBSP}млрд"]),
        ("en", ["0", f"1{NBSP}bn", f"2{NBSP}bn", f"3{NBSP}bn", f"4{NBSP}bn", f"5{NBSP}bn"]),
    ],
)
def test_large_values_are_abbreviated_in_the_language(language: str, expected: list[str]) -> None:
    assert axis_labels(nice_ticks(0, 4_320_000_000), language) == expected


@pytest.mark.parametrize(
    ("language", "small", "grouped", "millions"),
    [
        (
            "ru",
            ["0", "0,2", "0,4", "0,6", "0,8"],
            ["0", f"100{NBSP}000", f"200{NBSP}000", f"300{NBSP}000"],
            ["0", f"0,5{NBSP}млн", f"1,0{NBSP}млн", f"1,5{NBSP}млн"],
        ),
        (
            "kk",
            ["0", "0,2", "0,4", "0,6", "0,8"],
            ["0", f"100{NBSP}000", f"200{NBSP}000", f"300{NBSP}000"],
            ["0", f"0,5{NBSP}млн", f"1,0{NBSP}млн", f"1,5{NBSP}млн"],
        ),
        (
            "en",
            ["0", "0.2", "0.4", "0.6", "0.8"],
            ["0", "100,000", "200,000", "300,000"],
            ["0", f"0.5{NBSP}m", f"1.0{NBSP}m", f"1.5{NBSP}m"],
        ),
    ],
)
def test_separators_and_decimals_follow_the_language(
    language: str, small: list[str], grouped: list[str], millions: list[str]
) -> None:
    assert axis_labels(nice_ticks(0, 0.8), language) == small
    assert axis_labels(nice_ticks(0, 263_634.16), language) == grouped
    assert axis_labels(nice_ticks(0, 1_400_000), language) == millions


@pytest.mark.parametrize(
    ("language", "short", "long", "quarter"),
    [
        ("ru", ["янв.", "февр.", "март", "дек."], "май 2026\u202fг.", "2-й кв. 2026\u202fг."),
        ("kk", ["қаң.", "ақп.", "нау.", "жел."], "2026\u202fж. мам.", "2026\u202fж. II тоқсан"),
        ("en", ["Jan", "Feb", "Mar", "Dec"], "May 2026", "Q2 2026"),
    ],
)
def test_months_and_quarters_are_named_in_the_language(
    language: str, short: list[str], long: str, quarter: str
) -> None:
    assert [month_label(2026, m, with_year=False, language=language) for m in (1, 2, 3, 12)] == short
    assert month_label(2026, 5, language=language) == long
    assert quarter_label(2026, 2, language=language) == quarter


def test_the_active_language_is_the_default() -> None:
    with translation.override("kk"):
        assert axis_labels(nice_ticks(0, 0.8)) == ["0", "0,2", "0,4", "0,6", "0,8"]
        assert browser_locale() == {
            "language": "kk",
            "tag": "kk-KZ",
            "decimal": ",",
            "group": NBSP,
            "units": [[12, "трлн"], [9, "млрд"], [6, "млн"]],
        }
    with translation.override("en"):
        assert month_label(2026, 1, with_year=False) == "Jan"


# ----------------------------------------------------------------------------------------- each SVG chart type

TREND = [
    Series("План", [Decimal("85.05"), Decimal(90), Decimal(95)], dashed=True),
    Series("Факт", [80.5, None, 97]),
]
BUDGET = [
    Series("Plan", [Decimal("4320000000.00"), Decimal("3996000000.00")]),
    Series("Disbursed", [Decimal("1250000000.00"), Decimal(0)]),
]
COUNTS = [Series("Green", [3, 0, 1]), Series("Amber", [0, 1, 0]), Series("Red", [1, 2, 0])]


@pytest.mark.parametrize(
    ("language", "trend", "budget", "counts"),
    [
        (
            "ru",
            ["0", "20", "40", "60", "80", "100"],
            ["0", f"1{NBSP}млрд", f"2{NBSP}млрд", f"3{NBSP}млрд", f"4{NBSP}млрд", f"5{NBSP}млрд"],
            ["0", "1", "2", "3", "4"],
        ),
        (
            "kk",
            ["0", "20", "40", "60", "80", "100"],
            ["0", f"1{NBSP}млрд", f"2{NBSP}млрд", f"3{NBSP}млрд", f"4{NBSP}млрд", f"5{NBSP}млрд"],
            ["0", "1", "2", "3", "4"],
        ),
        (
            "en",
            ["0", "20", "40", "60", "80", "100"],
            ["0", f"1{NBSP}bn", f"2{NBSP}bn", f"3{NBSP}bn", f"4{NBSP}bn", f"5{NBSP}bn"],
            ["0", "1", "2", "3", "4"],
        ),
    ],
)
def test_each_chart_type_writes_its_ticks_in_the_document_language(
    language: str, trend: list[str], budget: list[str], counts: list[str]
) -> None:
    line = line_chart(["2026", "2027", "2028"], TREND, title="Доля", language=language)
    grouped = bar_chart(["2026", "2027"], BUDGET, title="Budget", width=330, height=200, language=language)
    stacked = bar_chart(["1", "2", "3"], COUNTS, stacked=True, language=language)
    assert _ticks(line) == trend
    assert _ticks(grouped) == budget
    assert _ticks(stacked) == counts
    with translation.override(language):  # a PDF job renders inside translation.override(document language)
        assert _ticks(bar_chart(["2026", "2027"], BUDGET, width=330, height=200)) == budget
    for svg in (line, grouped, stacked):
        _assert_inside(svg)


def test_the_direction_page_budget_labels_keep_their_leading_digits() -> None:
    """The one-page direction PDF (330 px wide) printed "996 000 000" for about 4 billion: full numbers, clipped."""
    svg = bar_chart(
        ["2025", "2026", "2027"], BUDGET, title="Бюджет по годам, ₸", width=330, height=200, language="ru"
    )
    assert f"4{NBSP}млрд" in _ticks(svg)
    _assert_inside(svg)
    # a plain number as wide as the old labels still gets the room it needs
    wide = bar_chart(["A"], [Series("x", [Decimal("720000.32")])], width=200, height=150, language="ru")
    assert _ticks(wide)[-1] == f"800{NBSP}000"
    _assert_inside(wide)


def test_crowded_labels_titles_and_legends_stay_inside() -> None:
    months = [month_label(2026, m, language="ru") for m in range(1, 13)]
    svg = line_chart(
        months,
        [Series("Кассовый план", list(range(12)))],
        width=330,
        height=200,
        language="ru",
        title="Кассовый план и платежи нарастающим итогом по месяцам, ₸ — все проекты направления",
    )
    shown = [t.text for t in _texts(svg) if t.text in months]
    assert shown[0] == months[0]
    assert 1 < len(shown) < 12  # every k-th month, so none overlaps its neighbour
    title_lines = [t for t in _texts(svg) if t.get("font-size") == "12"]
    assert len(title_lines) == 2
    routes = bar_chart(
        ["Маршрут № 12 «Алатау — Медеу»", "01.01.26–31.01.26", "3", "4"],
        [Series(f"Статья затрат с очень длинным названием номер {k}", [1, 2, 3, 4]) for k in range(6)],
        width=330,
        height=260,
        language="kk",
    )
    _assert_inside(routes)
    assert "01.01.26–" in [t.text for t in _texts(routes)]  # a period wraps after its dash


def test_negative_values_get_round_ticks_below_zero() -> None:
    svg = bar_chart(["1", "2"], [Series("NPV", [Decimal("-1200000"), Decimal("3400000")])], language="ru")
    assert _ticks(svg) == [f"-2{NBSP}млн", "0", f"2{NBSP}млн", f"4{NBSP}млн"]
    stacked = bar_chart(["1"], [Series("a", [-3]), Series("b", [5])], stacked=True, language="en")
    assert _ticks(stacked) == ["-4", "-2", "0", "2", "4", "6"]
