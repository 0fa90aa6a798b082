"""The periodic pass of the portfolio app."""

from __future__ import annotations

from portfolio.services.assignments import assignments_remind, carry_overdue_assignments
from portfolio.services.rules import audit_findings_take, escalations_take, tolerance_scan


def portfolio_sweep() -> dict[str, int]:
    """The periodic pass: rule-made submissions, escalations, overdue critical audit findings, reminders,
    overdue assignments to the next agenda."""
    return {
        "tolerance": tolerance_scan(),
        "escalations": escalations_take(),
        "audit_findings": audit_findings_take(),
        **assignments_remind(),
        "carried": carry_overdue_assignments(),
    }
