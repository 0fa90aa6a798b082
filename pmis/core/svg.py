"""Server-side charts as SVG strings for PDFs (WeasyPrint renders them inline): monitoring's indicator and budget
charts, portfolio's agenda pack, the tariff verification report.

Pure functions of plain values: labels are formatted by the caller; axis ticks are grouped by thousands; text
uses the "PMIS Sans" font family (declared by pdf/base.html) with DejaVu Sans as fallback, so Kazakh and
Russian render. A long legend wraps onto further rows below the plot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

FONT = "PMIS Sans, DejaVu Sans, sans-serif"
PALETTE = [
    "#0d6efd",
    "#198754",
    "#dc3545",
    "#fd7e14",
    "#6f42c1",
    "#20c997",
    "#1f5fa8",
    "#7fb069",
    "#8e44ad",
    "#c0392b",
    "#f1c40f",
    "#7f8c8d",
]
LEGEND_ROW = 14


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | Decimal | None]
    color: str = ""
    dashed: bool = False


def _bounds(series: Sequence[Series]) -> tuple[float, float]:
    values = [float(v) for s in series for v in s.values if v is not None]
    if not values:
        return 0.0, 1.0
    low, high = min(0.0, min(values)), max(values)
    if high == low:
        high = low + 1
    return low, high + (high - low) * 0.08


def _text(
    x: float, y: float, text: str, *, size: int = 10, anchor: str = "middle", fill: str = "#333"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}">{escape(str(text))}</text>'
    )


def _frame(width: int, height: int, title: str, body: list[str]) -> str:
    head = f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
    parts = [head, f"<title>{escape(title)}</title>"] if title else [head]
    if title:
        parts.append(_text(width / 2, 16, title, size=12, fill="#111"))
    parts += body
    parts.append("</svg>")
    return "".join(parts)


def _axes(
    width: int, height: int, labels: Sequence[str], low: float, high: float, pad: dict[str, int]
) -> list[str]:
    body = []
    plot_h = height - pad["top"] - pad["bottom"]
    for i in range(5):
        value = low + (high - low) * i / 4
        y = pad["top"] + plot_h - plot_h * i / 4
        body.append(
            f'<line x1="{pad["left"]}" y1="{y:.1f}" x2="{width - pad["right"]}" y2="{y:.1f}" stroke="#e5e5e5"/>'
        )
        body.append(_text(pad["left"] - 4, y + 3, _tick(value), size=9, anchor="end"))
    return body


def _tick(value: float) -> str:
    """An axis value grouped by thousands; small ranges keep two decimals so 0.25 steps stay distinct."""
    text = f"{value:,.2f}" if 0 < abs(value) < 100 and value != int(value) else f"{value:,.0f}"
    return text.replace(",", " ")


def _legend_rows(series: Sequence[Series], width: int) -> list[list[tuple[int, Series]]]:
    """Legend entries split into rows that fit the chart's width."""
    rows: list[list[tuple[int, Series]]] = [[]]
    used = 0.0
    for k, s in enumerate(series):
        need = 24 + 6 * len(s.label)
        if rows[-1] and 50 + used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append((k, s))
        used += need
    return rows


def _bottom(series: Sequence[Series], width: int) -> int:
    """Room under the plot: category labels plus one line per legend row."""
    return 26 + LEGEND_ROW * len(_legend_rows(series, width))


def _legend(series: Sequence[Series], width: int, height: int) -> list[str]:
    body = []
    rows = _legend_rows(series, width)
    for row, entries in enumerate(rows):
        x = 50.0
        y = height - 5 - LEGEND_ROW * (len(rows) - 1 - row)
        for k, s in entries:
            color = s.color or PALETTE[k % len(PALETTE)]
            body.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{color}"/>')
            body.append(_text(x + 14, y, s.label, size=9, anchor="start"))
            x += 24 + 6 * len(s.label)
    return body


def line_chart(
    labels: Sequence[str], series: Sequence[Series], *, title: str = "", width: int = 640, height: int = 260
) -> str:
    """A line chart (plan vs actual trends); None values leave a gap."""
    pad = {
        "left": 56,
        "right": 28,
        "top": 28 if title else 12,
        "bottom": _bottom(series, width),
    }  # room for the last label
    low, high = _bounds(series)
    plot_w = width - pad["left"] - pad["right"]
    plot_h = height - pad["top"] - pad["bottom"]
    n = max(1, len(labels))
    step = plot_w / max(1, n - 1) if n > 1 else 0

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad["left"] + (i * step if n > 1 else plot_w / 2)
        return x, pad["top"] + plot_h - (v - low) / (high - low) * plot_h

    body = _axes(width, height, labels, low, high, pad)
    for i, label in enumerate(labels):
        x, _y = xy(i, low)
        body.append(_text(x, height - pad["bottom"] + 14, label, size=9))
    for k, s in enumerate(series):
        color = s.color or PALETTE[k % len(PALETTE)]
        points: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(s.values):
            if v is None:
                if points:
                    segments.append(points)
                points = []
                continue
            x, y = xy(i, float(v))
            points.append(f"{x:.1f},{y:.1f}")
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{color}"/>')
        if points:
            segments.append(points)
        dash = ' stroke-dasharray="5,4"' if s.dashed else ""
        for seg in segments:
            body.append(
                f'<polyline points="{" ".join(seg)}" fill="none" stroke="{color}" stroke-width="2"{dash}/>'
            )
    body += _legend(series, width, height)
    return _frame(width, height, title, body)


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str = "",
    width: int = 640,
    height: int = 260,
    stacked: bool = False,
) -> str:
    """Grouped (or stacked) bars, e.g. the RAG distribution by direction or a cost structure per route."""
    pad = {"left": 64, "right": 16, "top": 28 if title else 12, "bottom": _bottom(series, width)}
    if stacked:
        totals = [
            sum(float(s.values[i] or 0) for s in series if i < len(s.values)) for i in range(len(labels))
        ]
        low, high = 0.0, (max(totals) if totals and max(totals) > 0 else 1.0) * 1.08
    else:
        low, high = _bounds(series)
    plot_w = width - pad["left"] - pad["right"]
    plot_h = height - pad["top"] - pad["bottom"]
    n = max(1, len(labels))
    slot = plot_w / n
    body = _axes(width, height, labels, low, high, pad)

    def y_of(v: float) -> float:
        return pad["top"] + plot_h - (v - low) / (high - low) * plot_h

    for i, label in enumerate(labels):
        x0 = pad["left"] + slot * i
        body.append(_text(x0 + slot / 2, height - pad["bottom"] + 14, label, size=9))
        base = 0.0
        bar_w = slot * 0.7 / (1 if stacked else max(1, len(series)))
        for k, s in enumerate(series):
            v = float(s.values[i] or 0) if i < len(s.values) else 0.0
            color = s.color or PALETTE[k % len(PALETTE)]
            if stacked:
                top, bottom = y_of(base + v), y_of(base)
                x = x0 + slot * 0.15
                base += v
            else:
                top, bottom = y_of(max(v, 0)), y_of(min(v, 0))
                x = x0 + slot * 0.15 + bar_w * k
            body.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar_w:.1f}" height="{max(0.0, bottom - top):.1f}" fill="{color}"/>'
            )
    body += _legend(series, width, height)
    return _frame(width, height, title, body)
