"""Working days on the Kazakhstan calendar: Monday–Friday, minus public holidays and moved days off,
plus weekend days made working by a transfer (all editable as Holiday rows)."""

from __future__ import annotations

from datetime import date, timedelta

from expertise.models import Holiday


def calendar_exceptions(start: date, end: date) -> tuple[set[date], set[date]]:
    """(days off on weekdays, working weekend days) between start and end, inclusive; one query."""
    days_off: set[date] = set()
    working: set[date] = set()
    for day, kind in Holiday.objects.filter(date__range=(start, end)).values_list("date", "kind"):
        (working if kind == Holiday.Kind.WORKING_DAY else days_off).add(day)
    return days_off, working


def _is_working(day: date, days_off: set[date], working: set[date]) -> bool:
    if day in working:
        return True
    return day.weekday() < 5 and day not in days_off


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    if days <= 0:
        return start
    horizon = start + timedelta(days=days * 2 + 60)
    days_off, working = calendar_exceptions(start, horizon)
    current, left = start, days
    while left:
        current += timedelta(days=1)
        if current > horizon:  # very long periods: extend the window
            more_off, more_working = calendar_exceptions(current, current + timedelta(days=left * 2 + 60))
            days_off |= more_off
            working |= more_working
            horizon = current + timedelta(days=left * 2 + 60)
        if _is_working(current, days_off, working):
            left -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    days_off, working = calendar_exceptions(start, end)
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if _is_working(current, days_off, working):
            count += 1
    return count
