"""Writes of the governance path, one module per concern:

- `tolerance`: when a change request is for the Steering Committee;
- `submissions`: the review queue (coordinator's screening, the Project Office's check and scheduling);
- `rules`: what fills the queue by itself (changes over tolerance, monitoring's escalations, audits' overdue
  critical findings);
- `meetings`: meetings, attendees, agenda items;
- `decisions`: decisions (taking effect in the register through the projects services), votes, opinions,
  conflict-of-interest declarations;
- `assignments`: assignments, reminders, overdue ones carried to the next agenda;
- `sweep`: the periodic pass.

Decisions take effect in the register through the projects app's own services: nothing here writes projects'
rows directly. Callers import from this package (`from portfolio import services; services.item_decide(...)`).
"""

from portfolio.services.assignments import (
    assignment_accept,
    assignment_create,
    assignment_report,
    assignments_remind,
    carry_overdue_assignments,
)
from portfolio.services.common import (
    CONDITIONS_DUE_DAYS,
    COORDINATOR_DAYS,
    OVERDUE_REMINDER_EVERY_DAYS,
    PMO_DAYS,
    REMIND_BEFORE_DAYS,
    RETURN_DAYS,
)
from portfolio.services.decisions import (
    conflict_declare,
    gate_decision_for,
    item_decide,
    opinion_record,
    vote_record,
)
from portfolio.services.meetings import (
    agenda_item_save,
    attendance_remove,
    attendance_save,
    meeting_hold,
    meeting_save,
    quorum_present,
)
from portfolio.services.rules import audit_findings_take, escalation_receive, escalations_take, tolerance_scan
from portfolio.services.submissions import (
    submission_create,
    submission_resubmit,
    submission_return_by_pmo,
    submission_schedule,
    submission_screen,
)
from portfolio.services.sweep import portfolio_sweep
from portfolio.services.tolerance import change_over_tolerance, tolerance_rule_for, tolerance_rule_save

__all__ = [
    "CONDITIONS_DUE_DAYS",
    "COORDINATOR_DAYS",
    "OVERDUE_REMINDER_EVERY_DAYS",
    "PMO_DAYS",
    "REMIND_BEFORE_DAYS",
    "RETURN_DAYS",
    "agenda_item_save",
    "audit_findings_take",
    "assignment_accept",
    "assignment_create",
    "assignment_report",
    "assignments_remind",
    "attendance_remove",
    "attendance_save",
    "carry_overdue_assignments",
    "change_over_tolerance",
    "conflict_declare",
    "escalation_receive",
    "escalations_take",
    "gate_decision_for",
    "item_decide",
    "meeting_hold",
    "meeting_save",
    "opinion_record",
    "portfolio_sweep",
    "quorum_present",
    "submission_create",
    "submission_resubmit",
    "submission_return_by_pmo",
    "submission_schedule",
    "submission_screen",
    "tolerance_rule_for",
    "tolerance_rule_save",
    "tolerance_scan",
    "vote_record",
]
