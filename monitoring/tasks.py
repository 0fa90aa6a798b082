"""Celery wrappers of the monitoring services (the beat schedule lives in pmis/celery.py)."""

from celery import shared_task


@shared_task(name="monitoring.scan", acks_late=True, soft_time_limit=14 * 60, time_limit=15 * 60)
def scan_task() -> dict[str, int]:
    from monitoring.services.scan import run_scan

    return run_scan()


@shared_task(name="monitoring.period_reminders", acks_late=True, soft_time_limit=9 * 60, time_limit=10 * 60)
def period_reminders_task() -> dict[str, int]:
    from monitoring.services.periods import scheduled_reminders

    return scheduled_reminders()
