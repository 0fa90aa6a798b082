"""Monthly disbursements and cash plans of budget lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from monitoring.models import CashPlan, Disbursement


@transaction.atomic
def record_month(*, line: Any, actor: Any, kind: str, year: int, month: int, amount: Decimal) -> Any:
    """Set the disbursement (kind "paid") or the cash plan (kind "plan") of a line for one month."""
    model = Disbursement if kind == "paid" else CashPlan
    row = model.objects.filter(budget_line=line, year=year, month=month).first() or model(
        budget_line=line, year=year, month=month
    )
    row.amount = amount
    row.full_clean()
    row.save()
    return row
