"""Creating, editing, retiring and reinstating indicators, and saving a grid of targets (all with history)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import PERIODS_PER_YEAR, Actual, Alert, Indicator, Target
from monitoring.services.ratings import compute_ratings

if TYPE_CHECKING:
    from pmis.accounts.models import User
    from projects.models import Project

# a parent must sit strictly higher in the hierarchy strategic → program → project
_ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    Indicator.Level.STRATEGIC: (),
    Indicator.Level.PROGRAM: (Indicator.Level.STRATEGIC,),
    Indicator.Level.PROJECT: (Indicator.Level.STRATEGIC, Indicator.Level.PROGRAM),
}


def _check(indicator: Indicator, *, old_frequency: str | None) -> None:
    errors: dict[str, str] = {}
    level = indicator.level
    if level == Indicator.Level.PROJECT:
        if indicator.project is None:
            errors["project_code"] = _("A project indicator needs its project.")
        else:
            indicator.direction_id = indicator.project.direction_id
    else:
        indicator.project = None
    if level == Indicator.Level.STRATEGIC and indicator.program_item_id:
        errors["program_item"] = _("A strategic indicator belongs to the city, not to a program.")
    parent = indicator.parent
    if parent is not None:
        if parent.retired_at is not None:
            errors["parent"] = _("The parent indicator is retired.")
        elif parent.level not in _ALLOWED_PARENTS.get(level, ()):
            errors["parent"] = _(
                "The parent must be a higher level: strategic for a program indicator, strategic or "
                "program for a project indicator."
            )
    if old_frequency and old_frequency != indicator.frequency and indicator.pk:
        has_values = (
            Target.objects.filter(indicator=indicator).exists()
            or Actual.objects.filter(indicator=indicator).exists()
        )
        if has_values:
            errors["frequency"] = _(
                "Targets or values exist in the old frequency; the frequency cannot change. "
                "Retire this indicator and create a new one instead."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_save(*, indicator: Indicator, actor: User, old_frequency: str | None = None) -> Indicator:
    """Create or update an indicator after the hierarchy, frequency and uniqueness checks; ratings follow."""
    _check(indicator, old_frequency=old_frequency)
    indicator.full_clean()
    created = indicator.pk is None
    indicator._change_reason = "created" if created else "edited"
    indicator.save()
    if not created:
        pk = indicator.pk
        transaction.on_commit(lambda: compute_ratings(indicator_ids=[pk]))
    return indicator


@transaction.atomic
def indicator_retire(*, indicator: Indicator, actor: User, reason: str) -> Indicator:
    """Retire: keeps targets, values and ratings for the record, leaves dashboards, scan and data entry; its open
    alerts close."""
    if indicator.retired_at is not None:
        raise ValidationError(_("The indicator is already retired."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the indicator is retired.")})
    if Indicator.objects.filter(parent=indicator, retired_at__isnull=True).exists():
        raise ValidationError(
            _("Active indicators contribute to this one; retire them or link them elsewhere first.")
        )
    now = timezone.now()
    indicator.retired_at = now
    indicator.retired_by = actor
    indicator.retirement_reason = reason.strip()
    indicator._change_reason = "retired"
    indicator.save(update_fields=["retired_at", "retired_by", "retirement_reason", "updated_at"])
    for alert in Alert.objects.select_for_update().filter(indicator=indicator, closed_at__isnull=True):
        alert.closed_at = now
        alert._change_reason = "indicator retired"
        alert.save(update_fields=["closed_at", "updated_at"])
    pk = indicator.pk
    transaction.on_commit(lambda: compute_ratings(indicator_ids=[pk]))
    return indicator


@transaction.atomic
def indicator_reinstate(*, indicator: Indicator, actor: User) -> Indicator:
    """Bring a retired indicator back into monitoring (the next scan re-opens alerts that still apply)."""
    if indicator.retired_at is None:
        raise ValidationError(_("The indicator is not retired."))
    if indicator.parent is not None and indicator.parent.retired_at is not None:
        raise ValidationError(_("The parent indicator is retired; reinstate it first."))
    indicator.retired_at = None
    indicator.retired_by = None
    indicator.retirement_reason = ""
    indicator._change_reason = "reinstated"
    indicator.save(update_fields=["retired_at", "retired_by", "retirement_reason", "updated_at"])
    pk = indicator.pk
    transaction.on_commit(lambda: compute_ratings(indicator_ids=[pk]))
    return indicator


def locked_periods(indicator: Indicator) -> set[tuple[int, int]]:
    """Periods whose reporting is closed for this indicator (their values and targets are frozen)."""
    return set(Actual.objects.filter(indicator=indicator, is_locked=True).values_list("year", "period"))


@transaction.atomic
def targets_save_grid(
    *, indicator: Indicator, actor: User, cells: dict[tuple[int, int], Decimal | None]
) -> tuple[int, int, int]:
    """Write a grid of targets all or nothing: new and changed cells saved, emptied cells removed, each with
    history; closed periods refuse changes. Returns (created, changed, removed)."""
    if indicator.retired_at is not None:
        raise ValidationError(_("The indicator is retired: its targets are kept as they were."))
    per_year = PERIODS_PER_YEAR[indicator.frequency]
    bad = [f"{y}/{p}" for (y, p) in cells if not 1 <= p <= per_year or not 2000 <= y <= 2100]
    if bad:
        raise ValidationError(
            _("These periods do not exist for this indicator: %(cells)s.") % {"cells": ", ".join(bad)}
        )
    years = sorted({y for y, _p in cells})
    existing = {
        (t.year, t.period): t
        for t in Target.objects.select_for_update().filter(indicator=indicator, year__in=years)
    }
    locked = locked_periods(indicator)
    created = changed = removed = 0
    refused = []
    for key in sorted(cells):
        value = cells[key]
        target = existing.get(key)
        if target is None and value is None:
            continue
        if target is not None and value is not None and target.value == value:
            continue
        if key in locked:
            refused.append(indicator.label(*key))
            continue
        if value is None:
            if target is not None:  # always: an empty cell without a target was skipped above
                target._change_reason = "removed in the targets grid"
                target.delete()
                removed += 1
        elif target is None:
            target = Target(indicator=indicator, year=key[0], period=key[1], value=value)
            target.full_clean()
            target._change_reason = "targets grid"
            target.save()
            created += 1
        else:
            target.value = value
            target.full_clean()
            target._change_reason = "targets grid"
            target.save(update_fields=["value", "updated_at"])
            changed += 1
    if refused:
        raise ValidationError(
            _("The reporting period is closed for %(periods)s: its target cannot change.")
            % {"periods": ", ".join(refused)}
        )
    if created or changed or removed:
        pk = indicator.pk
        transaction.on_commit(lambda: compute_ratings(indicator_ids=[pk]))
    return created, changed, removed


def indicator_code_taken(code: str, *, exclude_pk: int | None = None) -> bool:
    """Codes are unique regardless of case (S-01 and s-01 would confuse every import)."""
    qs = Indicator.objects.filter(code__iexact=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def next_indicator_code(project: Project) -> str:
    """The first free code of the form <project code>-I<n>, proposed for a new indicator of the project."""
    taken = set(Indicator.objects.filter(code__startswith=f"{project.code}-I").values_list("code", flat=True))
    n = 1
    while f"{project.code}-I{n}" in taken:
        n += 1
    return f"{project.code}-I{n}"
