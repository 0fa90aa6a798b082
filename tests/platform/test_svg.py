"""pmis.core.svg: the one server-side chart renderer of the PDFs (monitoring, portfolio's pack, tariff reports)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pmis.core.svg import Series, bar_chart

NS = "{http://www.w3.org/2000/svg}"


def test_a_long_legend_wraps_inside_the_chart() -> None:
    items = [Series(f"Статья затрат номер {k}", [10.0 + k, 20.0]) for k in range(12)]
    root = ET.fromstring(
        bar_chart(["Маршрут 12", "Маршрут 37"], items, title="Структура затрат", stacked=True, width=640)
    )
    width = float(root.get("width"))
    height = float(root.get("height"))
    legend = [t for t in root.iter(f"{NS}text") if (t.text or "").startswith("Статья затрат")]
    assert len(legend) == 12
    assert len({t.get("y") for t in legend}) > 1  # more than one row
    for t in legend:
        assert float(t.get("x")) < width
        assert float(t.get("y")) <= height
    # the bars stay above the legend rows
    lowest_bar = max(
        float(r.get("y")) + float(r.get("height"))
        for r in root.iter(f"{NS}rect")
        if float(r.get("width")) > 10
    )
    assert lowest_bar < min(float(t.get("y")) for t in legend) - 10


def test_a_series_shorter_than_the_labels_draws_what_it_has() -> None:
    for stacked in (True, False):
        root = ET.fromstring(
            bar_chart(["A", "B", "C"], [Series("x", [1.0]), Series("y", [2.0, 3.0])], stacked=stacked)
        )
        assert root.tag == f"{NS}svg"
