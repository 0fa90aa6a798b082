"""Server-side SVG bar charts for the tariff verification report PDF (the page draws the same data with Chart.js).

Pure functions of labels and numbers. expertise may not import monitoring (whose svg module draws the
indicator charts), so this small renderer stays here; text uses the PDF's "PMIS Sans" with DejaVu Sans as
fallback so Russian and Kazakh render.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = "PMIS Sans, DejaVu Sans, sans-serif"
PALETTE = [
    "#1f5fa8",
    "#7fb069",
    "#e07a1f",
    "#8e44ad",
    "#c0392b",
    "#16a085",
    "#f1c40f",
    "#7f8c8d",
    "#2c3e50",
    "#d35400",
    "#27ae60",
    "#9b59b6",
]


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


def _text(x: float, y: float, text: str, *, size: int = 9, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="#333">{escape(str(text))}</text>'
    )


def _grouping(value: float) -> str:
    return f"{value:,.2f}".replace(",", " ") if abs(value) < 100 else f"{value:,.0f}".replace(",", " ")


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    stacked: bool = False,
    width: int = 640,
    height: int = 240,
) -> str:
    """Grouped or stacked bars with a y axis, category labels and a legend that wraps onto several rows."""
    legend_rows: list[list[tuple[int, Series]]] = [[]]
    used = 0.0
    for k, s in enumerate(series):
        need = 22 + 5.5 * len(s.label)
        if legend_rows[-1] and used + need > width - 60:
            legend_rows.append([])
            used = 0.0
        legend_rows[-1].append((k, s))
        used += need
    pad_left, pad_right, pad_top = 64, 12, 28
    pad_bottom = 24 + 14 * len(legend_rows)
    n = max(1, len(labels))
    if stacked:
        totals = [
            sum(v or 0.0 for v in (s.values[i] if i < len(s.values) else 0.0 for s in series))
            for i in range(n)
        ]
        low, high = 0.0, max([*totals, 0.0])
    else:
        values = [v for s in series for v in s.values if v is not None]
        low, high = min([*values, 0.0]), max([*values, 0.0])
    if high == low:
        high = low + 1.0
    high += (high - low) * 0.08
    plot_w, plot_h = width - pad_left - pad_right, height - pad_top - pad_bottom

    def y_of(v: float) -> float:
        return pad_top + plot_h - (v - low) / (high - low) * plot_h

    body = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img"><title>{escape(title)}</title>',
        _text(width / 2, 16, title, size=11),
    ]
    for i in range(5):
        value = low + (high - low) * i / 4
        y = y_of(value)
        body.append(
            f'<line x1="{pad_left}" y1="{y:.1f}" x2="{width - pad_right}" y2="{y:.1f}" stroke="#e5e5e5"/>'
        )
        body.append(_text(pad_left - 4, y + 3, _grouping(value), size=8, anchor="end"))
    slot = plot_w / n
    for i, label in enumerate(labels):
        x0 = pad_left + slot * i
        body.append(_text(x0 + slot / 2, pad_top + plot_h + 12, label, size=8))
        base = 0.0
        bar_w = slot * 0.7 / (1 if stacked else max(1, len(series)))
        for k, s in enumerate(series):
            v = float(s.values[i] or 0.0) if i < len(s.values) else 0.0
            if stacked:
                top, bottom, x = y_of(base + v), y_of(base), x0 + slot * 0.15
                base += v
            else:
                top, bottom, x = y_of(max(v, 0.0)), y_of(min(v, 0.0)), x0 + slot * 0.15 + bar_w * k
            body.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar_w:.1f}" height="{max(0.0, bottom - top):.1f}" '
                f'fill="{PALETTE[k % len(PALETTE)]}"/>'
            )
    for row, entries in enumerate(legend_rows):
        x, y = float(pad_left), height - pad_bottom + 26 + 14 * row
        for k, s in entries:
            body.append(
                f'<rect x="{x:.1f}" y="{y - 8:.1f}" width="9" height="9" fill="{PALETTE[k % len(PALETTE)]}"/>'
            )
            body.append(_text(x + 12, y, s.label, size=8, anchor="start"))
            x += 22 + 5.5 * len(s.label)
    body.append("</svg>")
    return "".join(body)
