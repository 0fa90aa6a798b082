"""Celery wrappers of the audit services (the beat schedule lives in pmis/celery.py)."""

from celery import shared_task


@shared_task(name="audits.overdue_follow_up", acks_late=True, soft_time_limit=9 * 60, time_limit=10 * 60)
def overdue_follow_up_task() -> dict[str, int]:
    """Overdue corrective actions: notices to owners and department heads (once a day), escalation of overdue
    critical findings (once)."""
    from audits.services.findings import overdue_follow_up

    return overdue_follow_up()
