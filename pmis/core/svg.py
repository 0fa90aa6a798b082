"""Server-side charts as SVG strings for PDFs (WeasyPrint renders them inline): monitoring's indicator and budget
charts, portfolio's agenda pack and direction page, the tariff verification report.

Pure functions of plain values. Category labels come formatted by the caller; the value axis is drawn here in the
document's language (the active one, or `language=`): round ticks, the language's separators and abbreviations
(pmis.core.charts). Every text is measured with the PDF's own font (DejaVu Sans, which "PMIS Sans" in
pdf/base.html is), and the margins are made to fit it, so no label is clipped: the value axis reserves the width
of its longest tick, crowded period labels are thinned, long category labels wrap or end in "…", long titles
wrap, and a long legend wraps onto further rows below the plot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape
from pathlib import Path

from pmis.core.charts import axis_labels, is_whole, nice_ticks

FONT = "PMIS Sans, DejaVu Sans, sans-serif"
FONT_FILE = Path(__file__).resolve().parent.parent.parent / "static" / "fonts" / "DejaVuSans.ttf"
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
TITLE_SIZE = 12
LABEL_SIZE = 9
LINE = 12  # height of one line of 9 px labels
LEGEND_ROW = 14
EDGE = 6  # blank margin at the chart's edges
GAP = 4  # between a label and what it labels
ELLIPSIS = "…"


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | Decimal | None]
    color: str = ""
    dashed: bool = False


# ------------------------------------------------------------------------------------------------ measuring


@lru_cache(maxsize=1)
def _metrics() -> tuple[dict[int, float], float]:
    """Advance widths (in em) per code point of the PDF's font, and the average width for anything it lacks."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # WeasyPrint's own dependency

    try:
        font = TTFont(str(FONT_FILE), lazy=True)
    except OSError:  # no font file: a generous average keeps the margins wide enough
        return {}, 0.65
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    widths = {code: hmtx[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    font.close()
    return widths, sum(widths.values()) / len(widths)


def text_width(text: str, size: float) -> float:
    """The width in px of `text` set in the PDF's font at `size` px."""
    widths, average = _metrics()
    return sum(widths.get(ord(ch), average) for ch in text) * size


def _fit(text: str, width: float, size: float) -> str:
    """`text`, shortened with "…" when it is wider than `width`."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text.rstrip() + ELLIPSIS, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS if text else ""


def _wrap(text: str, width: float, size: float, lines: int) -> list[str]:
    """`text` broken at spaces (or after dashes) into at most `lines` lines of `width`; the last ends in "…"."""
    out: list[str] = []
    current = joint = ""
    for chunk, gap in re.findall(r"(\S+?[–—](?=\S)|\S+)(\s*)", text):
        candidate = current + joint + chunk
        if current and text_width(candidate, size) > width:
            out.append(current)
            current = chunk
        else:
            current = candidate
        joint = " " if gap else ""
    out.append(current)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
    return [_fit(line, width, size) for line in out]


# ---------------------------------------------------------------------------------------------------- parts


def _text(
    x: float, y: float, text: str, *, size: int = LABEL_SIZE, anchor: str = "middle", fill: str = "#333"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}">{escape(str(text))}</text>'
    )


def _title_lines(title: str, width: int) -> list[str]:
    return _wrap(title, width - 2 * EDGE, TITLE_SIZE, 2) if title else []


def _top(title_lines: list[str]) -> int:
    """Room above the plot: the title's lines, and half a label for the top tick."""
    return 12 + 16 * len(title_lines)


def _frame(width: int, height: int, title: str, title_lines: list[str], body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    )
    parts = [head, f"<title>{escape(title)}</title>"] if title else [head]
    for i, line in enumerate(title_lines):
        parts.append(_text(width / 2, 16 + 16 * i, line, size=TITLE_SIZE, fill="#111"))
    parts += body
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class _Axis:
    ticks: list[Decimal]
    labels: list[str]

    @property
    def low(self) -> float:
        return float(self.ticks[0])

    @property
    def high(self) -> float:
        return float(self.ticks[-1])

    @property
    def width(self) -> float:
        return max(text_width(label, LABEL_SIZE) for label in self.labels)


def _value_axis(low: float, high: float, values: list[float | Decimal], language: str | None) -> _Axis:
    ticks = nice_ticks(min(0.0, low), max(0.0, high), whole=is_whole(values))
    return _Axis(ticks, axis_labels(ticks, language))


def _gridlines(axis: _Axis, width: int, pad: dict[str, float], plot_h: float) -> list[str]:
    body = []
    n = len(axis.ticks) - 1
    for i, label in enumerate(axis.labels):
        y = pad["top"] + plot_h - plot_h * i / n
        body.append(
            f'<line x1="{pad["left"]:.1f}" y1="{y:.1f}" x2="{width - pad["right"]:.1f}" y2="{y:.1f}" '
            f'stroke="{"#bbb" if axis.ticks[i] == 0 else "#e5e5e5"}"/>'
        )
        body.append(_text(pad["left"] - GAP, y + 3, label, anchor="end"))
    return body


def _legend_rows(series: Sequence[Series], width: int) -> list[list[tuple[int, str, float]]]:
    """Legend entries (index, label fitted to the chart, width) split into rows that fit the chart's width."""
    room = width - 2 * EDGE
    rows: list[list[tuple[int, str, float]]] = [[]]
    used = 0.0
    for k, s in enumerate(series):
        label = _fit(s.label, room - 14, LABEL_SIZE)
        need = 14 + text_width(label, LABEL_SIZE) + 10
        if rows[-1] and used + need > room:
            rows.append([])
            used = 0.0
        rows[-1].append((k, label, need))
        used += need
    return rows


def _legend(series: Sequence[Series], width: int, height: int) -> list[str]:
    body = []
    rows = _legend_rows(series, width)
    for row, entries in enumerate(rows):
        x = float(EDGE)
        y = height - 5 - LEGEND_ROW * (len(rows) - 1 - row)
        for k, label, need in entries:
            color = series[k].color or PALETTE[k % len(PALETTE)]
            body.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{color}"/>')
            body.append(_text(x + 14, y, label, anchor="start"))
            x += need
    return body


def _legend_height(series: Sequence[Series], width: int) -> int:
    return LEGEND_ROW * len(_legend_rows(series, width)) if series else 0


# --------------------------------------------------------------------------------------------------- charts


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str = "",
    width: int = 640,
    height: int = 260,
    language: str | None = None,
) -> str:
    """A line chart (plan vs actual trends); None values leave a gap. Crowded period labels show every k-th."""
    values = [v for s in series for v in s.values if v is not None]
    floats = [float(v) for v in values]
    axis = _value_axis(min(floats, default=0.0), max(floats, default=0.0), values, language)
    widths = [text_width(label, LABEL_SIZE) for label in labels]
    title_lines = _title_lines(title, width)
    pad = {
        "left": max(EDGE + axis.width + GAP, EDGE + (widths[0] / 2 if widths else 0)),
        "right": max(float(EDGE) * 2, EDGE + (widths[-1] / 2 if widths else 0)),
        "top": _top(title_lines),
        "bottom": GAP + LINE + GAP + _legend_height(series, width),
    }
    plot_w = width - pad["left"] - pad["right"]
    plot_h = height - pad["top"] - pad["bottom"]
    n = len(labels)
    step = plot_w / (n - 1) if n > 1 else 0.0
    every = 1
    if n > 1:
        every = next(k for k in range(1, n + 1) if step * k >= max(widths) + GAP * 3 or k == n)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad["left"] + (i * step if n > 1 else plot_w / 2)
        return x, pad["top"] + plot_h - (v - axis.low) / (axis.high - axis.low) * plot_h

    body = _gridlines(axis, width, pad, plot_h)
    for i, label in enumerate(labels):
        if i % every == 0:
            x, _y = xy(i, axis.low)
            body.append(_text(x, pad["top"] + plot_h + GAP + LINE - 3, label))
    for k, s in enumerate(series):
        color = s.color or PALETTE[k % len(PALETTE)]
        points: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(s.values[:n] if n else s.values):
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
    return _frame(width, height, title, title_lines, body)


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str = "",
    width: int = 640,
    height: int = 260,
    stacked: bool = False,
    language: str | None = None,
) -> str:
    """Grouped (or stacked) bars, e.g. the RAG distribution by direction or a cost structure per route.

    A category label wider than its slot wraps onto a second line, and what still does not fit ends in "…"."""

    def value(s: Series, i: int) -> float:
        return float(s.values[i] or 0) if i < len(s.values) else 0.0

    values = [v for s in series for v in s.values if v is not None]
    if stacked:
        ups = [sum(max(value(s, i), 0.0) for s in series) for i in range(len(labels))]
        downs = [sum(min(value(s, i), 0.0) for s in series) for i in range(len(labels))]
        axis = _value_axis(min(downs, default=0.0), max(ups, default=0.0), values, language)
    else:
        floats = [float(v) for v in values]
        axis = _value_axis(min(floats, default=0.0), max(floats, default=0.0), values, language)
    title_lines = _title_lines(title, width)
    left = EDGE + axis.width + GAP
    slot = (width - left - EDGE) / max(1, len(labels))
    wrapped = [_wrap(label, slot - GAP, LABEL_SIZE, 2) for label in labels]
    label_lines = max((len(lines) for lines in wrapped), default=1)
    pad = {
        "left": left,
        "right": float(EDGE),
        "top": _top(title_lines),
        "bottom": GAP + LINE * label_lines + GAP + _legend_height(series, width),
    }
    plot_h = height - pad["top"] - pad["bottom"]
    body = _gridlines(axis, width, pad, plot_h)

    def y_of(v: float) -> float:
        return pad["top"] + plot_h - (v - axis.low) / (axis.high - axis.low) * plot_h

    bar_w = slot * 0.7 / (1 if stacked else max(1, len(series)))
    for i, lines in enumerate(wrapped):
        x0 = pad["left"] + slot * i
        for j, line in enumerate(lines):
            body.append(_text(x0 + slot / 2, pad["top"] + plot_h + GAP + LINE * (j + 1) - 3, line))
        up = down = 0.0
        for k, s in enumerate(series):
            v = value(s, i)
            color = s.color or PALETTE[k % len(PALETTE)]
            if stacked:
                base = up if v >= 0 else down
                top, bottom = (y_of(base + v), y_of(base)) if v >= 0 else (y_of(base), y_of(base + v))
                if v >= 0:
                    up += v
                else:
                    down += v
                x = x0 + slot * 0.15
            else:
                top, bottom = y_of(max(v, 0)), y_of(min(v, 0))
                x = x0 + slot * 0.15 + bar_w * k
            body.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar_w:.1f}" height="{max(0.0, bottom - top):.1f}" '
                f'fill="{color}"/>'
            )
    body += _legend(series, width, height)
    return _frame(width, height, title, title_lines, body)
