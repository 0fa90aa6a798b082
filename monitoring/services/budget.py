"""Monthly disbursements and cash plans of budget lines."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum

from monitoring.models import CashPlan, Disbursement

if TYPE_CHECKING:
    from pmis.accounts.models import User


@transaction.atomic
def record_month(*, line: Any, actor: User, kind: str, year: int, month: int, amount: Decimal) -> Any:
    """Set the disbursement (kind "paid") or the cash plan (kind "plan") of a line for one month."""
    model = Disbursement if kind == "paid" else CashPlan
    row = model.objects.filter(budget_line=line, year=year, month=month).first() or model(
        budget_line=line, year=year, month=month
    )
    row.amount = amount
    row.full_clean()
    row.save()
    if model is Disbursement:
        sync_line_disbursed(line, actor=actor)
    return row


def sync_line_disbursed(line: Any, *, actor: User | None = None) -> None:
    """Keep the register's `disbursed` total of a line equal to its monthly disbursements of the line's year, so
    the card's budget table, portfolio dashboards and monitoring agree (history records the change)."""
    total = Disbursement.objects.filter(budget_line=line, year=line.year).aggregate(total=Sum("amount"))[
        "total"
    ]
    if total is None or total == line.disbursed:
        return
    line.disbursed = total
    if actor is not None:
        line._history_user = actor
    line._change_reason = "monthly disbursements"
    line.save(update_fields=["disbursed", "updated_at"])
