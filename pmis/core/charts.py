"""Numbers and dates in charts, in the reader's (or the document's) language: one place for the PDFs' SVG charts
(pmis.core.svg) and the pages' Chart.js charts (static/js/charts.js reads `browser_locale()`).

- Axis ticks are round: steps of 1, 2, 2.5 or 5 × 10^k (`nice_ticks`); counts get whole steps only.
- Tick labels share one unit per axis: millions and more are abbreviated in the language's words ("4 млрд",
  "4 bn"), thousands stay grouped ("250 000"); separators as Babel/CLDR write them ("0,5" in ru and kk).
- Periods are named per language ("янв.", "май 2026 г.", "2026 ж. мам.", "Q2 2026"), never "01…12".

The abbreviations are locale data, like the separators, so they live here and not in the catalogs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from django.utils.translation import get_language

from pmis.core.numbers import parse_decimal

Number = int | float | Decimal

STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
INTERVALS = 5  # at most five steps between gridlines, as on a printed page


@dataclass(frozen=True)
class ChartLocale:
    """How one language writes numbers in a chart."""

    language: str
    babel: str  # Babel/CLDR locale
    tag: str  # BCP 47 tag for the browser's Intl
    decimal: str
    group: str
    units: tuple[tuple[int, str], ...]  # (power of ten, abbreviation), largest first


LOCALES = {
    "ru": ChartLocale("ru", "ru_RU", "ru-RU", ",", "\xa0", ((12, "трлн"), (9, "млрд"), (6, "млн"))),
    "kk": ChartLocale("kk", "kk_KZ", "kk-KZ", ",", "\xa0", ((12, "трлн"), (9, "млрд"), (6, "млн"))),
    "en": ChartLocale("en", "en_US", "en-US", ".", ",", ((12, "tn"), (9, "bn"), (6, "m"))),
}


def chart_locale(language: str | None = None) -> ChartLocale:
    """The chart conventions of `language` (default: the active language; Russian when unknown)."""
    return LOCALES.get((language or get_language() or "ru")[:2], LOCALES["ru"])


def _dec(value: Number) -> Decimal:
    """A plotted value as a Decimal; what is not a finite number is drawn at zero."""
    return parse_decimal(value) or Decimal(0)


def is_whole(values: Iterable[Number | None]) -> bool:
    """True when every given value is a whole number (counts): their axis then steps by whole numbers."""
    return all(_dec(v) == _dec(v).to_integral_value() for v in values if v is not None)


def nice_step(low: Decimal, high: Decimal, *, whole: bool = False, intervals: int = INTERVALS) -> Decimal:
    """The smallest round step (1, 2, 2.5 or 5 × 10^k) whose gridlines cover low…high in at most `intervals` steps."""
    span = high - low
    if span <= 0:
        return Decimal(1)
    magnitude = Decimal(1).scaleb((span / intervals).adjusted())
    while True:
        for factor in STEPS[:-1]:
            step = factor * magnitude
            if whole and step != step.to_integral_value():
                continue
            count = (high / step).to_integral_value(ROUND_CEILING) - (low / step).to_integral_value(
                ROUND_FLOOR
            )
            if count <= intervals:
                return step.normalize()
        magnitude *= 10


def nice_ticks(low: Number, high: Number, *, whole: bool = False) -> list[Decimal]:
    """Round tick values from at or below `low` to at or above `high` (an empty range becomes 0…1)."""
    lo, hi = sorted((_dec(low), _dec(high)))
    if lo == hi:
        lo, hi = (min(lo, Decimal(0)), max(hi, Decimal(0)))
        if lo == hi:
            hi = lo + 1
    step = nice_step(lo, hi, whole=whole)
    start = (lo / step).to_integral_value(ROUND_FLOOR) * step
    end = (hi / step).to_integral_value(ROUND_CEILING) * step
    count = int((end - start) / step)
    return [start + step * i for i in range(count + 1)]


def axis_unit(ticks: Sequence[Decimal], language: str | None = None) -> tuple[int, str]:
    """The power of ten and abbreviation the axis's labels share (0, "" when the numbers are short enough)."""
    biggest = max((abs(t) for t in ticks), default=Decimal(0))
    for power, word in chart_locale(language).units:
        if biggest >= Decimal(1).scaleb(power):
            return power, word
    return 0, ""


def format_number(value: Number, digits: int, language: str | None = None) -> str:
    """A number with exactly `digits` decimals, grouped as the language groups ("1 234,50")."""
    fmt = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(_dec(value), format=fmt, locale=chart_locale(language).babel)


def axis_labels(ticks: Sequence[Decimal], language: str | None = None) -> list[str]:
    """The tick labels of one axis: a shared unit, the decimals of the step, zero as "0"."""
    if not ticks:
        return []
    power, word = axis_unit(ticks, language)
    scale = Decimal(1).scaleb(power)
    step = (ticks[1] - ticks[0]) if len(ticks) > 1 else Decimal(1)
    exponent = (step / scale).normalize().as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    labels = []
    for tick in ticks:
        if tick == 0:
            labels.append("0")
            continue
        text = format_number(tick / scale, digits, language)
        labels.append(f"{text}\xa0{word}" if word else text)
    return labels


def month_label(year: int, month: int, *, with_year: bool = True, language: str | None = None) -> str:
    """A month on a chart's axis: "янв.", "май 2026 г." (ru), "2026 ж. мам." (kk), "May 2026" (en)."""
    day = datetime.date(year, month, 1)
    locale = chart_locale(language).babel
    if with_year:
        return format_skeleton("yMMM", day, locale=locale)
    return format_date(day, "LLL", locale=locale)


def quarter_label(year: int, quarter: int, *, language: str | None = None) -> str:
    """A quarter on a chart's axis: "2-й кв. 2026 г." (ru), "2026 ж. II тоқсан" (kk), "Q2 2026" (en)."""
    day = datetime.date(year, 3 * quarter - 2, 1)
    current = chart_locale(language)
    if current.language == "kk":
        # CLDR's short Kazakh quarter is "тқс.", which readers do not use, and its numerals mix the Cyrillic "І"
        # (I–III) with the Latin "IV": the full word, and Roman numerals in Latin letters, as documents write them
        return format_skeleton("yQQQQ", day, locale=current.babel).replace("\u0406", "I")
    return format_skeleton("yQQQ", day, locale=current.babel)


def browser_locale(language: str | None = None) -> dict[str, object]:
    """What static/js/charts.js needs to write numbers as the server does (emitted by {% chart_scripts %})."""
    current = chart_locale(language)
    return {
        "language": current.language,
        "tag": current.tag,
        "decimal": current.decimal,
        "group": current.group,
        "units": [[power, word] for power, word in current.units],
    }
