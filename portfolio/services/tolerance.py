"""Tolerance rules: when a change request goes to the Steering Committee (the scan that files those is in rules)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from pmis.core.texts import Text, money, msg
from portfolio.models import (
    ToleranceRule,
)


def tolerance_rule_for(direction_id: int | None) -> ToleranceRule:
    """The direction's active rule, else the city-wide default, else the built-in limits (30 days, 10 %)."""
    rules = {
        r.direction_id: r
        for r in ToleranceRule.objects.filter(is_active=True).filter(
            Q(direction_id=direction_id) | Q(direction__isnull=True)
        )
    }
    return rules.get(direction_id) or rules.get(None) or ToleranceRule()


def tolerance_excess(change: Any, rule: ToleranceRule | None = None) -> Text | None:
    """Why the change request exceeds its tolerance, as a stored message (None when it does not)."""
    rule = rule or tolerance_rule_for(change.project.direction_id)
    reasons: list[Text] = []
    if abs(change.schedule_impact_days or 0) > rule.schedule_days:
        reasons.append(
            msg(
                "schedule impact %(days)s days exceeds the tolerance of %(limit)s days",
                days=change.schedule_impact_days,
                limit=rule.schedule_days,
            )
        )
    impact = abs(change.budget_impact or Decimal(0))
    limits = []
    plan = change.project.total_budget_plan or Decimal(0)
    if plan > 0:
        limits.append(plan * rule.budget_percent / Decimal(100))
    if rule.budget_amount is not None:
        limits.append(rule.budget_amount)
    if impact and (not limits or impact > min(limits)):
        if limits:
            reasons.append(
                msg(
                    "budget impact %(amount)s exceeds the tolerance of %(limit)s",
                    amount=money(impact),
                    limit=money(min(limits)),
                )
            )
        else:
            reasons.append(msg("budget impact %(amount)s exceeds a tolerance of zero", amount=money(impact)))
    if not reasons:
        return None
    if len(reasons) == 1:
        return msg("Over tolerance: %(reason)s.", reason=reasons[0])
    return msg("Over tolerance: %(first)s; %(second)s.", first=reasons[0], second=reasons[1])


def change_over_tolerance(change: Any, rule: ToleranceRule | None = None) -> str:
    """Why the change request exceeds its tolerance, in the active language ("" when it does not)."""
    excess = tolerance_excess(change, rule)
    return excess.render() if excess is not None else ""


@transaction.atomic
def tolerance_rule_save(*, rule: ToleranceRule, actor: Any) -> ToleranceRule:
    """Create or update a tolerance rule (the form set its fields)."""
    rule.full_clean()
    rule.save()
    return rule
