"""Writes to the expertise reference data: calendar days, review periods, PPP obligation limit rules."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from expertise.models import Holiday, ReviewDeadlineRule
from expertise.services.ppp import limit_rule_save

__all__ = ["deadline_rule_save", "holiday_delete", "holiday_save", "limit_rule_save"]


@transaction.atomic
def holiday_save(*, holiday: Holiday, actor: Any) -> Holiday:
    """Create or change a calendar day (deadlines already computed keep their dates; new ones use it)."""
    holiday.full_clean()
    holiday.save()
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: Holiday, actor: Any) -> None:
    """Remove a calendar day; the history keeps the deleted record."""
    holiday.delete()


@transaction.atomic
def deadline_rule_save(*, rule: ReviewDeadlineRule, actor: Any) -> ReviewDeadlineRule:
    """Change the statutory review period of a kind of case (applies to deadlines computed from now on)."""
    rule.full_clean()
    rule.save()
    return rule
