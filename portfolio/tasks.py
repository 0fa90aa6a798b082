"""Celery wrappers of the portfolio services (the beat schedule lives in pmis/celery.py)."""

from celery import shared_task


@shared_task(name="portfolio.sweep", acks_late=True, soft_time_limit=9 * 60, time_limit=10 * 60)
def sweep_task() -> dict[str, int]:
    from portfolio.services import portfolio_sweep

    return portfolio_sweep()


@shared_task(name="portfolio.escalations_take", acks_late=True)
def escalations_take_task() -> int:
    """File the escalations monitoring recorded (dispatched when the scan that recorded them commits)."""
    from portfolio.services import escalations_take

    return escalations_take()


@shared_task(name="portfolio.audit_findings_take", acks_late=True, soft_time_limit=4 * 60, time_limit=5 * 60)
def audit_findings_take_task() -> int:
    """File the overdue critical audit findings audits escalated (the sweep also takes them every 30 minutes)."""
    from portfolio.services import audit_findings_take

    return audit_findings_take()


@shared_task(name="portfolio.opendata_refresh", acks_late=True, soft_time_limit=4 * 60, time_limit=5 * 60)
def opendata_refresh_task() -> dict[str, object]:
    """Rebuild the open-data files (OC4IDS package and CSV) of the published projects; a new release only when
    their content changed. Dispatched after publication changes (collapsed) and nightly."""
    from portfolio.opendata.services import refresh

    return refresh()
