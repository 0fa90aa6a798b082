"""The seeded Kazakhstan working calendar: holidays on a weekend move to the next free working day."""

from __future__ import annotations

from datetime import date

import pytest

from expertise.models import Holiday
from expertise.services.calendar import add_working_days

pytestmark = pytest.mark.django_db


def test_nauryz_2026_on_a_weekend_gives_24_and_25_march_off() -> None:
    # 21 (Sat) and 22 (Sun) March 2026 move past 23 March, itself a holiday, to Tuesday 24 and Wednesday 25
    days_off = set(
        Holiday.objects.filter(date__range=(date(2026, 3, 1), date(2026, 3, 31))).values_list(
            "date", flat=True
        )
    )
    assert {date(2026, 3, 9), date(2026, 3, 23), date(2026, 3, 24), date(2026, 3, 25)} <= days_off
    assert Holiday.objects.get(date=date(2026, 3, 24)).kind == Holiday.Kind.DAY_OFF


def test_religious_holidays_are_days_off_but_never_moved() -> None:
    assert Holiday.objects.filter(date=date(2027, 1, 7), kind=Holiday.Kind.HOLIDAY).exists()
    # Kurban ait 16 May 2027 is a Sunday: no extra day off on Monday 17 May
    assert Holiday.objects.filter(date=date(2027, 5, 16)).exists()
    assert not Holiday.objects.filter(date=date(2027, 5, 17)).exists()


def test_thirty_working_days_from_2_march_2026_counted_by_hand() -> None:
    # March: 3–6 (4), 10–13 (8), 16–20 (13), 26–27 (15); 30 March–3 April (20), 6–10 April (25), 13–17 April (30)
    assert add_working_days(date(2026, 3, 2), 30) == date(2026, 4, 17)
